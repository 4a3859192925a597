"""What the clock does to subscriptions as it advances: renewals (an invoice per period, charged;
a decline → past_due), automatic retries of declined invoices, trial ends, period-end
cancellations, pause_collection resumptions, subscription schedule phases (entered before a renewal
at the same instant bills), incomplete subscriptions expiring after 23 hours, and the notices
Stripe sends ahead: `customer.subscription.trial_will_end` three days before a trial ends and
`invoice.upcoming` seven days (Stripe's dashboard setting, here fixed) before a renewal; each at its
own instant, in order."""

import copy
from typing import Any

from .. import hooks
from ..endpoints import Call
from .invoices import preview_for_subscription
from .invoicing import attempt_payment, void
from .subscription_billing import (
    bill,
    current_period,
    next_period,
    period_lines,
    precheck,
    set_period,
    settle_paid,
    subscription_invoice,
)
from .subscription_schedules import enter_next_phase, phase_due
from .subscriptions import end_subscription

INCOMPLETE_LIFETIME = 23 * 3600
TRIAL_WILL_END_AHEAD = 3 * 86_400
UPCOMING_AHEAD = 7 * 86_400
RENEWING = ("active", "trialing", "past_due")


def _due(store: Any, sub: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(instant, what, object id) for each thing the clock will do to this subscription next."""
    due = []
    if sub["status"] in RENEWING:
        start, end = current_period(sub)
        due.append((end, "period_end", sub["id"]))
        notice = end - UPCOMING_AHEAD
        if notice > start and sub.get("_upcoming_notice") != end and not sub["cancel_at_period_end"]:
            due.append((notice, "upcoming", sub["id"]))
    if sub["status"] == "trialing" and sub["trial_end"]:
        notice = sub["trial_end"] - TRIAL_WILL_END_AHEAD
        if notice > sub["trial_start"] and sub.get("_trial_notice") != sub["trial_end"]:
            due.append((notice, "trial_will_end", sub["id"]))
    pause = sub.get("pause_collection")
    if pause and pause.get("resumes_at") and sub["status"] in RENEWING:
        due.append((pause["resumes_at"], "resume_collection", sub["id"]))
    due += phase_due(store, sub)
    if sub["status"] == "incomplete":
        due.append((sub["created"] + INCOMPLETE_LIFETIME, "expire", sub["id"]))
    if sub["status"] in RENEWING and not pause:
        due += [(invoice["next_payment_attempt"], "retry", invoice["id"]) for invoice in store.iter_kind("invoice")
                if invoice["status"] == "open" and invoice["next_payment_attempt"]
                and invoice["parent"]["subscription_details"]["subscription"] == sub["id"]]
    return due


def _trial_ended_without_method(call: Call, sub: dict[str, Any], at: int) -> bool:
    """Cancel or pause a trial ending with no payment method when its trial_settings say so."""
    missing = sub["trial_settings"]["end_behavior"]["missing_payment_method"]
    customer = call.store.find(sub["customer"]) or {}
    if missing == "create_invoice" or sub["default_payment_method"] or (
            customer.get("invoice_settings") or {}).get("default_payment_method"):
        return False
    if missing == "cancel":
        end_subscription(call, sub, at, "cancellation_requested")
        return True
    before = copy.deepcopy(sub)
    sub["status"] = "paused"
    call.emit("customer.subscription.paused", sub)
    call.emit("customer.subscription.updated", sub, previous=before)
    return True


def _renew(call: Call, sub: dict[str, Any], at: int) -> None:
    """Start the period beginning at `at` and bill it (a trial's end bills the first paid period)."""
    ending_trial = sub["status"] == "trialing"
    if ending_trial and _trial_ended_without_method(call, sub, at):
        return
    before = copy.deepcopy(sub)
    old_start, _ = current_period(sub)
    start, end = next_period(sub, at)
    set_period(sub, start, end)
    invoice = subscription_invoice(call, sub, period_lines(call.store, sub, start, end),
                                   reason="subscription_cycle", period=(old_start, at), at=at)
    collecting = not sub.get("pause_collection")
    if collecting:
        sub["status"] = "past_due" if precheck(call.store, sub, invoice) else "active"
    elif ending_trial:
        sub["status"] = "active"
    sub["latest_invoice"] = invoice["id"]
    call.emit("customer.subscription.updated", sub, previous=before)
    bill(call, sub, invoice, at)


def _resume_collection(call: Call, sub: dict[str, Any]) -> None:
    before = copy.deepcopy(sub)
    sub["pause_collection"] = None
    call.emit("customer.subscription.updated", sub, previous=before)


def _expire(call: Call, sub: dict[str, Any], at: int) -> None:
    before = copy.deepcopy(sub)
    sub.update({"status": "incomplete_expired", "ended_at": at})
    invoice = call.store.find(sub["latest_invoice"] or "")
    if invoice and invoice["status"] == "open":
        void(call, invoice, at)
    call.emit("customer.subscription.updated", sub, previous=before)


def _retry(call: Call, invoice: dict[str, Any], at: int) -> None:
    """An automatic retry of a declined invoice; success makes its subscription active again."""
    if attempt_payment(call, invoice, at) is None:
        settle_paid(call, invoice)


def _catch_up(call: Call, sub: dict[str, Any], end: int) -> None:
    while True:
        due = [entry for entry in _due(call.store, sub) if entry[0] <= end]
        if not due:
            return
        at, what, object_id = min(due)
        if what == "upcoming":
            sub["_upcoming_notice"] = current_period(sub)[1]
            call.emit("invoice.upcoming", preview_for_subscription(call, sub, {}))
        elif what == "trial_will_end":
            sub["_trial_notice"] = sub["trial_end"]
            call.emit("customer.subscription.trial_will_end", sub)
        elif what == "retry":
            _retry(call, call.store.find(object_id), at)
        elif what == "resume_collection":
            _resume_collection(call, sub)
        elif what == "expire":
            _expire(call, sub, at)
        elif what == "next_phase":
            enter_next_phase(call, sub, at)
        elif sub["cancel_at_period_end"]:
            end_subscription(call, sub, at, "cancellation_requested")
        else:
            _renew(call, sub, at)


@hooks.on_clock_advance
def advance_subscriptions(store: Any, start: int, end: int) -> None:
    """Bring every subscription up to `end`, oldest subscription first."""
    call = Call.background(store)
    for sub in sorted(store.iter_kind("subscription"), key=lambda s: s["created"]):
        _catch_up(call, sub, end)
