"""Subscription money: items and their periods, period and proration lines, and billing an
invoice now (draft → finalize → charge) with the status Stripe gives the subscription."""

import copy
from typing import Any

from .. import hooks
from ..endpoints import Call
from ..errors import StripeError, invalid_request
from ..ids import new_id
from .billing_math import period_boundary, prorated
from .cards import charge
from .discounts import drop_used_once
from .invoicing import (
    attempt_payment,
    finalize,
    item_description,
    line,
    line_for_invoice_item,
    new_invoice,
    new_invoice_item,
    no_payment_method_error,
    pending_items,
    product_name,
    proration_description,
    store_draft,
    void,
)
from .prices import plan_of


def recurring_price(store: Any, price_id: str, param: str) -> dict[str, Any]:
    price = store.get("price", price_id, param=param)
    if price["type"] != "recurring":
        raise invalid_request("The price specified is set to `type=one_time` but this field only accepts prices "
                              "with `type=recurring`.", param=param)
    if not price["active"]:
        raise invalid_request("The price specified is inactive. This field only accepts active prices.",
                              param=param)
    return price


def new_item(store: Any, subscription: dict[str, Any], price: dict[str, Any], quantity: int,
             metadata: dict[str, str] | None, now: int) -> dict[str, Any]:
    start, end = current_period(subscription) if subscription["items"]["data"] else (now, now)
    return {
        "id": new_id("si", 14), "object": "subscription_item", "billing_thresholds": None, "created": now,
        "current_period_end": end, "current_period_start": start, "discounts": [], "metadata": metadata or {},
        "plan": plan_of(price), "price": copy.deepcopy(price), "quantity": quantity,
        "subscription": subscription["id"], "tax_rates": [],
    }


def set_price(item: dict[str, Any], price: dict[str, Any]) -> None:
    """Put an item on `price` (and on the Plan of the same id)."""
    item["price"], item["plan"] = copy.deepcopy(price), plan_of(price)


@hooks.on_event
def refresh_item_prices(store: Any, event: dict[str, Any]) -> None:
    """Subscription items show their price as it is now (a renamed or archived price included)."""
    if event["type"] != "price.updated":
        return
    price = store.find(event["data"]["object"]["id"])
    for subscription in store.iter_kind("subscription"):
        for item in subscription["items"]["data"]:
            if item["price"]["id"] == price["id"]:
                set_price(item, price)


def current_period(subscription: dict[str, Any]) -> tuple[int, int]:
    first = subscription["items"]["data"][0]
    return first["current_period_start"], first["current_period_end"]


def set_period(subscription: dict[str, Any], start: int, end: int) -> None:
    for item in subscription["items"]["data"]:
        item["current_period_start"], item["current_period_end"] = start, end


def recurring(subscription: dict[str, Any]) -> dict[str, Any]:
    return subscription["items"]["data"][0]["price"]["recurring"]


def next_period(subscription: dict[str, Any], start: int) -> tuple[int, int]:
    """The billing period beginning at `start`, counted from the subscription's anchor."""
    anchor, cycles = subscription["billing_cycle_anchor"], 1
    while period_boundary(anchor, recurring(subscription), cycles) <= start:
        cycles += 1
    return start, period_boundary(anchor, recurring(subscription), cycles)


def period_lines(store: Any, subscription: dict[str, Any], start: int, end: int) -> list[dict[str, Any]]:
    """A full-price line per item for the period [start, end)."""
    return [line(subscription=subscription, item_id=item["id"], price=item["price"], quantity=item["quantity"],
                 amount=item["price"]["unit_amount"] * item["quantity"], start=start, end=end,
                 description=item_description(store, item["price"], item["quantity"]))
            for item in subscription["items"]["data"]]


def trial_lines(store: Any, subscription: dict[str, Any], start: int, end: int) -> list[dict[str, Any]]:
    return [line(subscription=subscription, item_id=item["id"], price=item["price"], quantity=item["quantity"],
                 amount=0, start=start, end=end,
                 description=f"Trial period for {product_name(store, item['price'])}")
            for item in subscription["items"]["data"]]


def proration_items(store: Any, subscription: dict[str, Any], changes: list[tuple], at: int) -> list[dict]:
    """Unused-time credits and remaining-time charges for item changes at `at` (not stored).

    `changes` holds (item id, old price or None, old quantity, new price or None, new quantity).
    """
    start, end = current_period(subscription)
    items = []
    for item_id, old_price, old_quantity, new_price, new_quantity in changes:
        if old_price is not None:
            amount = -prorated(old_price["unit_amount"] * old_quantity, start, end, at)
            items.append(new_invoice_item(store, subscription, item_id, old_price, old_quantity, amount,
                                          (at, end), proration_description(store, old_price, old_quantity, True, at)))
        if new_price is not None:
            amount = prorated(new_price["unit_amount"] * new_quantity, start, end, at)
            items.append(new_invoice_item(store, subscription, item_id, new_price, new_quantity, amount,
                                          (at, end), proration_description(store, new_price, new_quantity, False, at)))
    return [item for item in items if item["amount"] != 0]


def lines_for_items(subscription: dict[str, Any], invoice_items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line_for_invoice_item(subscription, invoice_item) for invoice_item in invoice_items]


def precheck(store: Any, subscription: dict[str, Any], invoice: dict[str, Any]) -> StripeError | None:
    """The error charging this invoice would give now (charging has no side effects until it succeeds)."""
    customer = store.find(subscription["customer"]) or {}
    due = invoice["total"] + (customer.get("balance") or 0)
    if due <= 0:
        return None
    payment_method = subscription["default_payment_method"] or (
        customer.get("invoice_settings") or {}).get("default_payment_method")
    if not payment_method:
        return no_payment_method_error()
    return charge(store, payment_method, due)


def bill(call: Call, subscription: dict[str, Any], invoice: dict[str, Any], at: int, *,
         attempt: bool = True) -> StripeError | None:
    """Store, finalize and (if `attempt`) charge an invoice for the subscription; return the decline.

    Honours `pause_collection` (void / mark_uncollectible / keep_as_draft) instead of charging.
    """
    store_draft(call, invoice)
    subscription["latest_invoice"] = invoice["id"]
    drop_used_once(call.store, subscription, invoice)
    pause = subscription.get("pause_collection")
    if pause and pause["behavior"] == "keep_as_draft":
        return None
    finalize(call, invoice, at)
    if invoice["status"] == "paid":
        return None
    if pause:
        if pause["behavior"] == "void":
            void(call, invoice, at)
        else:
            before = copy.deepcopy(invoice)
            invoice["status"] = "uncollectible"
            invoice["status_transitions"]["marked_uncollectible_at"] = at
            call.emit("invoice.marked_uncollectible", invoice, previous=before)
        return None
    if not attempt:
        return None
    return attempt_payment(call, invoice, at)


def subscription_invoice(call: Call, subscription: dict[str, Any], lines: list[dict[str, Any]], *,
                         reason: str, period: tuple[int, int], at: int) -> dict[str, Any]:
    """A draft invoice for `lines` plus every pending invoice item of the subscription."""
    pending = lines_for_items(subscription, pending_items(call.store, subscription["id"]))
    return new_invoice(call.store, subscription, lines + pending, billing_reason=reason, period=period, created=at)


def settle_paid(call: Call, invoice: dict[str, Any]) -> None:
    """After an invoice is paid: a past_due / incomplete / unpaid subscription becomes active when that
    invoice is its latest (the status follows the latest invoice; paying an older one changes nothing)."""
    subscription = call.store.find(invoice["parent"]["subscription_details"]["subscription"]) \
        if invoice.get("parent") and invoice["parent"].get("subscription_details") else None
    if subscription and subscription["latest_invoice"] == invoice["id"] \
            and subscription["status"] in ("past_due", "incomplete", "unpaid"):
        before = copy.deepcopy(subscription)
        subscription["status"] = "active"
        call.emit("customer.subscription.updated", subscription, previous=before)
