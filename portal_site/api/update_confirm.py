"""A `subscription_update_confirm` flow's `flow_data`, checked against the session's configuration: a new price
and/or quantity for the subscription's item, and a discount (coupon or promotion code) applied with the change.

The portal confirms an update of a subscription with one item, as its own plan change does (a subscription with
several is refused, naming `items`). What the configuration does not allow is refused naming the param: a price it
does not offer, a quantity outside the product's `adjustable_quantity` (or when quantities are not adjustable), a
promotion code when `promotion_code` is not in `default_allowed_updates`. A change the configuration schedules for
the period end (`schedule_at_period_end`) is confirmed as a new price alone, as the portal schedules it.
"""
from typing import Any

from portal_site.account.subscription_changes import waits_for_period_end
from portal_site.api.stripe_params import invalid, missing, no_such
from portal_site.billing.plan_changes import switchable_plans
from portal_site.billing.subscription_discounts import promotion_offer, retention_offer
from portal_site.billing.subscriptions import Plan, Subscription
from portal_site.settings import configurations, schema


def _plan(subscription: Subscription, price: str | None, update: schema.SubscriptionUpdate, at: str) -> Plan:
    """The plan of the new price (the current one when no price is given), which the configuration must offer."""
    if not price or price == subscription.plan.price_id:
        return subscription.plan
    plan = next((plan for plan in switchable_plans(update.allowed_prices) if plan.price_id == price), None)
    if plan is None:
        raise invalid(f"The configuration does not let customers switch to the price '{price}'.", at)
    if plan.amount.currency != subscription.plan.amount.currency:
        raise invalid(f"The price '{price}' is in {plan.amount.currency.upper()} and the subscription is billed in "
                      f"{subscription.plan.amount.currency.upper()}: choose a price in the same currency.", at)
    return plan


def _quantity(subscription: Subscription, plan: Plan, quantity: int | None, update: schema.SubscriptionUpdate,
              at: str) -> int:
    """The new quantity, within the product's `adjustable_quantity` (or the configuration's quantity setting)."""
    if quantity is None or quantity == subscription.quantity:
        return subscription.quantity
    bounds = update.quantity_for(plan.product_id)
    if not bounds.enabled:
        raise invalid(f"The configuration does not let customers change the quantity of the product "
                      f"'{plan.product_id}'.", at)
    if not bounds.minimum <= quantity <= bounds.maximum:
        raise invalid(f"The configuration lets customers choose a quantity from {bounds.minimum} to "
                      f"{bounds.maximum} for the product '{plan.product_id}'.", at)
    return quantity


def _discounts(given: list[dict[str, Any]] | None, customer_id: str, features: schema.Features,
               param: str) -> list[dict[str, str | None]]:
    """At most one discount: a coupon (the merchant's own offer), or a promotion code if the configuration allows
    promotion codes; either must be redeemable now."""
    if not given:
        return []
    if len(given) > 1:
        raise invalid("Only one discount can be applied with an update: give one coupon or promotion code.", param)
    discount, at = given[0], f"{param}[0]"
    coupon, code = discount.get("coupon"), discount.get("promotion_code")
    if bool(coupon) == bool(code):
        raise invalid("Give either a coupon or a promotion_code for the discount.", at)
    if code:
        if not features.promotion_codes.enabled:
            raise invalid("The configuration does not let customers apply promotion codes: add `promotion_code` to "
                          "`features[subscription_update][default_allowed_updates]`.", f"{at}[promotion_code]")
        if promotion_offer(code, customer_id) is None:
            raise invalid(f"The promotion code '{code}' does not exist or cannot be redeemed by this customer now.",
                          f"{at}[promotion_code]")
    elif retention_offer(coupon) is None:
        raise no_such("coupon", coupon, f"{at}[coupon]")
    return [{"coupon": coupon or None, "promotion_code": code or None}]


def confirm_flow(subscription: Subscription, spec: dict[str, Any], param: str,
                 configuration_id: str) -> dict[str, Any]:
    """The flow's `subscription_update_confirm` in Stripe's shape, with the item's id, price and quantity filled in."""
    items = spec.get("items")
    if not items:
        raise missing(f"{param}[items]")
    if len(items) != 1 or len(subscription.items) != 1:
        raise invalid("The portal confirms an update of a subscription with one item, as its own plan change does: "
                      "give one item, of a subscription that has one.", f"{param}[items]")
    item, at = items[0], f"{param}[items][0]"
    if item.get("id") and item["id"] != subscription.item_id:
        raise invalid(f"The subscription {subscription.id} has no item '{item['id']}'.", f"{at}[id]")
    if not item.get("price") and item.get("quantity") is None:
        raise missing(f"{at}[price]")
    features = configurations.settings_for(configuration_id).features
    update = features.subscription_update
    plan = _plan(subscription, item.get("price"), update, f"{at}[price]")
    quantity = _quantity(subscription, plan, item.get("quantity"), update, f"{at}[quantity]")
    discounts = _discounts(spec.get("discounts"), subscription.customer_id, features, f"{param}[discounts]")
    same_plan, same_quantity = plan.price_id == subscription.plan.price_id, quantity == subscription.quantity
    if same_plan and same_quantity and not discounts:
        raise invalid("The update changes nothing: give a new price, a new quantity or a discount.", f"{at}[price]")
    if waits_for_period_end(plan, subscription, update) and (not same_quantity or discounts):
        raise invalid("The configuration schedules this change of price for the end of the billing period "
                      "(`schedule_at_period_end`), and the portal schedules a new price alone: leave out the "
                      "quantity and discounts, or confirm them in another session.", f"{at}[price]")
    return {"discounts": discounts or None, "subscription": subscription.id,
            "items": [{"id": subscription.item_id, "price": plan.price_id, "quantity": quantity}]}
