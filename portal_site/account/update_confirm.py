"""The page of a `subscription_update_confirm` flow: the update its session names (a new price, quantity and/or
discount), the preview of what it costs, and the customer's confirm.

Nothing on it is chosen by the browser: the update comes from the session's flow, checked against the session's
configuration when the merchant created it (`api/update_confirm`). The new price must still be one the configuration
offers (else the page refuses, 403). One write sets the price, quantity and discount together; a new price alone that
the configuration defers (`schedule_at_period_end`) is scheduled as the plan page schedules it.
"""
from flask import abort, get_template_attribute, make_response, request
from flask_babel import gettext as _

from portal_site import settings
from portal_site.account import actions
from portal_site.account.blueprint import bp
from portal_site.account.subscription_changes import (
    MACROS,
    SWITCH,
    finish_scheduled,
    proration_date_from,
    waits_for_period_end,
)
from portal_site.account.subscriptions import step
from portal_site.billing import BillingError, NotFound, plan_changes
from portal_site.billing import subscription_discounts as discounts
from portal_site.signin import customer_sessions
from portal_site.web.errors import error_response

PAGE = "account/subscription_update_confirm.html"


def _asked(subscription_id):
    """The update the session's open flow confirms for this subscription; 404 when there is none."""
    row = customer_sessions.current()
    flow = (row.flow if row else None) or {}
    spec = flow.get("subscription_update_confirm") or {}
    if flow.get("completed") or spec.get("subscription") != subscription_id:
        raise NotFound()
    return spec


def _discount(spec):
    """The discount to add ({"coupon": id} or {"promotion_code": id}), or None."""
    given = (spec.get("discounts") or [None])[0]
    return {key: value for key, value in given.items() if value} if given else None


def _offer(discount, customer_id):
    """The discount as the customer reads it (None when it is gone: Stripe then refuses the write with why)."""
    if discount is None:
        return None
    if "coupon" in discount:
        return discounts.retention_offer(discount["coupon"])
    return discounts.promotion_offer(discount["promotion_code"], customer_id)


@bp.route("/subscriptions/<subscription_id>/confirm-update", methods=["GET", "POST"])
def subscription_update_confirm(subscription_id):
    spec = _asked(subscription_id)
    run = actions.begin(SWITCH, subscription_id)
    subscription, update = run.subject.subscription, settings.current().features.subscription_update
    item, discount = spec["items"][0], _discount(spec)
    same_plan = item["price"] == subscription.plan.price_id
    plan = subscription.plan if same_plan else next(
        (plan for plan in run.subject.plans if plan.price_id == item["price"]), None)
    if plan is None:  # the configuration no longer offers the price
        abort(make_response(error_response(403, actions.NOT_NOW)))
    quantity = item["quantity"]
    scheduled = waits_for_period_end(plan, subscription, update)
    if scheduled and (quantity != subscription.quantity or discount):
        abort(make_response(error_response(403, actions.NOT_NOW)))
    new_discounts = discounts.with_existing_discounts(subscription, discount) if discount else None
    changes = {"plan": plan, "quantity": quantity, "proration_behavior": update.proration_behavior,
               "billing_cycle_anchor": update.billing_cycle_anchor, "discounts": new_discounts}
    context = {"sub": subscription, "chosen": plan, "quantity": quantity, "new_plan": not same_plan,
               "scheduled": scheduled, "preview": None, "offer": None}
    if request.method == "GET":
        context["offer"] = _offer(discount, subscription.customer_id)
        if not scheduled:
            try:
                context["preview"] = plan_changes.preview_change(subscription, **changes)
            except BillingError as error:
                return step(PAGE, status=error.status, error=error.message, **context)
        return step(PAGE, **context)
    detail = {"from_price": subscription.plan.price_id, "to_price": plan.price_id,
              "from_quantity": subscription.quantity, "to_quantity": quantity, "discount": discount}

    def refused(error, _run):
        """Stripe refused (a card declined): the page again with why, its preview read again, to try once more."""
        try:
            preview = None if scheduled else plan_changes.preview_change(subscription, **changes)
        except BillingError:
            preview = None
        return step(PAGE, status=error.status, error=error.message, **{**context, "preview": preview})

    if scheduled:
        return finish_scheduled(run, subscription, plan, detail=detail, refused=refused)
    if not same_plan:
        notice = _("Your plan is now %(plan)s, %(price)s.", plan=plan.product_name,
                   price=get_template_attribute(MACROS, "price_phrase")(plan))
    elif quantity != subscription.quantity:
        notice = _("Your quantity is now %(quantity)s.", quantity=quantity)
    else:
        notice = _("Your discount has been applied.")
    return run.finish(
        lambda key: plan_changes.change(subscription, **changes, nonce=key,
                                        proration_date=proration_date_from(request.form.get("proration_date"))),
        notice=notice, detail={**detail, "proration_behavior": update.proration_behavior},
        recorded_as=None if not same_plan or quantity == subscription.quantity else "subscription.quantity_changed",
        refused=refused)
