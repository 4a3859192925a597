"""Plan and quantity changes: the prices a customer may switch to, previews, changes now or at period end.

Downgrades at period end: Stripe does this with a subscription schedule (a phase that
starts at the period end on the new price). The emulator has no schedules, so the portal
records the pending change in the subscription's own metadata (`portal_pending_price`,
`portal_pending_at`, `portal_pending_plan`) and the card shows "changes to X on DATE".
That keeps the choice visible in Stripe's dashboard next to the subscription, needs no
table of our own, survives a re-deploy, and clears itself with one update.
`apply_due_changes()` carries out the changes due within the next hour; `flask account
apply-scheduled-changes` runs it (schedule it hourly: cron, Heroku Scheduler), so the
renewal invoice already bills the new price.
"""
import time
from dataclasses import dataclass

from .client import call, v1
from .money import Money
from .subscriptions import (CARD_EXPAND, PENDING_AT, PENDING_NAME, PENDING_PRICE, from_stripe, plain,
                            plan_from_price, update)


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
    """Switch price and/or quantity now, prorated as configured (and as previewed, via `proration_date`)."""
    item = {"id": subscription.item_id}
    if price_id:
        item["price"] = price_id
    if quantity is not None:
        item["quantity"] = quantity
    params = {"items": [item], "proration_behavior": proration_behavior}
    if proration_date and proration_behavior != "none":
        params["proration_date"] = int(proration_date)
    if price_id and subscription.pending_price_id:
        params["metadata"] = {PENDING_PRICE: "", PENDING_AT: "", PENDING_NAME: ""}
    return update(subscription, "change", nonce, params)


def schedule_change(subscription, plan, nonce):
    """Record a downgrade to take effect at the end of the current period (see the module docstring)."""
    return update(subscription, "schedule", nonce, {"metadata": {
        PENDING_PRICE: plan.price_id,
        PENDING_AT: str(subscription.current_period_end or ""),
        PENDING_NAME: plan.product_name[:500],
    }})


def apply_due_changes(within):
    """Carry out the scheduled plan changes due in the next `within` seconds; return the changed subscriptions.

    Run shortly before the period ends (hourly, `flask account apply-scheduled-changes`), so the
    renewal invoice already bills the new price; no proration, since the old period was paid.
    """
    horizon = time.time() + within
    changed = []
    params = {"limit": 100, "expand": ["data." + path for path in CARD_EXPAND]}
    while True:
        page = call(v1().subscriptions.list, params=params)
        for obj in page.data:
            subscription = from_stripe(obj)
            due = subscription.pending_price_id and subscription.pending_at and subscription.pending_at <= horizon
            if due and not subscription.cancel_at_period_end:
                changed.append(change(subscription, price_id=subscription.pending_price_id, proration_behavior="none",
                                      nonce=f"scheduled-{subscription.pending_at}"))
        if not page.has_more:
            return changed
        params["starting_after"] = page.data[-1].id
