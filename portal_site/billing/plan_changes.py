"""Plan and quantity changes: the prices a customer may switch to, previews, changes now or at period end.

Downgrades at period end use Stripe's own mechanism, as Stripe's hosted portal does: a
subscription schedule. `schedule_change` attaches one to the subscription (`from_subscription`)
and gives it two phases, the current items until the period ends and the new price from then,
with `end_behavior=release` (two writes, as Stripe allows no phases with `from_subscription`;
each keyed by the form nonce, and a schedule already attached is updated instead). Stripe switches the price at the renewal (which then bills the new
price) and releases the schedule; nothing of ours has to run. The schedule's metadata notes the
new plan's name, since a read cannot expand the phases' products as well. `keep_current_plan`
releases the schedule; a change made now releases it first, so it replaces the scheduled one.
"""
import dataclasses
import time
from dataclasses import dataclass

from .client import call, v1
from .money import Money
from .client import idempotency_options
from .subscriptions import (SCHEDULED_NAME, SCHEDULED_PRICE, plain, plan_from_price, release_schedule,
                            schedule_parts, update)


def switchable_plans(allowed):
    """Active recurring prices the customer may choose (`allowed` ids of prices or products; empty = all)."""
    page = call(v1().prices.list, params={
        "active": True, "type": "recurring", "limit": 100, "expand": ["data.product"],
    })
    allowed = set(allowed or ())
    plans = []
    for price in map(plain, page.data):
        product = price.get("product")
        if isinstance(product, str) or not product.get("active", True):
            continue
        if allowed and price["id"] not in allowed and product["id"] not in allowed:
            continue
        plans.append(plan_from_price(price))
    return sorted(plans, key=lambda plan: (plan.product_name, plan.interval_days, plan.amount.amount))


@dataclass(frozen=True)
class Preview:
    """What a change costs: the proration lines and their sum, and the invoice it leads to.

    `charged_now`: Stripe invoices the change at once (proration `always_invoice`, or a new
    billing interval, which restarts the billing cycle); `total` is then that invoice,
    otherwise the next renewal invoice with the adjustments added.
    """

    proration_lines: list
    proration_total: Money
    total: Money
    date: int | None
    proration_date: int
    charged_now: bool


def _is_proration(line):
    details = (line.get("parent") or {}).get("subscription_item_details") or {}
    return bool(details.get("proration") or line.get("proration"))


def preview_change(subscription, *, plan=None, quantity=None, proration_behavior):
    """The invoice the change to `plan` and/or `quantity` would lead to, from Stripe's preview."""
    proration_date = int(time.time())
    item = {"id": subscription.item_id}
    if plan:
        item["price"] = plan.price_id
    if quantity is not None:
        item["quantity"] = quantity
    invoice = call(v1().invoices.create_preview, params={
        "customer": subscription.customer_id,
        "subscription": subscription.id,
        "subscription_details": {
            "items": [item],
            "proration_behavior": proration_behavior,
            "proration_date": proration_date,
        },
    })
    invoice = plain(invoice)
    new_interval = bool(plan) and plan.interval_days != subscription.plan.interval_days
    currency = invoice["currency"]
    lines = [
        (line.get("description") or "", Money(int(line["amount"]), currency))
        for line in invoice["lines"]["data"] if _is_proration(line)
    ]
    return Preview(
        proration_lines=lines,
        proration_total=Money(sum(money.amount for _text, money in lines), currency),
        total=Money(int(invoice.get("amount_due") or 0), currency),
        date=invoice.get("next_payment_attempt") or invoice.get("period_end") or invoice.get("created"),
        proration_date=proration_date,
        charged_now=proration_behavior == "always_invoice" or new_interval,
    )


def change(subscription, *, price_id=None, quantity=None, proration_behavior, proration_date=None, nonce):
    """Switch price and/or quantity now, prorated as configured (and as previewed, via `proration_date`).

    When the change is invoiced at once and the card is refused, Stripe changes nothing and answers with
    the card error (`error_if_incomplete`): the customer keeps their plan, is told why, and is not left
    past due on a plan they did not pay for.
    """
    item = {"id": subscription.item_id}
    if price_id:
        item["price"] = price_id
    if quantity is not None:
        item["quantity"] = quantity
    params = {"items": [item], "proration_behavior": proration_behavior, "payment_behavior": "error_if_incomplete"}
    if proration_date and proration_behavior != "none":
        params["proration_date"] = int(proration_date)
    if price_id and subscription.schedule:
        subscription = release_schedule(subscription, "change-release", nonce)
    return update(subscription, "change", nonce, params)


def schedule_change(subscription, plan, nonce):
    """Switch the first item to `plan` when the current period ends, with a subscription schedule."""
    cid = subscription.customer_id
    schedule = subscription.schedule
    if schedule is None:
        created = plain(call(v1().subscription_schedules.create, params={"from_subscription": subscription.id},
                             options=idempotency_options(cid, f"schedule-create-{subscription.id}", nonce)))
        schedule, _pending = schedule_parts(created, subscription.plan, subscription.quantity)
    current = [{"price": price_id, "quantity": quantity} for price_id, quantity in schedule.items]
    following = [dict(item) for item in current]
    following[0]["price"] = plan.price_id
    obj = call(v1().subscription_schedules.update, schedule.id, params={
        "end_behavior": "release",
        "metadata": {SCHEDULED_NAME: plan.product_name[:500], SCHEDULED_PRICE: plan.price_id},
        "phases": [
            {"start_date": schedule.phase_start, "end_date": subscription.current_period_end, "items": current},
            {"items": following, "duration": {"interval": plan.interval, "interval_count": plan.interval_count},
             "proration_behavior": "none"},
        ],
        "expand": ["phases.items.price"],
    }, options=idempotency_options(cid, f"schedule-{subscription.id}", nonce))
    schedule, pending = schedule_parts(plain(obj), subscription.plan, subscription.quantity)
    return dataclasses.replace(subscription, schedule=schedule, pending=pending)


def keep_current_plan(subscription, nonce):
    """Drop the scheduled plan change: release the schedule, the subscription goes on as it is."""
    return release_schedule(subscription, "keep-plan", nonce)
