"""Dashboard views for the customer portal's features and the business information."""
from flask import flash, redirect, url_for

from portal_site import settings
from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.admin.customer_emails import emails_form
from portal_site.admin.own_words_forms import question_context
from portal_site.admin.settings_forms import (
    BUSINESS_FIELDS,
    FEATURE_FIELDS,
    BusinessForm,
    FeaturesForm,
    changed_keys,
    form_data,
    options,
    settings_from_form,
)
from portal_site.billing import BillingError, coupons, recurring_prices
from portal_site.billing.client import parallel
from portal_site.notifications import KINDS
from portal_site.settings.schema import to_storage
from portal_site.web import htmx
from portal_site.web.htmx import render


def _or_none(read):
    """A read for the form's choices, or None when Stripe cannot be reached."""
    def run():
        try:
            return read()
        except BillingError:
            return None
    return run


def _features_form():
    """The form with the prices and coupons to choose from; a list Stripe could not give is left out (kept as saved)."""
    groups, coupon_list = parallel(_or_none(recurring_prices.active_by_product), _or_none(coupons.all_coupons))
    form = FeaturesForm(data=form_data(FEATURE_FIELDS, settings.current()))
    if groups is None:
        del form.allowed_prices
    else:
        form.allowed_prices.choices = options((price.id, price.id) for group in groups for price in group.prices)
    if coupon_list is None:
        del form.retention_coupon
    else:
        form.offer_coupons(coupon_list)
    return form, groups


def _render_features(form, groups, status=200, saved=False, question_form=None):
    chosen = form.retention_coupon.data if "retention_coupon" in form else None
    return render(
        "admin/portal_settings.html",
        "admin/_portal_settings_form.html",
        status=status,
        form=form,
        price_groups=groups,
        coupon=form.coupons.get(chosen) if form.coupons and chosen else None,
        saved=saved,
        emails_form=emails_form(),
        kinds=KINDS,
        **question_context(question_form),
    )


def features_page(status=200, question_form=None):
    """The portal settings page as saved (the question's translation form as sent, when given)."""
    form, groups = _features_form()
    return _render_features(form, groups, status=status, question_form=question_form)


@bp.get("/settings")
def portal_settings():
    form, groups = _features_form()
    return _render_features(form, groups)


@bp.post("/settings")
def save_portal_settings():
    form, groups = _features_form()
    if not form.validate():
        return _render_features(form, groups, status=422)
    before = settings.current()
    after = settings_from_form(FEATURE_FIELDS, form, before)
    settings.save(after)
    audit.record("settings.saved", changed=changed_keys(to_storage(before.features), to_storage(after.features)))
    if htmx.is_partial():
        return _render_features(form, groups, saved=True)
    flash("Portal settings saved.", "success")
    return redirect(url_for("admin.portal_settings"))


def _render_business(form, status=200, saved=False):
    return render(
        "admin/business.html", "admin/_business_form.html", status=status, form=form, saved=saved
    )


@bp.get("/business")
def business():
    return _render_business(BusinessForm(data=form_data(BUSINESS_FIELDS, settings.current())))


@bp.post("/business")
def save_business():
    form = BusinessForm(data=form_data(BUSINESS_FIELDS, settings.current()))
    if not form.validate():
        return _render_business(form, status=422)
    before = settings.current()
    after = settings_from_form(BUSINESS_FIELDS, form, before)
    settings.save(after)
    audit.record("business.saved", changed=changed_keys(to_storage(before.business), to_storage(after.business)))
    if htmx.is_partial():
        return _render_business(form, saved=True)
    flash("Business information saved.", "success")
    return redirect(url_for("admin.business"))
