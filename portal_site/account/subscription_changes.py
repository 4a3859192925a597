"""Subscription changes a customer makes from a card: switch plan, quantity, pause and resume, promotion code.

Plan and quantity show a preview first: a GET with the choice (a plain form without
JavaScript, a fragment into the preview region with htmx) reads the upcoming invoice as it
would be; the confirm form carries the preview's `proration_date`, so Stripe prorates the
change exactly as previewed (when that date is at most an hour old; otherwise as of now).
"""
import re
import time
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from flask import get_template_attribute, request
from flask_babel import gettext as _

from portal_site import settings
from portal_site.account import actions
from portal_site.account.blueprint import bp
from portal_site.account.subscription_forms import (
    PauseForm,
    PlanForm,
    PromotionCodeForm,
    QuantityForm,
    resume_dates,
)
from portal_site.account.subscriptions import state_allows, step, step_refusal, subscription_action
from portal_site.billing import BillingError, plan_changes
from portal_site.billing import subscription_discounts as discounts
from portal_site.billing import subscriptions as billing
from portal_site.billing.client import parallel
from portal_site.i18n import date as format_date
from portal_site.signin import limits
from portal_site.web import htmx


def _update_settings():
    return settings.current().features.subscription_update


def _wants_preview_only(subscription):
    """htmx asked for the preview region alone (the choice changed)."""
    return htmx.targets(f"preview-{subscription.id}")


# How old a preview's `proration_date` may be when the change is confirmed. The value comes back from
# the browser, so one outside [now - this, now] is not used (Stripe prorates as of now): a forged date
# near the period's end would make an upgrade almost free.
PRORATION_DATE_MAX_AGE = 3600
CLOCK_SKEW = 60


def _proration_date(form):
    return proration_date_from(form.proration_date.data)


def proration_date_from(posted):
    """A preview's `proration_date` as posted back, when it is recent enough to use (else None: as of now)."""
    value = str(posted or "")
    if not re.fullmatch(r"[0-9]{1,12}", value):
        return None
    age = time.time() - int(value)
    return int(value) if -CLOCK_SKEW <= age <= PRORATION_DATE_MAX_AGE else None


@dataclass(frozen=True)
class PlanChoice:
    """A subscription of the customer's and the plans it may switch to (in its currency)."""

    subscription: Any
    plans: list


def _with_plans(cid, subscription_id):
    """The subscription (if it is the customer's) and the plans it may switch to, read at once."""
    found, plans = parallel(partial(billing.owned, cid, subscription_id),
                            partial(plan_changes.switchable_plans, _update_settings().allowed_prices))
    return PlanChoice(found, [plan for plan in plans if plan.amount.currency == found.plan.amount.currency])


MACROS = "account/_subscription_macros.html"
SWITCH = replace(subscription_action("switch", "plan_changed"), owner=_with_plans,
                 allows=lambda choice: state_allows("switch", choice.subscription))
QUANTITY = subscription_action("quantity", "quantity_changed")
PAUSE = subscription_action("pause", "paused")
RESUME = subscription_action("resume", "resumed")
PROMOTION = subscription_action("promotion", "promotion_code_applied")


def waits_for_period_end(plan, subscription, update):
    """Stripe's `schedule_at_period_end.conditions`: a lower amount, a shorter interval, each on its own."""
    return ((update.downgrades_at_period_end and plan.costs_less_than(subscription.plan))
            or (update.shorter_intervals_at_period_end and plan.interval_days < subscription.plan.interval_days))


@bp.route("/subscriptions/<subscription_id>/plan", methods=["GET", "POST"])
def subscription_plan(subscription_id):
    run = actions.begin(SWITCH, subscription_id)
    subscription, plans, update = run.subject.subscription, run.subject.plans, _update_settings()
    posted = request.method == "POST"
    form = PlanForm() if posted else PlanForm(formdata=request.args or None, meta={"csrf": False})
    form.price.choices = [(plan.price_id, plan.product_name) for plan in plans]
    others = [plan for plan in plans if plan.price_id != subscription.plan.price_id]
    context = {"sub": subscription, "form": form, "plans": others, "behavior": update.proration_behavior,
               "chosen": None, "preview": None, "scheduled": False}
    page = "account/subscription_plan.html"
    if posted or "price" in request.args:
        if not form.validate():
            return _plan_answer(subscription, page, context, status=422)
        chosen = next(plan for plan in plans if plan.price_id == form.price.data)
        if chosen.price_id == subscription.plan.price_id and not run.replay:
            form.price.errors.append(_("This is already your plan. Choose a different one."))
            return _plan_answer(subscription, page, context, status=422)
        context.update(chosen=chosen, scheduled=waits_for_period_end(chosen, subscription, update))
    if not posted:
        if context["chosen"] and not context["scheduled"]:
            try:
                context["preview"] = plan_changes.preview_change(
                    subscription, plan=context["chosen"], proration_behavior=update.proration_behavior,
                    billing_cycle_anchor=update.billing_cycle_anchor)
            except BillingError as error:
                context["error"] = error.message
                return _plan_answer(subscription, page, context, status=error.status)
        return _plan_answer(subscription, page, context)
    chosen = context["chosen"]
    detail = {"from_price": subscription.plan.price_id, "to_price": chosen.price_id}
    refused = step_refusal(page, context)
    if context["scheduled"]:
        return finish_scheduled(run, subscription, chosen, detail=detail, refused=refused)
    return run.finish(
        lambda key: plan_changes.change(subscription, plan=chosen,
                                        proration_behavior=update.proration_behavior,
                                        billing_cycle_anchor=update.billing_cycle_anchor,
                                        proration_date=_proration_date(form), nonce=key),
        notice=_("Your plan is now %(plan)s, %(price)s.", plan=chosen.product_name,
                 price=get_template_attribute(MACROS, "price_phrase")(chosen)),
        detail={**detail, "proration_behavior": update.proration_behavior}, refused=refused)


def finish_scheduled(run, subscription, plan, *, detail, refused):
    """Finish a switch to `plan` that waits for the period's end: the one write schedules it, the notice says
    when, and the log records it as `subscription.plan_scheduled` with `detail` and the date it takes effect."""
    return run.finish(
        lambda key: plan_changes.schedule_change(subscription, plan, key),
        notice=lambda changed: _("Your plan will change to %(plan)s on %(date)s.", plan=plan.product_name,
                                 date=format_date(changed.pending.date)),
        detail=lambda changed: {**detail, "effective": changed.pending.date},
        recorded_as="subscription.plan_scheduled", refused=refused)


def _plan_answer(subscription, page, context, status=200):
    if _wants_preview_only(subscription):
        return htmx.render(page, "account/_plan_preview.html", status=status, **context)
    return step(page, status=status, **context)


class Refused(Exception):
    """What was typed is well formed but refused on a closer look: `message` under `field`, status 422."""

    def __init__(self, field, message):
        super().__init__(str(message))
        self.field, self.message = field, message


def form_step(run, page, context, write, *, notice, detail=None, check=None, preview=None, answer=step):
    """The skeleton of the quantity, pause and promotion code steps; each view passes only what differs.

    A GET shows the form (`context["form"]`), unless a `preview` is asked for: then the form is
    validated and checked as for a POST, and `preview(chosen)` is shown. A POST validates the form
    (422, keeping what was typed); `check(form)` may refuse a field (`Refused`) and otherwise
    returns the choice (`chosen`, else the form); then the pipeline finishes the action with
    `write(chosen, key)`, the ONE Stripe write. A Stripe refusal shows the step again with its
    message. `answer` renders the step, with `step`'s signature.
    """
    form, posted = context["form"], request.method == "POST"
    if not posted and not preview:
        return answer(page, **context)
    if not form.validate():
        return answer(page, status=422, **context)
    chosen = form
    if check:
        try:
            chosen = context["chosen"] = check(form)
        except Refused as refused:
            refused.field.errors.append(refused.message)
            return answer(page, status=422, **context)
    if not posted:
        try:
            context["preview"] = preview(chosen)
        except BillingError as error:
            return answer(page, status=error.status, error=error.message, **context)
        return answer(page, **context)
    return run.finish(partial(write, chosen), notice=notice, detail=detail,
                      refused=step_refusal(page, context))


@bp.route("/subscriptions/<subscription_id>/quantity", methods=["GET", "POST"])
def subscription_quantity(subscription_id):
    run = actions.begin(QUANTITY, subscription_id)
    subscription, update = run.subject, _update_settings()
    bounds, behavior = update.quantity_for(subscription.plan.product_id), update.proration_behavior
    posted, asked = request.method == "POST", "quantity" in request.args
    form = QuantityForm() if posted else QuantityForm(formdata=request.args or None, meta={"csrf": False})
    if not posted and not asked:
        form.quantity.data = subscription.quantity
    form.limit(int(bounds.minimum), int(bounds.maximum))

    def check(form):
        if form.quantity.data == subscription.quantity and not run.replay:
            raise Refused(form.quantity, _("That is your current quantity. Choose a different number."))
        return form.quantity.data

    def preview(quantity):
        return plan_changes.preview_change(subscription, quantity=quantity, proration_behavior=behavior)

    def write(quantity, key):
        return plan_changes.change(subscription, quantity=quantity, proration_behavior=behavior,
                                   proration_date=_proration_date(form), nonce=key)

    context = {"sub": subscription, "form": form, "behavior": behavior, "minimum": bounds.minimum,
               "maximum": bounds.maximum, "preview": None, "chosen": None}
    return form_step(run, "account/subscription_quantity.html", context, write,
                     check=check, preview=preview if asked else None,
                     answer=partial(_quantity_answer, subscription),
                     notice=lambda changed: _("Your quantity is now %(quantity)s.", quantity=changed.quantity),
                     detail=lambda changed: {"from_quantity": subscription.quantity,
                                             "to_quantity": changed.quantity})


def _quantity_answer(subscription, page, **kwargs):
    if _wants_preview_only(subscription):
        return htmx.render(page, "account/_quantity_preview.html", **kwargs)
    return step(page, **kwargs)


@bp.route("/subscriptions/<subscription_id>/pause", methods=["GET", "POST"])
def subscription_pause(subscription_id):
    run = actions.begin(PAUSE, subscription_id)
    form, pause = PauseForm(), settings.current().features.subscription_pause
    if pause.duration == "interval_options":
        form.offer(resume_dates(pause.interval_options))

    def notice(_paused):
        if form.resumes_at:
            return _("Payments are paused until %(date)s.", date=format_date(form.resumes_at))
        return _("Payments are paused until you resume them.")

    return form_step(run, "account/subscription_pause.html",
                     {"sub": run.subject, "form": form},
                     lambda form, key: billing.pause(run.subject, form.resumes_at, key),
                     notice=notice, detail=lambda _paused: {"resumes_at": form.resumes_at})


@bp.post("/subscriptions/<subscription_id>/resume")
def subscription_resume(subscription_id):
    run = actions.begin(RESUME, subscription_id)
    return run.finish(lambda key: billing.resume(run.subject, key), notice=_("Payments have resumed."))


@bp.route("/subscriptions/<subscription_id>/promotion-code", methods=["GET", "POST"])
def subscription_promotion(subscription_id):
    run = actions.begin(PROMOTION, subscription_id)
    subscription, form = run.subject, PromotionCodeForm()

    def check(form):
        """The redeemable promotion code's id; a code Stripe does not accept is the field's error."""
        limits.hit("promotion_code_customer", subscription.customer_id)
        try:
            return discounts.find_promotion_code(form.code.data, subscription.customer_id)
        except BillingError as error:
            if error.status >= 500:
                raise
            raise Refused(form.code, error.message) from error

    context = {"sub": subscription, "form": form}
    return form_step(run, "account/subscription_promotion.html", context,
                     lambda promotion_code_id, key: discounts.apply_promotion_code(subscription, promotion_code_id, key),
                     check=check, notice=lambda _changed: _("The code %(code)s has been applied.", code=form.code.data),
                     detail=lambda _changed: {"code": form.code.data, "promotion_code": context["chosen"]})
