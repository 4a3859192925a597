"""Subscriptions: create (first invoice charged, trials, discounts, payment_behavior), retrieve, list,
cancel now (prorate / invoice_now), resume a paused subscription; subscription items (list, retrieve).
Updates live in subscription_updates.py."""

import copy
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param, resource_missing
from ..expand import includable
from ..ids import new_id
from ..listing import as_list, created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum, OneOf
from ..updates import merge_metadata
from .discounts import DISCOUNT_SPEC, claim, redeem
from .subscription_billing import (
    bill,
    current_period,
    new_item,
    next_period,
    period_lines,
    precheck,
    proration_items,
    recurring_price,
    set_period,
    subscription_invoice,
    trial_lines,
)

PAYMENT_BEHAVIOR = Enum("allow_incomplete", "default_incomplete", "error_if_incomplete")
PRORATION_BEHAVIOR = Enum("always_invoice", "create_prorations", "none")
FEEDBACK = Enum("customer_service", "low_quality", "missing_features", "other", "switched_service",
                "too_complex", "too_expensive", "unused")
CANCELLATION_DETAILS = {"comment": str, "feedback": FEEDBACK}
TRIAL_END = OneOf(Enum("now"), int)
BILLING_MODE = {"flexible": {"proration_discounts": Enum("included", "itemized")},
                "type": Enum("classic", "flexible")}
TRIAL_SETTINGS = {"end_behavior": {"missing_payment_method": Enum("cancel", "create_invoice", "pause")}}
CREATE = {
    "billing_mode": BILLING_MODE, "cancel_at_period_end": bool, "collection_method": Enum("charge_automatically"),
    "currency": str, "customer": str, "default_payment_method": str, "description": str, "discounts": [DISCOUNT_SPEC],
    "expand": EXPAND, "items": [{"metadata": METADATA, "price": str, "quantity": int}], "metadata": METADATA,
    "off_session": bool, "payment_behavior": PAYMENT_BEHAVIOR, "proration_behavior": PRORATION_BEHAVIOR,
    "trial_end": TRIAL_END, "trial_period_days": int, "trial_settings": TRIAL_SETTINGS,
}
STATUSES = Enum("active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused",
                "trialing", "unpaid")
LIST = {**LIST_PARAMS, "created": CREATED, "customer": str, "price": str, "status": STATUSES}
CANCEL = {"cancellation_details": CANCELLATION_DETAILS, "expand": EXPAND, "invoice_now": bool, "prorate": bool}
RESUME = {"billing_cycle_anchor": {"type": Enum("now", "unchanged")}, "expand": EXPAND,
          "proration_behavior": PRORATION_BEHAVIOR}


def check_payment_method(store: Any, payment_method: str, customer: str, param: str) -> str:
    obj = store.get("payment_method", payment_method, param=param)
    if obj["customer"] != customer:
        raise invalid_request(f"The customer does not have a payment method with the ID {payment_method}. The "
                              "payment method must be attached to the customer.", param=param)
    return payment_method


def billing_mode(spec: dict[str, Any] | None, now: int) -> dict[str, Any]:
    """Flexible unless `billing_mode[type]=classic`: this API version's default for new subscriptions."""
    spec = spec or {}
    if spec.get("type") == "classic":
        if spec.get("flexible"):
            raise invalid_request("`billing_mode[flexible]` can only be set when `billing_mode[type]` is flexible.",
                                  param="billing_mode[flexible]")
        return {"flexible": None, "type": "classic", "updated_at": None}
    discounts = (spec.get("flexible") or {}).get("proration_discounts") or "included"
    return {"flexible": {"proration_discounts": discounts}, "type": "flexible", "updated_at": now}


def _trial_end(p: dict[str, Any], now: int) -> int | None:
    if p.get("trial_end") not in (None, "now"):
        if p["trial_end"] <= now:
            raise invalid_request("Invalid timestamp: must be an integer Unix timestamp in the future.",
                                  param="trial_end")
        return p["trial_end"]
    if p.get("trial_period_days"):
        return now + p["trial_period_days"] * 86_400
    return None


def new_subscription(call: Call, customer: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    """A subscription with its items but no period, invoice or status yet (not stored)."""
    now = call.now()
    specs = p.get("items") or []
    if not specs:
        raise missing_param("items")
    prices = [recurring_price(call.store, spec.get("price") or "", f"items[{i}][price]") for i, spec in enumerate(specs)]
    if len({price["currency"] for price in prices}) > 1 or len(
            {(price["recurring"]["interval"], price["recurring"]["interval_count"]) for price in prices}) > 1:
        raise invalid_request("All prices on a subscription must have the same `currency` and `recurring.interval`.",
                              param="items")
    end_behavior = (p.get("trial_settings") or {}).get("end_behavior") or {}
    missing_method = end_behavior.get("missing_payment_method", "create_invoice")
    subscription = {
        "id": new_id("sub"), "object": "subscription", "application": None, "application_fee_percent": None,
        "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
        "billing_cycle_anchor": now, "billing_cycle_anchor_config": None,
        "billing_mode": billing_mode(p.get("billing_mode"), now), "billing_schedules": [],
        "billing_thresholds": None,
        "cancel_at": None, "cancel_at_period_end": False, "canceled_at": None,
        "cancellation_details": {"comment": None, "feedback": None, "reason": None},
        "collection_method": "charge_automatically", "created": now, "currency": prices[0]["currency"],
        "customer": customer["id"], "customer_account": None, "days_until_due": None,
        "default_payment_method": None, "default_source": None, "default_tax_rates": [],
        "description": p.get("description"), "discounts": [], "ended_at": None,
        "invoice_settings": {"account_tax_ids": None, "custom_fields": None, "description": None, "footer": None,
                             "issuer": {"type": "self"}},
        "latest_invoice": None, "livemode": False, "managed_payments": {"enabled": False},
        "metadata": merge_metadata({}, p.get("metadata") or {}),
        "next_pending_invoice_item_invoice": None, "on_behalf_of": None, "pause_collection": None,
        "payment_settings": {"payment_method_options": None, "payment_method_types": None,
                             "save_default_payment_method": "off"},
        "pending_invoice_item_interval": None, "pending_setup_intent": None, "pending_update": None,
        "schedule": None, "start_date": now, "status": "incomplete", "test_clock": None, "transfer_data": None,
        "trial_end": None, "trial_settings": {"end_behavior": {"missing_payment_method": missing_method}},
        "trial_start": None, "items": {"object": "list", "data": [], "has_more": False, "url": ""},
    }
    subscription["items"]["url"] = f"/v1/subscription_items?subscription={subscription['id']}"
    for index, (spec, price) in enumerate(zip(specs, prices, strict=False)):
        quantity = spec.get("quantity", 1)
        if quantity is None or quantity < 0:
            raise invalid_request("Invalid integer: quantity must be at least 0.", param=f"items[{index}][quantity]")
        subscription["items"]["data"].append(
            new_item(call.store, subscription, price, quantity, spec.get("metadata"), now))
    return subscription


@endpoint("POST", "/v1/subscriptions", params=CREATE, sdk_params="SubscriptionCreateParams")
def create_subscription(call: Call) -> dict:
    p, now, store = call.params, call.now(), call.store
    if not p.get("customer"):
        raise missing_param("customer")
    customer = store.get("customer", p["customer"], param="customer")
    subscription = new_subscription(call, customer, p)
    if p.get("currency") and p["currency"].lower() != subscription["currency"]:
        raise invalid_request("The currency must match the currency of the prices.", param="currency")
    if p.get("default_payment_method"):
        subscription["default_payment_method"] = check_payment_method(
            store, p["default_payment_method"], customer["id"], "default_payment_method")
    trial_end = _trial_end(p, now)
    if trial_end:
        subscription.update({"trial_start": now, "trial_end": trial_end, "billing_cycle_anchor": trial_end,
                             "status": "trialing"})
        set_period(subscription, now, trial_end)
        lines = trial_lines(store, subscription, now, trial_end)
    else:
        set_period(subscription, *next_period(subscription, now))
        lines = period_lines(store, subscription, *current_period(subscription))
    subscription["cancel_at_period_end"] = bool(p.get("cancel_at_period_end"))
    if subscription["cancel_at_period_end"]:
        subscription["cancel_at"] = current_period(subscription)[1]
    behavior = p.get("payment_behavior", "allow_incomplete")
    subscription["discounts"] = redeem(store, p.get("discounts"), customer=customer["id"])
    invoice = subscription_invoice(call, subscription, lines, reason="subscription_create", period=(now, now), at=now)
    decline = None if trial_end else precheck(store, subscription, invoice)
    if decline and behavior == "error_if_incomplete":
        for discount_id in subscription["discounts"]:
            store.remove(discount_id)
        raise decline
    claim(store, subscription["discounts"], subscription["id"])
    if not trial_end:
        needs_payment = invoice["total"] + (customer.get("balance") or 0) > 0
        waiting = behavior == "default_incomplete" and needs_payment
        subscription["status"] = "incomplete" if decline or waiting else "active"
    subscription["latest_invoice"] = invoice["id"]
    store.add(subscription)
    call.emit("customer.subscription.created", subscription)
    bill(call, subscription, invoice, now, attempt=behavior != "default_incomplete")
    return subscription


@endpoint("GET", "/v1/subscriptions/<subscription>", params={"expand": EXPAND},
          sdk_params="SubscriptionRetrieveParams")
def retrieve_subscription(call: Call, subscription: str) -> dict:
    return call.store.get("subscription", subscription)


def _status_matches(status: str, wanted: str | None) -> bool:
    if wanted is None:
        return status != "canceled"
    if wanted == "all":
        return True
    if wanted == "ended":
        return status in ("canceled", "incomplete_expired")
    return status == wanted


# Stripe embeds the first 10 subscriptions that are not canceled, newest first, as a list with has_more.
EMBEDDED_SUBSCRIPTIONS = 10


@includable("customer", "subscriptions")
def _included_subscriptions(store: Any, customer: dict[str, Any]) -> dict[str, Any]:
    """`customer.subscriptions`, returned only when expanded (`expand[]=subscriptions`, `data.subscriptions`)."""
    found = [sub for sub in store.all("subscription")
             if sub["customer"] == customer["id"] and _status_matches(sub["status"], None)]
    return as_list(found[:EMBEDDED_SUBSCRIPTIONS], url=f"/v1/customers/{customer['id']}/subscriptions",
                   has_more=len(found) > EMBEDDED_SUBSCRIPTIONS)


@endpoint("GET", "/v1/subscriptions", params=LIST, sdk_params="SubscriptionListParams")
def list_subscriptions(call: Call) -> dict:
    p = call.params
    subscriptions = [
        sub for sub in call.store.all("subscription")
        if (not p.get("customer") or sub["customer"] == p["customer"])
        and (not p.get("price") or any(item["price"]["id"] == p["price"] for item in sub["items"]["data"]))
        and _status_matches(sub["status"], p.get("status"))
        and created_matches(sub["created"], p.get("created"))
    ]
    return paginate(subscriptions, p, url="/v1/subscriptions", object_name="subscription")


@endpoint("GET", "/v1/subscription_items", params={**LIST_PARAMS, "subscription": str},
          sdk_params="SubscriptionItemListParams")
def list_subscription_items(call: Call) -> dict:
    if not call.params.get("subscription"):
        raise missing_param("subscription")
    sub = call.store.get("subscription", call.params["subscription"], param="subscription")
    return paginate(sub["items"]["data"], call.params, url="/v1/subscription_items", object_name="subscription_item")


@endpoint("GET", "/v1/subscription_items/<item>", params={"expand": EXPAND}, sdk_params="SubscriptionItemRetrieveParams")
def retrieve_subscription_item(call: Call, item: str) -> dict:
    for sub in call.store.iter_kind("subscription"):
        for candidate in sub["items"]["data"]:
            if candidate["id"] == item:
                return candidate
    raise resource_missing("subscription_item", item)


def end_subscription(call: Call, subscription: dict[str, Any], at: int, reason: str) -> None:
    """Status canceled at `at`, with `customer.subscription.deleted`."""
    before = copy.deepcopy(subscription)
    subscription.update({"status": "canceled", "ended_at": at, "canceled_at": subscription["canceled_at"] or at,
                         "cancel_at_period_end": False, "cancel_at": None, "pause_collection": None})
    subscription["cancellation_details"]["reason"] = reason
    call.emit("customer.subscription.deleted", subscription, previous=before)


@endpoint("DELETE", "/v1/subscriptions/<subscription>", params=CANCEL, sdk_params="SubscriptionCancelParams")
def cancel_subscription(call: Call, subscription: str) -> dict:
    sub, p, now = call.store.get("subscription", subscription), call.params, call.now()
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise invalid_request(f"A canceled subscription can't be canceled again: {sub['id']}.")
    details = p.get("cancellation_details") or {}
    for key in ("comment", "feedback"):
        if key in details:
            sub["cancellation_details"][key] = details[key] or None
    if p.get("prorate") and sub["status"] in ("active", "past_due"):
        changes = [(item["id"], item["price"], item["quantity"], None, 0) for item in sub["items"]["data"]]
        for invoice_item in proration_items(call.store, sub, changes, now):
            call.store.add(invoice_item)
    if p.get("invoice_now"):
        invoice = subscription_invoice(call, sub, [], reason="subscription_update", period=(now, now), at=now)
        if invoice["lines"]["data"]:
            bill(call, sub, invoice, now)
    sub["canceled_at"] = now
    end_subscription(call, sub, now, "cancellation_requested")
    return sub


@endpoint("POST", "/v1/subscriptions/<subscription>/resume", params=RESUME, sdk_params="SubscriptionResumeParams")
def resume_subscription(call: Call, subscription: str) -> dict:
    """Resume a `paused` subscription (a trial that ended without a payment method): a new period from now."""
    sub, now = call.store.get("subscription", subscription), call.now()
    if sub["status"] != "paused":
        raise invalid_request("Only a subscription with status `paused` can be resumed.")
    before = copy.deepcopy(sub)
    anchor_type = (call.params.get("billing_cycle_anchor") or {}).get("type", "now")
    if anchor_type == "now":
        sub["billing_cycle_anchor"] = now
    start, end = next_period(sub, now)
    set_period(sub, start, end)
    invoice = subscription_invoice(call, sub, period_lines(call.store, sub, start, end),
                                   reason="subscription_update", period=(now, now), at=now)
    sub["status"] = "past_due" if precheck(call.store, sub, invoice) else "active"
    sub["latest_invoice"] = invoice["id"]
    call.emit("customer.subscription.resumed", sub)
    call.emit("customer.subscription.updated", sub, previous=before)
    bill(call, sub, invoice, now)
    return sub

