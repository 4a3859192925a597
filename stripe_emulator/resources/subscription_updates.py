"""Subscription updates: item switches and quantities with proration (none / create_prorations /
always_invoice), trial changes, cancel at period end, pause_collection, discounts; `plan_update`
computes a change without committing it, so invoice previews show exactly what an update bills."""

import copy
from dataclasses import dataclass, field
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request
from ..params import EXPAND, METADATA, Enum
from ..updates import merge_metadata
from .discounts import DISCOUNT_SPEC, claim, redeem
from .subscription_billing import (
    bill,
    current_period,
    lines_for_items,
    new_item,
    next_period,
    period_lines,
    precheck,
    proration_items,
    recurring,
    recurring_price,
    set_period,
    set_price,
    subscription_invoice,
)
from .subscriptions import (
    CANCELLATION_DETAILS,
    PAYMENT_BEHAVIOR,
    PRORATION_BEHAVIOR,
    TRIAL_END,
    TRIAL_SETTINGS,
    check_payment_method,
)

ITEM_CHANGE = {"deleted": bool, "id": str, "metadata": METADATA, "price": str, "quantity": int}
PAUSE = {"behavior": Enum("keep_as_draft", "mark_uncollectible", "void"), "resumes_at": int}
UPDATE = {
    "billing_cycle_anchor": Enum("now", "unchanged"),
    "cancel_at_period_end": bool, "cancellation_details": CANCELLATION_DETAILS, "default_payment_method": str,
    "description": str, "discounts": [DISCOUNT_SPEC], "expand": EXPAND, "items": [ITEM_CHANGE],
    "metadata": METADATA, "off_session": bool, "pause_collection": PAUSE, "payment_behavior": PAYMENT_BEHAVIOR,
    "proration_behavior": PRORATION_BEHAVIOR, "proration_date": int, "trial_end": TRIAL_END,
    "trial_settings": TRIAL_SETTINGS,
}
BILLED_STATUSES = ("active", "past_due")


@dataclass
class Plan:
    """A computed change: the subscription after it, prorations, and what must be invoiced now."""

    work: dict[str, Any]
    prorations: list[dict[str, Any]] = field(default_factory=list)
    period_lines: list[dict[str, Any]] = field(default_factory=list)
    invoice_now: bool = False


def _change_items(call: Call, work: dict[str, Any], specs: list[dict[str, Any]]) -> list[tuple]:
    """Apply `items[]` to `work`; return (item id, old price, old qty, new price, new qty) per change."""
    changes = []
    items = work["items"]["data"]
    for index, spec in enumerate(specs):
        param = f"items[{index}]"
        if spec.get("id"):
            item = next((i for i in items if i["id"] == spec["id"]), None)
            if item is None:
                raise invalid_request(f"No such subscription item: '{spec['id']}'", param=f"{param}[id]")
            old = (item["price"], item["quantity"])
            if spec.get("deleted"):
                items.remove(item)
                changes.append((item["id"], *old, None, 0))
                continue
            if spec.get("price"):
                set_price(item, recurring_price(call.store, spec["price"], f"{param}[price]"))
            if spec.get("quantity") is not None:
                item["quantity"] = spec["quantity"]
            if "metadata" in spec:
                item["metadata"] = merge_metadata(item["metadata"], spec["metadata"])
            if (old[0]["id"], old[1]) != (item["price"]["id"], item["quantity"]):
                changes.append((item["id"], *old, item["price"], item["quantity"]))
        else:
            if not spec.get("price"):
                raise invalid_request("You must specify a price for a new subscription item.", param=f"{param}[price]")
            price = recurring_price(call.store, spec["price"], f"{param}[price]")
            item = new_item(call.store, work, price, spec.get("quantity", 1), spec.get("metadata"), call.now())
            items.append(item)
            changes.append((item["id"], None, 0, item["price"], item["quantity"]))
    if not items:
        raise invalid_request("A subscription must have at least one active price.", param="items")
    keys = {(i["price"]["currency"], i["price"]["recurring"]["interval"], i["price"]["recurring"]["interval_count"])
            for i in items}
    if len(keys) > 1:
        raise invalid_request("All prices on a subscription must have the same `currency` and `recurring.interval`.",
                              param="items")
    return changes


def _set_trial(work: dict[str, Any], trial_end: Any, now: int, plan: Plan, store: Any) -> None:
    if trial_end == "now":
        if work["status"] != "trialing":
            return
        work.update({"trial_end": now, "billing_cycle_anchor": now, "status": "active"})
        set_period(work, *next_period(work, now))
        plan.period_lines = period_lines(store, work, *current_period(work))
        plan.invoice_now = True
        return
    if trial_end <= now:
        raise invalid_request("Invalid timestamp: must be an integer Unix timestamp in the future.", param="trial_end")
    work.update({"trial_end": trial_end, "billing_cycle_anchor": trial_end, "status": "trialing",
                 "trial_start": work["trial_start"] or now})
    set_period(work, current_period(work)[0], trial_end)


def plan_update(call: Call, subscription: dict[str, Any], p: dict[str, Any], at: int) -> Plan:
    """What the update `p` would do at `at` (the proration date), without storing anything."""
    now, store = call.now(), call.store
    plan = Plan(work=copy.deepcopy(subscription))
    work = plan.work
    behavior = p.get("proration_behavior") or "create_prorations"
    old_recurring = copy.deepcopy(recurring(work))
    changes = _change_items(call, work, p["items"]) if p.get("items") else []
    if changes and work["status"] in BILLED_STATUSES:
        reset = (recurring(work)["interval"], recurring(work)["interval_count"]) != (
            old_recurring["interval"], old_recurring["interval_count"])
        if reset and p.get("billing_cycle_anchor") == "unchanged":
            raise invalid_request("`billing_cycle_anchor` cannot be `unchanged` when the price's billing interval "
                                  "changes.", param="billing_cycle_anchor")
        if reset or p.get("billing_cycle_anchor") == "now":
            credits = [change[:3] + (None, 0) for change in changes if change[1] is not None]
            plan.prorations = proration_items(store, work, credits, at) if behavior != "none" else []
            work["billing_cycle_anchor"] = now
            set_period(work, *next_period(work, now))
            plan.period_lines = period_lines(store, work, *current_period(work))
            plan.invoice_now = True
        elif behavior != "none":
            plan.prorations = proration_items(store, work, changes, at)
            plan.invoice_now = behavior == "always_invoice" and bool(plan.prorations)
    if p.get("trial_end") is not None:
        _set_trial(work, p["trial_end"], now, plan, store)
    if "discounts" in p:
        work["discounts"] = redeem(store, p["discounts"], customer=work["customer"], current=work["discounts"])
    if "cancel_at_period_end" in p:
        cancel = bool(p["cancel_at_period_end"])
        work.update({"cancel_at_period_end": cancel, "cancel_at": current_period(work)[1] if cancel else None,
                     "canceled_at": now if cancel else None})
        work["cancellation_details"]["reason"] = "cancellation_requested" if cancel else None
    return plan


def _apply_plain(call: Call, work: dict[str, Any], p: dict[str, Any]) -> None:
    for key in ("comment", "feedback"):
        if key in (p.get("cancellation_details") or {}):
            work["cancellation_details"][key] = p["cancellation_details"][key] or None
    if "metadata" in p:
        work["metadata"] = merge_metadata(work["metadata"], p["metadata"])
    if "description" in p:
        work["description"] = p["description"] or None
    if "pause_collection" in p:
        pause = p["pause_collection"]
        if pause and not pause.get("behavior"):
            raise invalid_request("Missing required param: pause_collection[behavior].",
                                  param="pause_collection[behavior]")
        work["pause_collection"] = {"behavior": pause["behavior"], "resumes_at": pause.get("resumes_at")} \
            if pause else None
    if "default_payment_method" in p:
        work["default_payment_method"] = check_payment_method(
            call.store, p["default_payment_method"], work["customer"], "default_payment_method") \
            if p["default_payment_method"] else None
    if p.get("trial_settings"):
        behavior = (p["trial_settings"].get("end_behavior") or {}).get("missing_payment_method")
        if behavior:
            work["trial_settings"]["end_behavior"]["missing_payment_method"] = behavior


@endpoint("POST", "/v1/subscriptions/<subscription>", params=UPDATE, sdk_params="SubscriptionUpdateParams")
def update_subscription(call: Call, subscription: str) -> dict:
    sub, p, now = call.store.get("subscription", subscription), call.params, call.now()
    if sub["status"] in ("canceled", "incomplete_expired") and set(p) - {"cancellation_details", "metadata", "expand"}:
        raise invalid_request("A canceled subscription can only update its cancellation_details and metadata.")
    if sub["schedule"] and "cancel_at_period_end" in p:
        raise invalid_request(f"The subscription is managed by the subscription schedule `{sub['schedule']}`, and "
                              "updating any cancelation behavior directly is not allowed. Please update the "
                              "schedule instead.", param="cancel_at_period_end")
    before = copy.deepcopy(sub)
    plan = plan_update(call, sub, p, p.get("proration_date") or now)
    work = plan.work
    _apply_plain(call, work, p)
    invoice, decline = None, None
    if plan.invoice_now:
        lines = plan.period_lines + lines_for_items(work, plan.prorations)
        invoice = subscription_invoice(call, work, lines, reason="subscription_update", period=(now, now), at=now)
        invoice["parent"]["subscription_details"]["subscription_proration_date"] = p.get("proration_date") or now
        decline = precheck(call.store, work, invoice)
        if decline and p.get("payment_behavior") == "error_if_incomplete":
            for discount_id in set(work["discounts"]) - set(sub["discounts"]):
                call.store.remove(discount_id)
            raise decline
        if decline or (p.get("payment_behavior") == "default_incomplete" and invoice["total"] > 0):
            work["status"] = "past_due"
        elif work["status"] == "past_due" and invoice["total"] > 0:
            work["status"] = "active"
    sub.clear()
    sub.update(work)
    for invoice_item in plan.prorations:
        call.store.add(invoice_item)
    claim(call.store, sub["discounts"], sub["id"])
    if invoice is not None:
        sub["latest_invoice"] = invoice["id"]
    call.emit("customer.subscription.updated", sub, previous=before)
    if p.get("trial_end") == "now" and before["status"] == "trialing":
        call.emit("customer.subscription.trial_will_end", sub)
    if invoice is not None:
        bill(call, sub, invoice, now, attempt=p.get("payment_behavior") != "default_incomplete")
    return sub
