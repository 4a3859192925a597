"""Dashboard views for the customer portal's features and the business information."""
from flask import flash, redirect, url_for

from portal_site import settings
from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.admin.settings_forms import (
    BusinessForm,
    FeaturesForm,
    business_from_form,
    changed_keys,
    features_form_data,
    features_from_form,
    options,
)
from portal_site.billing import BillingError, coupons, recurring_prices
from portal_site.billing.client import parallel
from portal_site.web.htmx import render, wants_fragment


def _price_groups():
    """Active recurring prices by product, or None when Stripe cannot be reached."""
    try:
        return recurring_prices.active_by_product()
    except BillingError:
        return None


def _coupon(coupon_id):
    """The retention coupon for its summary, or None (none set, deleted, or Stripe unreachable)."""
    try:
        return coupons.find(coupon_id) if coupon_id else None
    except BillingError:
        return None


def _features_form(groups):
    form = FeaturesForm(data=features_form_data(settings.current()["features"]))
    if groups is None:
        del form.allowed_prices
    else:
        form.allowed_prices.choices = options((price.id, price.id) for group in groups for price in group.prices)
    return form


def _render_features(form, groups, status=200, saved=False, coupon=None):
    return render(
        "admin/portal_settings.html",
        "admin/_portal_settings_form.html",
        status=status,
        form=form,
        price_groups=groups,
        coupon=coupon or form.coupon,
        saved=saved,
    )


@bp.get("/settings")
def portal_settings():
    coupon_id = settings.current()["features"]["subscription_cancel"]["retention_coupon"]
    groups, coupon = parallel(_price_groups, lambda: _coupon(coupon_id))
    return _render_features(_features_form(groups), groups, coupon=coupon)


@bp.post("/settings")
def save_portal_settings():
    groups = _price_groups()
    form = _features_form(groups)
    if not form.validate():
        return _render_features(form, groups, status=422)
    before = settings.current()["features"]
    features = features_from_form(form)
    changed = changed_keys(before, features)
    settings.save({"features": features})
    audit.record("settings.saved", changed=changed)
    if wants_fragment():
        return _render_features(form, groups, saved=True)
    flash("Portal settings saved.", "success")
    return redirect(url_for("admin.portal_settings"))


def _render_business(form, status=200, saved=False):
    return render(
        "admin/business.html", "admin/_business_form.html", status=status, form=form, saved=saved
    )


@bp.get("/business")
def business():
    return _render_business(BusinessForm(data=dict(settings.current()["business"])))


@bp.post("/business")
def save_business():
    form = BusinessForm(data=dict(settings.current()["business"]))
    if not form.validate():
        return _render_business(form, status=422)
    values = business_from_form(form)
    changed = changed_keys(settings.current()["business"], values)
    settings.save({"business": values})
    audit.record("business.saved", changed=changed)
    if wants_fragment():
        return _render_business(form, saved=True)
    flash("Business information saved.", "success")
    return redirect(url_for("admin.business"))
