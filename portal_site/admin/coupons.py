"""Dashboard views for coupons and promotion codes: list them, create them.

Both forms post to their own URL: on success they redirect to the list (for htmx a
client-side redirect), on refusal the page (or, for htmx, the form) comes back with 422.
"""
from flask import flash, redirect, request, url_for
from flask_login import current_user

from portal_site import activity
from portal_site.admin.blueprint import bp
from portal_site.admin.coupon_forms import CouponForm, PromotionCodeForm
from portal_site.admin.settings_forms import coupon_label
from portal_site.billing import BillingError, coupons
from portal_site.extensions import htmx
from portal_site.web.htmx import render

COUPON_PARAMS = {"id": "coupon_id", "name": "name", "percent_off": "percent_off", "amount_off": "amount_off",
                 "duration_in_months": "duration_in_months"}
CODE_PARAMS = {"code": "code", "promotion[coupon]": "coupon", "max_redemptions": "max_redemptions",
               "expires_at": "expires_on"}


def _page(coupon_form=None, code_form=None, status=200, listing=None):
    coupon_list, codes = listing or coupons.coupons_and_codes()
    if code_form is None:
        code_form = PromotionCodeForm(formdata=None).offer(coupon_list)
    return render(
        "admin/coupons.html",
        status=status,
        coupons=coupon_list,
        codes=codes,
        names={coupon.id: coupon.name for coupon in coupon_list},
        label=coupon_label,
        coupon_form=coupon_form or CouponForm(formdata=None),
        code_form=code_form,
    )


def _refused(form, error, params):
    """Stripe's refusal on the field it names, else at the top of the form."""
    if error.status >= 500:
        raise error
    name = params.get(error.param or "")
    if name is None:
        form.form_errors.append(error.for_merchant)
    else:
        form[name].errors = [*form[name].errors, error.for_merchant]


def _done(message):
    flash(message, "success")
    target = url_for("admin.coupons")
    if htmx:
        return "", 204, {"HX-Redirect": target}
    return redirect(target)


def _answer(form, template, **context):
    if htmx:
        return render(template, status=422, **context)
    return _page(status=422, **context)


@bp.get("/coupons", endpoint="coupons")
def coupons_page():
    return _page()


@bp.post("/coupons")
def create_coupon():
    form = CouponForm()
    if form.validate():
        try:
            coupon = coupons.create_coupon(form.coupon_fields(), request.form.get("nonce"))
        except BillingError as error:
            _refused(form, error, COUPON_PARAMS)
        else:
            activity.record("coupon.created", actor_type="admin", actor=current_user.email, coupon=coupon.id)
            return _done(f"Coupon “{coupon.name}” created ({coupon.id}).")
    return _answer(form, "admin/_coupon_form.html", coupon_form=form)


@bp.post("/coupons/promotion-codes")
def create_promotion_code():
    form = PromotionCodeForm().offer(coupons.all_coupons())
    if form.validate():
        try:
            code = coupons.create_promotion_code(
                coupon_id=form.coupon.data, code=form.code.data, max_redemptions=form.max_redemptions.data,
                expires_at=form.expires_at(), nonce=request.form.get("nonce"))
        except BillingError as error:
            _refused(form, error, CODE_PARAMS)
        else:
            activity.record("promotion_code.created", actor_type="admin", actor=current_user.email,
                            code=code.code, coupon=code.coupon_id)
            return _done(f"Promotion code {code.code} created.")
    return _answer(form, "admin/_promotion_code_form.html", code_form=form)
