"""Subscription changes a customer makes from a card: switch plan, quantity, pause and resume, promotion code.

Plan and quantity show a preview first: a GET with the choice (a plain form without
JavaScript, a fragment into the preview region with htmx) reads the upcoming invoice as it
would be; the confirm form carries the preview's `proration_date`, so Stripe prorates the
change exactly as previewed (when that date is at most an hour old; otherwise as of now).
"""
import time
from functools import partial

from flask import request
from flask_babel import gettext as _

from portal_site import settings
from portal_site.account.blueprint import bp
from portal_site.account.panels import customer_id, form_nonce
from portal_site.account.subscription_forms import (
    PauseForm,
    PlanForm,
    PromotionCodeForm,
    QuantityForm,
)
from portal_site.account.subscriptions import (
    CARD,
    CARD_PAGE,
    RECORDED,
    card_context,
    done,
    failed,
    owned,
    replayed,
    require,
)
from portal_site.billing import BillingError, plan_changes
from portal_site.billing import subscription_discounts as discounts
from portal_site.billing import subscriptions as billing
from portal_site.billing.client import parallel
from portal_site.extensions import htmx
from portal_site.i18n import date as format_date
from portal_site.signin import limits
from portal_site.signin.customer_sessions import customer_required
from portal_site.web.htmx import render


def _update_settings():
    return settings.current().features.subscription_update


def _wants_preview_only(subscription):
    """htmx asked for the preview region alone (the choice changed)."""
    return bool(htmx) and htmx.target == f"preview-{subscription.id}"


# How old a preview's `proration_date` may be when the change is confirmed. The value comes back from
# the browser, so one outside [now - this, now] is not used (Stripe prorates as of now): a forged date
# near the period's end would make an upgrade almost free.
PRORATION_DATE_MAX_AGE = 3600
CLOCK_SKEW = 60


def _proration_date(form):
    value = str(form.proration_date.data or "")
    if not value.isdigit():
        return None
    age = time.time() - int(value)
    return int(value) if -CLOCK_SKEW <= age <= PRORATION_DATE_MAX_AGE else None


def _choices(subscription_id, update):
    """The subscription (if it is the customer's) and the plans it may switch to, read at once."""
    cid = customer_id()
    found, plans = parallel(partial(billing.owned, cid, subscription_id),
                            partial(plan_changes.switchable_plans, update.allowed_prices))
    return found, [plan for plan in plans if plan.amount.currency == found.plan.amount.currency]


def _waits_for_period_end(plan, subscription, update):
    return bool(update.downgrades_at_period_end) and plan.is_downgrade_from(subscription.plan)


@bp.route("/subscriptions/<subscription_id>/plan", methods=["GET", "POST"])
@customer_required
def subscription_plan(subscription_id):
    update = _update_settings()
    subscription, plans = _choices(subscription_id, update)
    require("switch", subscription)
    posted = request.method == "POST"
    form = PlanForm() if posted else PlanForm(formdata=request.args or None, meta={"csrf": False})
    form.price.choices = [(plan.price_id, plan.product_name) for plan in plans]
    others = [plan for plan in plans if plan.price_id != subscription.plan.price_id]
    context = {"sub": subscription, "form": form, "plans": others, "behavior": update.proration_behavior,
               "chosen": None, "preview": None, "scheduled": False}
    page, fragment = "account/subscription_plan.html", "account/_plan_form.html"
    if posted or "price" in request.args:
        if not form.validate():
            return _plan_answer(subscription, page, fragment, context, status=422)
        chosen = next(plan for plan in plans if plan.price_id == form.price.data)
        if chosen.price_id == subscription.plan.price_id and not replayed(subscription, *RECORDED["switch"]):
            form.price.errors.append(_("This is already your plan. Choose a different one."))
            return _plan_answer(subscription, page, fragment, context, status=422)
        context.update(chosen=chosen, scheduled=_waits_for_period_end(chosen, subscription, update))
    if not posted:
        if context["chosen"] and not context["scheduled"]:
            try:
                context["preview"] = plan_changes.preview_change(
                    subscription, plan=context["chosen"], proration_behavior=update.proration_behavior)
            except BillingError as error:
                context["error"] = error.message
                return _plan_answer(subscription, page, fragment, context, status=error.status)
        return _plan_answer(subscription, page, fragment, context)
    chosen, nonce = context["chosen"], form_nonce()
    try:
        if context["scheduled"]:
            changed = plan_changes.schedule_change(subscription, chosen, nonce)
        else:
            changed = plan_changes.change(subscription, price_id=chosen.price_id,
                                     proration_behavior=update.proration_behavior,
                                     proration_date=_proration_date(form), nonce=nonce)
    except BillingError as error:
        return failed(page, fragment, error, **context)
    detail = {"from_price": subscription.plan.price_id, "to_price": chosen.price_id}
    if context["scheduled"]:
        notice = _("Your plan will change to %(plan)s on %(date)s.", plan=chosen.product_name,
                   date=format_date(changed.pending.date))
        return done(changed, "plan_scheduled", notice, effective=changed.pending.date, **detail)
    notice = _("Your plan is now %(plan)s.", plan=chosen.product_name)
    return done(changed, "plan_changed", notice, proration_behavior=update.proration_behavior, **detail)


def _plan_answer(subscription, page, fragment, context, status=200):
    if _wants_preview_only(subscription):
        return render(page, "account/_plan_preview.html", status=status, **context)
    return render(page, fragment, status=status, **context)


class Refused(Exception):
    """What was typed is well formed but refused on a closer look: `message` under `field`, status 422."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field, self.message = field, message


def form_step(page, fragment, context, write, *, check=None, preview=None, answer=render):
    """The skeleton of the quantity, pause and promotion code steps; each view passes only what differs.

    A GET shows the form (`context["form"]`), unless a `preview` is asked for: then the form is
    validated and checked as for a POST, and `preview(chosen)` is shown. A POST validates the form
    (422, keeping what was typed); `check(form)` may refuse a field (`Refused`) and otherwise
    returns the choice (`chosen`, else the form); `write(chosen)` makes the ONE Stripe write and
    answers with `done()`. A Stripe refusal shows the step again with its message. `answer`
    renders, with `render`'s signature.
    """
    form, posted = context["form"], request.method == "POST"
    if not posted and not preview:
        return answer(page, fragment, **context)
    if not form.validate():
        return answer(page, fragment, status=422, **context)
    chosen = form
    if check:
        try:
            chosen = context["chosen"] = check(form)
        except Refused as refused:
            refused.field.errors.append(refused.message)
            return answer(page, fragment, status=422, **context)
    if not posted:
        try:
            context["preview"] = preview(chosen)
        except BillingError as error:
            return answer(page, fragment, status=error.status, error=error.message, **context)
        return answer(page, fragment, **context)
    try:
        return write(chosen)
    except BillingError as error:
        return failed(page, fragment, error, **context)


@bp.route("/subscriptions/<subscription_id>/quantity", methods=["GET", "POST"])
@customer_required
def subscription_quantity(subscription_id):
    subscription = owned(subscription_id)
    require("quantity", subscription)
    update = _update_settings()
    bounds, behavior = update.quantity, update.proration_behavior
    posted, asked = request.method == "POST", "quantity" in request.args
    form = QuantityForm() if posted else QuantityForm(formdata=request.args or None, meta={"csrf": False})
    if not posted and not asked:
        form.quantity.data = subscription.quantity
    form.limit(int(bounds.minimum), int(bounds.maximum))

    def check(form):
        if form.quantity.data == subscription.quantity and not replayed(subscription, "quantity_changed"):
            raise Refused(form.quantity, _("That is your current quantity. Choose a different number."))
        return form.quantity.data

    def preview(quantity):
        return plan_changes.preview_change(subscription, quantity=quantity, proration_behavior=behavior)

    def write(quantity):
        changed = plan_changes.change(subscription, quantity=quantity, proration_behavior=behavior,
                                      proration_date=_proration_date(form), nonce=form_nonce())
        notice = _("Your quantity is now %(quantity)s.", quantity=changed.quantity)
        return done(changed, "quantity_changed", notice, from_quantity=subscription.quantity,
                    to_quantity=changed.quantity)

    context = {"sub": subscription, "form": form, "behavior": behavior, "minimum": bounds.minimum,
               "maximum": bounds.maximum, "preview": None, "chosen": None}
    return form_step("account/subscription_quantity.html", "account/_quantity_form.html", context, write,
                     check=check, preview=preview if asked else None, answer=partial(_quantity_answer, subscription))


def _quantity_answer(subscription, page, fragment, **kwargs):
    if _wants_preview_only(subscription):
        return render(page, "account/_quantity_preview.html", **kwargs)
    return render(page, fragment, **kwargs)


@bp.route("/subscriptions/<subscription_id>/pause", methods=["GET", "POST"])
@customer_required
def subscription_pause(subscription_id):
    subscription = owned(subscription_id)
    require("pause", subscription)

    def write(form):
        paused = billing.pause(subscription, form.resumes_at, form_nonce())
        if form.resumes_at:
            notice = _("Payments are paused until %(date)s.", date=format_date(form.resumes_at))
        else:
            notice = _("Payments are paused until you resume them.")
        return done(paused, "paused", notice, resumes_at=form.resumes_at)

    return form_step("account/subscription_pause.html", "account/_pause_form.html",
                     {"sub": subscription, "form": PauseForm()}, write)


@bp.post("/subscriptions/<subscription_id>/resume")
@customer_required
def subscription_resume(subscription_id):
    subscription = owned(subscription_id)
    require("resume", subscription)
    try:
        resumed = billing.resume(subscription, form_nonce())
    except BillingError as error:
        return failed(CARD_PAGE, CARD, error, **card_context(subscription))
    return done(resumed, "resumed", _("Payments have resumed."))


@bp.route("/subscriptions/<subscription_id>/promotion-code", methods=["GET", "POST"])
@customer_required
def subscription_promotion(subscription_id):
    subscription = owned(subscription_id)
    require("promotion", subscription)
    form = PromotionCodeForm()

    def check(form):
        """The redeemable promotion code's id; a code Stripe does not accept is the field's error."""
        limits.hit("promotion_code_customer", subscription.customer_id)
        try:
            return discounts.find_promotion_code(form.code.data, subscription.customer_id)
        except BillingError as error:
            if error.status >= 500:
                raise
            raise Refused(form.code, error.message) from error

    def write(promotion_code_id):
        changed = discounts.apply_promotion_code(subscription, promotion_code_id, form_nonce())
        notice = _("The code %(code)s has been applied.", code=form.code.data)
        return done(changed, "promotion_code_applied", notice, code=form.code.data,
                    promotion_code=promotion_code_id)

    return form_step("account/subscription_promotion.html", "account/_promotion_form.html",
                     {"sub": subscription, "form": form}, write, check=check)
