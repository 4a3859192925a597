"""Plan and quantity changes: the prices a customer may switch to, previews, changes now or at period end.

Downgrades at period end use Stripe's own mechanism, as Stripe's hosted portal does: a
subscription schedule. `schedule_change` attaches one to the subscription (`from_subscription`)
and gives it two phases, the current items until the period ends and the new price from then,
with `end_behavior=release` (two writes, as Stripe allows no phases with `from_subscription`;
each keyed by the form nonce, and a schedule already attached is updated instead). Stripe
switches the price at the renewal (which then bills the new price) and releases the schedule;
nothing of ours has to run. The schedule's metadata notes the
new plan's name, since a read cannot expand the phases' products as well. `keep_current_plan`
releases the schedule; a change made now releases it first, so it replaces the scheduled one.
"""
import dataclasses
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from portal_site.billing.client import call, idempotency_options, plain, v1
from portal_site.billing.money import Money
from portal_site.billing.subscriptions import (
    SCHEDULED_NAME,
    SCHEDULED_PRICE,
    Plan,
    Subscription,
    plan_from_price,
    release_schedule,
    schedule_parts,
    update,
)


def switchable_plans(allowed: Iterable[str] | None) -> list[Plan]:
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
class PreviewLine:
    """One line of a change's invoice, as the portal words it (never Stripe's English description).

    `kind`: "unused" (a credit for the old price's unused time), "remaining" (the new price for the
    rest of the period) or "period" (a whole new billing period, when the change restarts the cycle).
    """

    kind: str
    product_name: str
    quantity: int
    start: int
    end: int
    amount: Money


@dataclass(frozen=True)
class Preview:
    """What a change costs: its invoice lines, and the invoice they lead to.

    `charged_now`: Stripe invoices the change at once (proration `always_invoice`, or a new
    billing interval, which restarts the billing cycle); `total` is then that invoice,
    otherwise the next renewal invoice with the adjustments added. `lines` are the prorations
    (and, when charged now, the new period). When not charged now, `recurring` is what a period of
    the subscription costs after the change (the renewal lines after discounts), on `plan`'s interval.
    A trial is never charged now: Stripe prorates nothing until it ends.
    """

    lines: list[PreviewLine]
    total: Money
    amount_due: Money
    recurring: Money
    plan: Plan
    date: int | None
    proration_date: int
    proration_behavior: str
    charged_now: bool

    @property
    def proration_total(self) -> Money:
        amounts = [line.amount.amount for line in self.lines if line.kind != "period"]
        return Money(sum(amounts), self.total.currency)

    @property
    def has_prorations(self) -> bool:
        return any(line.kind != "period" for line in self.lines)

    @property
    def credit_kept(self) -> Money | None:
        """A credit larger than what is charged: Stripe keeps the difference as the customer's balance."""
        return Money(-self.total.amount, self.total.currency) if self.total.amount < 0 else None


def _is_proration(line: Mapping[str, Any]) -> bool:
    details = (line.get("parent") or {}).get("subscription_item_details") or {}
    return bool(details.get("proration") or line.get("proration"))


def _price_details(line: Mapping[str, Any]) -> Any:
    return (line.get("pricing") or {}).get("price_details") or {}


def _product_names(lines: Iterable[Mapping[str, Any]], known: Iterable[Plan]) -> dict[str, str]:
    """Product id -> name for the lines' products: from the plans at hand, else one products.list call."""
    names = {plan.product_id: plan.product_name for plan in known}
    missing = {_price_details(line).get("product") for line in lines} - set(names) - {None}
    if missing:
        page = call(v1().products.list, params={"ids": sorted(missing), "limit": 100})
        names.update((product.id, product.name) for product in page.data)
    return names


def _kind(line: Mapping[str, Any]) -> str:
    if not _is_proration(line):
        return "period"
    return "unused" if int(line["amount"]) < 0 else "remaining"


def _after_discounts(line: Mapping[str, Any]) -> int:
    return int(line["amount"]) - sum(int(entry["amount"]) for entry in line.get("discount_amounts") or [])


def _changed_item(subscription: Subscription, price_id: str | None, quantity: int | None) -> dict[str, Any]:
    """The subscription's (first) item as a change sets it, for the preview and for the change itself."""
    item: dict[str, Any] = {"id": subscription.item_id}
    if price_id:
        item["price"] = price_id
    if quantity is not None:
        item["quantity"] = quantity
    return item


def cycle_anchor(subscription: Subscription, plan: Plan | None, configured: str | None) -> str | None:
    """The `billing_cycle_anchor` of a change, as the configuration says: "now" restarts the billing cycle;
    "unchanged" is sent only when the interval stays (Stripe restarts the cycle of a new interval anyway)."""
    if configured == "now":
        return "now"
    if configured == "unchanged" and (plan is None or plan.interval_days == subscription.plan.interval_days):
        return "unchanged"
    return None


def preview_change(subscription: Subscription, *, plan: Plan | None = None, quantity: int | None = None,
                   proration_behavior: str, billing_cycle_anchor: str | None = None,
                   discounts: list[dict[str, str]] | None = None) -> Preview:
    """The invoice the change to `plan` and/or `quantity` (and `discounts`, the whole new list) would lead to,
    from Stripe's preview."""
    proration_date = int(time.time())
    item = _changed_item(subscription, plan.price_id if plan else None, quantity)
    anchor = cycle_anchor(subscription, plan, billing_cycle_anchor)
    details: dict[str, Any] = {"items": [item], "proration_behavior": proration_behavior,
                               "proration_date": proration_date}
    if anchor:
        details["billing_cycle_anchor"] = anchor
    asked: dict[str, Any] = {"customer": subscription.customer_id, "subscription": subscription.id,
                             "subscription_details": details}
    if discounts is not None:
        asked["discounts"] = discounts
    invoice = call(v1().invoices.create_preview, params=asked)
    invoice = plain(invoice)
    new_interval = plan is not None and plan.interval_days != subscription.plan.interval_days
    charged_now = subscription.status != "trialing" and (
        proration_behavior == "always_invoice" or new_interval or anchor == "now")
    currency = invoice["currency"]
    stripe_lines = invoice["lines"]["data"]
    shown = [line for line in stripe_lines if charged_now or _is_proration(line)]
    names = _product_names(shown, [item.plan for item in subscription.items] + ([plan] if plan else []))
    lines = [
        PreviewLine(kind=_kind(line), product_name=names.get(_price_details(line).get("product"), ""),
                    quantity=int(line.get("quantity") or 1), start=line["period"]["start"],
                    end=line["period"]["end"], amount=Money(int(line["amount"]), currency))
        for line in shown
    ]
    renewal = sum(_after_discounts(line) for line in stripe_lines if not _is_proration(line))
    return Preview(
        lines=lines,
        total=Money(int(invoice.get("total") or 0), currency),
        amount_due=Money(int(invoice.get("amount_due") or 0), currency),
        recurring=Money(renewal, currency),
        plan=plan or subscription.plan,
        date=invoice.get("next_payment_attempt") or invoice.get("period_end") or invoice.get("created"),
        proration_date=proration_date,
        proration_behavior=proration_behavior,
        charged_now=charged_now,
    )


def change(subscription: Subscription, *, plan: Plan | None = None, quantity: int | None = None,
           proration_behavior: str, proration_date: int | None = None, billing_cycle_anchor: str | None = None,
           discounts: list[dict[str, str]] | None = None, nonce: str | None) -> Subscription:
    """Switch price and/or quantity now, prorated as configured (and as previewed, via `proration_date`);
    `discounts`, when given, is the subscription's new list of discounts, set in the same write.

    When the change is invoiced at once and the card is refused, Stripe changes nothing and answers with
    the card error (`error_if_incomplete`): the customer keeps their plan, is told why, and is not left
    past due on a plan they did not pay for.
    """
    price_id = plan.price_id if plan else None
    item = _changed_item(subscription, price_id, quantity)
    params: dict[str, Any] = {"items": [item], "proration_behavior": proration_behavior, "payment_behavior": "error_if_incomplete"}
    if anchor := cycle_anchor(subscription, plan, billing_cycle_anchor):
        params["billing_cycle_anchor"] = anchor
    if proration_date and proration_behavior != "none":
        params["proration_date"] = int(proration_date)
    if discounts is not None:
        params["discounts"] = discounts
    if price_id and subscription.schedule:
        subscription = release_schedule(subscription, "change-release", nonce)
    return update(subscription, "change", nonce, params)


def schedule_change(subscription: Subscription, plan: Plan, nonce: str | None) -> Subscription:
    """Switch the first item to `plan` when the current period ends, with a subscription schedule."""
    cid = subscription.customer_id
    schedule = subscription.schedule
    if schedule is None:
        created = plain(call(v1().subscription_schedules.create, params={"from_subscription": subscription.id},
                             options=idempotency_options(cid, f"schedule-create-{subscription.id}", nonce)))
        schedule, _pending = schedule_parts(created, subscription.plan, subscription.quantity)
        assert schedule is not None, "a schedule made from a subscription starts active"
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


def keep_current_plan(subscription: Subscription, nonce: str | None) -> Subscription:
    """Drop the scheduled plan change: release the schedule, the subscription goes on as it is."""
    return release_schedule(subscription, "keep-plan", nonce)
