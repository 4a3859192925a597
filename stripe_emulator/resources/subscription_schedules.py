"""Subscription schedules: create (`from_subscription`, or a customer and phases starting now), retrieve,
update (phases, end_behavior, metadata), list, cancel, release. The clock (renewals.py) enters the next
phase at a phase boundary, before a renewal at the same instant bills, and releases (or, with
`end_behavior=cancel`, completes) the schedule when its last phase ends."""

import copy
import dataclasses
from typing import Any

from .. import hooks
from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param
from ..events import emit
from ..ids import new_id
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum, OneOf
from ..updates import merge_metadata
from .billing_math import period_boundary
from .subscription_billing import (
    current_period,
    new_item,
    proration_items,
    recurring,
    recurring_price,
    set_period,
    set_price,
)
from .subscriptions import (
    BILLING_MODE,
    PRORATION_BEHAVIOR,
    billing_mode,
    cancel_subscription,
    create_subscription,
    end_subscription,
)

END_BEHAVIOR = Enum("cancel", "release")
PHASE = {
    "duration": {"interval": Enum("day", "week", "month", "year"), "interval_count": int}, "end_date": int,
    "items": [{"metadata": METADATA, "price": str, "quantity": int}], "metadata": METADATA,
    "proration_behavior": PRORATION_BEHAVIOR,
}
NOW_OR_TIME = OneOf(Enum("now"), int)
CREATE = {"billing_mode": BILLING_MODE, "customer": str, "end_behavior": END_BEHAVIOR, "expand": EXPAND,
          "from_subscription": str, "metadata": METADATA, "phases": [PHASE], "start_date": NOW_OR_TIME}
UPDATE = {"end_behavior": END_BEHAVIOR, "expand": EXPAND, "metadata": METADATA,
          "phases": [{**PHASE, "start_date": NOW_OR_TIME}], "proration_behavior": PRORATION_BEHAVIOR}
LIST = {**LIST_PARAMS, "created": CREATED, "customer": str}
CANCEL = {"expand": EXPAND, "invoice_now": bool, "prorate": bool}
RELEASE = {"expand": EXPAND, "preserve_cancel_date": bool}
LIVE = ("not_started", "active")
RUNNING = ("active", "trialing", "past_due")


def _new_schedule(now: int, customer: str, p: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": new_id("sub_sched"), "object": "subscription_schedule", "application": None,
        "billing_mode": billing_mode(p.get("billing_mode"), now), "canceled_at": None,
        "completed_at": None, "created": now, "current_phase": None, "customer": customer, "customer_account": None,
        "default_settings": {
            "application_fee_percent": None,
            "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None},
            "billing_cycle_anchor": "automatic", "billing_thresholds": None,
            "collection_method": "charge_automatically", "default_payment_method": None, "description": None,
            "invoice_settings": {"account_tax_ids": None, "custom_fields": None, "days_until_due": None,
                                 "description": None, "footer": None, "issuer": {"type": "self"}},
            "on_behalf_of": None, "transfer_data": None,
        },
        "end_behavior": p.get("end_behavior") or "release", "livemode": False,
        "metadata": merge_metadata({}, p.get("metadata") or {}), "pause_schedules": [], "phases": [],
        "released_at": None, "released_subscription": None, "status": "not_started", "subscription": None,
        "test_clock": None,
    }


def _phase(store: Any, spec: dict[str, Any], start: int, param: str) -> dict[str, Any]:
    """One stored phase from its params, starting at `start`."""
    specs = spec.get("items") or []
    if not specs:
        raise missing_param(f"{param}[items]")
    prices = [recurring_price(store, item.get("price") or "", f"{param}[items][{j}][price]")
              for j, item in enumerate(specs)]
    if len({(price["currency"], price["recurring"]["interval"], price["recurring"]["interval_count"])
            for price in prices}) > 1:
        raise invalid_request("All prices in a phase must have the same `currency` and `recurring.interval`.",
                              param=f"{param}[items]")
    if spec.get("end_date") is not None:
        end = spec["end_date"]
    elif spec.get("duration"):
        end = period_boundary(start, spec["duration"], 1)
    else:
        end = period_boundary(start, prices[0]["recurring"], 1)
    if end <= start:
        raise invalid_request("The end_date of a phase must be after its start_date.", param=f"{param}[end_date]")
    items = []
    for j, (item, price) in enumerate(zip(specs, prices, strict=False)):
        quantity = item.get("quantity", 1)
        if quantity is None or quantity < 0:
            raise invalid_request("Invalid integer: quantity must be at least 0.",
                                  param=f"{param}[items][{j}][quantity]")
        items.append({"billing_thresholds": None, "discounts": [], "metadata": item.get("metadata") or {},
                      "plan": price["id"], "price": price["id"], "quantity": quantity, "tax_rates": []})
    return {
        "add_invoice_items": [], "application_fee_percent": None, "automatic_tax": None,
        "billing_cycle_anchor": None, "billing_thresholds": None, "collection_method": None,
        "currency": prices[0]["currency"], "default_payment_method": None, "default_tax_rates": [],
        "description": None, "discounts": [], "end_date": end, "invoice_settings": None, "items": items,
        "metadata": merge_metadata({}, spec.get("metadata") or {}), "on_behalf_of": None,
        "proration_behavior": spec.get("proration_behavior") or "create_prorations", "start_date": start,
        "transfer_data": None, "trial_end": None,
    }


def _phases(store: Any, specs: list[dict[str, Any]], start: int) -> list[dict[str, Any]]:
    """Consecutive phases from `start`: each starts where the one before it ends."""
    if not specs:
        raise missing_param("phases")
    phases = []
    for index, spec in enumerate(specs):
        given = spec.get("start_date")
        if index and given is not None and given != start:
            raise invalid_request("The start_date of a phase must be the end_date of the phase before it.",
                                  param=f"phases[{index}][start_date]")
        phases.append(_phase(store, spec, start, f"phases[{index}]"))
        start = phases[-1]["end_date"]
    return phases


def _attach(call: Call, schedule: dict[str, Any], sub: dict[str, Any]) -> None:
    first = schedule["phases"][0]
    schedule.update({"status": "active", "subscription": sub["id"],
                     "current_phase": {"start_date": first["start_date"], "end_date": first["end_date"]}})
    call.store.add(schedule)
    before = copy.deepcopy(sub)
    sub["schedule"] = schedule["id"]
    call.emit("subscription_schedule.created", schedule)
    call.emit("customer.subscription.updated", sub, previous=before)


def _from_subscription(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    for key in ("billing_mode", "customer", "phases", "start_date"):
        if key in p:
            raise invalid_request(f"You cannot set `{key}` if `from_subscription` is set.", param=key)
    sub = call.store.get("subscription", p["from_subscription"], param="from_subscription")
    if sub["status"] not in RUNNING:
        raise invalid_request(f"A subscription with status `{sub['status']}` cannot be managed by a schedule.",
                              param="from_subscription")
    if sub["schedule"]:
        raise invalid_request(f"The subscription `{sub['id']}` is already attached to the schedule "
                              f"`{sub['schedule']}`.", param="from_subscription")
    start, end = current_period(sub)
    schedule = _new_schedule(call.now(), sub["customer"], p)
    schedule["billing_mode"] = copy.deepcopy(sub["billing_mode"])
    items = [{"price": item["price"]["id"], "quantity": item["quantity"]} for item in sub["items"]["data"]]
    schedule["phases"] = [_phase(call.store, {"items": items, "end_date": end}, start, "from_subscription")]
    _attach(call, schedule, sub)
    return schedule


@endpoint("POST", "/v1/subscription_schedules", params=CREATE, sdk_params="SubscriptionScheduleCreateParams")
def create_schedule(call: Call) -> dict:
    p, now = call.params, call.now()
    if p.get("from_subscription"):
        return _from_subscription(call, p)
    if not p.get("customer"):
        raise missing_param("customer")
    customer = call.store.get("customer", p["customer"], param="customer")
    if p.get("start_date") not in (None, "now", now):
        raise invalid_request("The emulator starts schedules now: pass `start_date=now` (or omit it).",
                              param="start_date")
    schedule = _new_schedule(now, customer["id"], p)
    schedule["phases"] = _phases(call.store, p.get("phases") or [], now)
    first = schedule["phases"][0]
    items = [{"price": item["price"], "quantity": item["quantity"], "metadata": item["metadata"]}
             for item in first["items"]]
    sub = create_subscription(dataclasses.replace(call, params={"customer": customer["id"], "items": items,
                                                                "billing_mode": p.get("billing_mode")}))
    _attach(call, schedule, sub)
    return schedule


@endpoint("GET", "/v1/subscription_schedules/<schedule>", params={"expand": EXPAND},
          sdk_params="SubscriptionScheduleRetrieveParams")
def retrieve_schedule(call: Call, schedule: str) -> dict:
    return call.store.get("subscription_schedule", schedule)


@endpoint("GET", "/v1/subscription_schedules", params=LIST, sdk_params="SubscriptionScheduleListParams")
def list_schedules(call: Call) -> dict:
    p = call.params
    found = [schedule for schedule in call.store.all("subscription_schedule")
             if (not p.get("customer") or schedule["customer"] == p["customer"])
             and created_matches(schedule["created"], p.get("created"))]
    return paginate(found, p, url="/v1/subscription_schedules", object_name="subscription_schedule")


def _live(schedule: dict[str, Any], verb: str, done: str) -> None:
    if schedule["status"] not in LIVE:
        raise invalid_request(f"You cannot {verb} a subscription schedule that is currently in the "
                              f"`{schedule['status']}` status. It must be in the `not_started` or `active` status "
                              f"to be {done}.")


def _switch_items(call: Call, sub: dict[str, Any], phase: dict[str, Any], at: int, behavior: str) -> None:
    """Put the subscription on `phase`'s items at `at`, prorating a change inside a billing period."""
    before = copy.deepcopy(sub)
    old_items, (start, end) = sub["items"]["data"], current_period(sub)
    old_recurring = copy.deepcopy(recurring(sub))
    items, changes = [], []
    for index, spec in enumerate(phase["items"]):
        price = recurring_price(call.store, spec["price"], "phases")
        old = old_items[index] if index < len(old_items) else None
        if old is not None and old["price"]["id"] == price["id"]:
            if old["quantity"] != spec["quantity"]:
                changes.append((old["id"], old["price"], old["quantity"], old["price"], spec["quantity"]))
            old["quantity"] = spec["quantity"]
            items.append(old)
            continue
        item = new_item(call.store, sub, price, spec["quantity"], spec["metadata"], at)
        if old is not None:
            changes.append((old["id"], old["price"], old["quantity"], None, 0))
        changes.append((item["id"], None, 0, item["price"], item["quantity"]))
        items.append(item)
    changes += [(old["id"], old["price"], old["quantity"], None, 0) for old in old_items[len(items):]]
    new_recurring = items[0]["price"]["recurring"]
    reset = (new_recurring["interval"], new_recurring["interval_count"]) != (
        old_recurring["interval"], old_recurring["interval_count"])
    if reset:
        changes = [change for change in changes if change[1] is not None]
        changes = [change[:3] + (None, 0) for change in changes]
    prorations = proration_items(call.store, sub, changes, at) if behavior != "none" and at < end else []
    sub["items"]["data"] = items
    if reset:
        sub["billing_cycle_anchor"] = at
        set_period(sub, start, at)
    else:
        set_period(sub, start, end)
    sub["metadata"] = merge_metadata(sub["metadata"], phase["metadata"])
    for invoice_item in prorations:
        call.store.add(invoice_item)
    call.emit("customer.subscription.updated", sub, previous=before)


def _release(call: Call, schedule: dict[str, Any], at: int) -> None:
    sub = call.store.find(schedule["subscription"] or "")
    schedule.update({"status": "released", "released_at": at, "released_subscription": schedule["subscription"],
                     "subscription": None, "current_phase": None})
    call.emit("subscription_schedule.released", schedule)
    if sub is not None:
        before = copy.deepcopy(sub)
        sub["schedule"] = None
        call.emit("customer.subscription.updated", sub, previous=before)


@endpoint("POST", "/v1/subscription_schedules/<schedule>", params=UPDATE,
          sdk_params="SubscriptionScheduleUpdateParams")
def update_schedule(call: Call, schedule: str) -> dict:
    obj, p, now = call.store.get("subscription_schedule", schedule), call.params, call.now()
    _live(obj, "update", "updated")
    before = copy.deepcopy(obj)
    if "phases" in p:
        current = obj["current_phase"] or {}
        first = (p["phases"] or [{}])[0].get("start_date")
        if first in (None, "now") or first != current.get("start_date"):
            raise invalid_request("The first phase must keep the start_date of the current phase "
                                  f"({current.get('start_date')}).", param="phases[0][start_date]")
        phases = _phases(call.store, p["phases"], first)
        if phases[0]["end_date"] <= now:
            raise invalid_request("The current phase must end in the future.", param="phases[0][end_date]")
        obj["phases"] = phases
        obj["current_phase"] = {"start_date": phases[0]["start_date"], "end_date": phases[0]["end_date"]}
        sub = call.store.find(obj["subscription"] or "")
        held = [(item["price"]["id"], item["quantity"]) for item in sub["items"]["data"]]
        if held != [(item["price"], item["quantity"]) for item in phases[0]["items"]]:
            _switch_items(call, sub, phases[0], now, p.get("proration_behavior") or "create_prorations")
    if p.get("end_behavior"):
        obj["end_behavior"] = p["end_behavior"]
    if "metadata" in p:
        obj["metadata"] = merge_metadata(obj["metadata"], p["metadata"])
    call.emit("subscription_schedule.updated", obj, previous=before)
    return obj


@endpoint("POST", "/v1/subscription_schedules/<schedule>/release", params=RELEASE,
          sdk_params="SubscriptionScheduleReleaseParams")
def release_schedule(call: Call, schedule: str) -> dict:
    obj = call.store.get("subscription_schedule", schedule)
    _live(obj, "release", "released")
    _release(call, obj, call.now())
    return obj


@endpoint("POST", "/v1/subscription_schedules/<schedule>/cancel", params=CANCEL,
          sdk_params="SubscriptionScheduleCancelParams")
def cancel_schedule(call: Call, schedule: str) -> dict:
    """Cancel the schedule and its subscription now (prorated and invoiced now unless told otherwise)."""
    obj, p = call.store.get("subscription_schedule", schedule), call.params
    _live(obj, "cancel", "canceled")
    sub = call.store.find(obj["subscription"] or "")
    if sub is not None and sub["status"] not in ("canceled", "incomplete_expired"):
        params = {"prorate": p.get("prorate", True), "invoice_now": p.get("invoice_now", True)}
        cancel_subscription(dataclasses.replace(call, params=params), sub["id"])
    else:
        _mark_canceled(call.store, obj, call.now(), request={"id": call.request_id,
                                                              "idempotency_key": call.idempotency_key})
    return obj


def _mark_canceled(store: Any, schedule: dict[str, Any], at: int, request: dict | None = None) -> None:
    schedule.update({"status": "canceled", "canceled_at": at, "current_phase": None})
    emit(store, "subscription_schedule.canceled", schedule, request=request)


@hooks.on_event
def cancel_with_subscription(store: Any, event: dict[str, Any]) -> None:
    """A subscription that ends (canceled now, at period end, or expired) cancels its live schedule."""
    if event["type"] != "customer.subscription.deleted":
        return
    schedule = store.find(event["data"]["object"].get("schedule") or "")
    if schedule is not None and schedule["status"] in LIVE:
        _mark_canceled(store, schedule, store.now(), request=event["request"])


def phase_due(store: Any, sub: dict[str, Any]) -> list[tuple[int, str, str]]:
    """The clock's next step for a subscription's schedule: the end of its current phase."""
    schedule = store.find(sub.get("schedule") or "")
    if schedule is None or schedule["status"] != "active" or sub["status"] not in RUNNING:
        return []
    return [(schedule["current_phase"]["end_date"], "next_phase", sub["id"])]


def enter_next_phase(call: Call, sub: dict[str, Any], at: int) -> None:
    """At the end of the current phase: switch to the next one, or release / complete the schedule."""
    schedule = call.store.find(sub["schedule"])
    before = copy.deepcopy(schedule)
    ending = schedule["current_phase"]["end_date"]
    following = [phase for phase in schedule["phases"] if phase["start_date"] == ending]
    if following:
        phase = following[0]
        _switch_items(call, sub, phase, at, phase["proration_behavior"])
        schedule["current_phase"] = {"start_date": phase["start_date"], "end_date": phase["end_date"]}
        call.emit("subscription_schedule.updated", schedule, previous=before)
    elif schedule["end_behavior"] == "cancel":
        schedule.update({"status": "completed", "completed_at": at, "current_phase": None})
        call.emit("subscription_schedule.completed", schedule)
        end_subscription(call, sub, at, "cancellation_requested")
    else:
        _release(call, schedule, at)


def preview_next_phase(store: Any, work: dict[str, Any], at: int) -> None:
    """Put a copy of a subscription on the items of the phase its schedule starts at `at` (for previews)."""
    schedule = store.find(work.get("schedule") or "")
    phase = next((phase for phase in schedule["phases"] if phase["start_date"] == at), None) \
        if schedule is not None and schedule["status"] == "active" else None
    if phase is None:
        return
    old = recurring(work)
    template = work["items"]["data"][0]
    work["items"]["data"] = [{**template, "id": new_id("si", 14), "quantity": item["quantity"]}
                             for item in phase["items"]]
    for item, spec in zip(work["items"]["data"], phase["items"], strict=True):
        set_price(item, store.find(spec["price"]))
    new = recurring(work)
    if (new["interval"], new["interval_count"]) != (old["interval"], old["interval_count"]):
        work["billing_cycle_anchor"] = at
