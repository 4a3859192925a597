"""Invoice endpoints: retrieve, list, lines, pay (card errors leave it open), void, and
`create_preview` (the upcoming invoice, or the one a subscription change would bill now)."""

from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param
from ..ids import new_id
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, Enum
from .discounts import DISCOUNT_SPEC, redeem
from .invoicing import attempt_payment, mark_paid, new_invoice, pending_items, void
from .subscription_billing import (
    current_period,
    lines_for_items,
    next_period,
    period_lines,
    set_period,
    settle_paid,
    trial_lines,
)
from .subscription_schedules import preview_next_phase
from .subscription_updates import ITEM_CHANGE, plan_update
from .subscriptions import PRORATION_BEHAVIOR, TRIAL_END, check_payment_method, new_subscription

LIST = {**LIST_PARAMS, "collection_method": Enum("charge_automatically", "send_invoice"), "created": CREATED,
        "customer": str, "status": Enum("draft", "open", "paid", "uncollectible", "void"), "subscription": str}
PAY = {"expand": EXPAND, "off_session": bool, "paid_out_of_band": bool, "payment_method": str}
PREVIEW = {
    "customer": str, "discounts": [DISCOUNT_SPEC], "expand": EXPAND, "subscription": str,
    "subscription_details": {"billing_cycle_anchor": Enum("now", "unchanged"), "cancel_at_period_end": bool,
                             "items": [ITEM_CHANGE],
                             "proration_behavior": PRORATION_BEHAVIOR, "proration_date": int,
                             "trial_end": TRIAL_END},
}


def subscription_of(invoice: dict[str, Any]) -> str | None:
    parent = invoice.get("parent") or {}
    return (parent.get("subscription_details") or {}).get("subscription")


@endpoint("GET", "/v1/invoices/<invoice>", params={"expand": EXPAND}, sdk_params="InvoiceRetrieveParams")
def retrieve_invoice(call: Call, invoice: str) -> dict:
    return call.store.get("invoice", invoice)


@endpoint("GET", "/v1/invoices", params=LIST, sdk_params="InvoiceListParams")
def list_invoices(call: Call) -> dict:
    p = call.params
    invoices = [
        inv for inv in call.store.all("invoice")
        if (not p.get("customer") or inv["customer"] == p["customer"])
        and (not p.get("status") or inv["status"] == p["status"])
        and (not p.get("subscription") or subscription_of(inv) == p["subscription"])
        and (not p.get("collection_method") or inv["collection_method"] == p["collection_method"])
        and created_matches(inv["created"], p.get("created"))
    ]
    return paginate(invoices, p, url="/v1/invoices", object_name="invoice")


@endpoint("GET", "/v1/invoices/<invoice>/lines", params=LIST_PARAMS, sdk_params="InvoiceLineItemListParams")
def list_invoice_lines(call: Call, invoice: str) -> dict:
    lines = call.store.get("invoice", invoice)["lines"]["data"]
    return paginate(lines, call.params, url=f"/v1/invoices/{invoice}/lines", object_name="line_item")


@endpoint("POST", "/v1/invoices/<invoice>/pay", params=PAY, sdk_params="InvoicePayParams")
def pay_invoice(call: Call, invoice: str) -> dict:
    """Pay an open invoice now; a decline is a 402 card error and the invoice stays open."""
    obj, p, now = call.store.get("invoice", invoice), call.params, call.now()
    if obj["status"] == "paid":
        raise invalid_request("Invoice is already paid.", code="invoice_already_paid")
    if obj["status"] != "open":
        raise invalid_request(f"You can only pay open invoices. This invoice is {obj['status']}.")
    if p.get("paid_out_of_band"):
        mark_paid(call, obj, now)
    else:
        if p.get("payment_method"):
            check_payment_method(call.store, p["payment_method"], obj["customer"], "payment_method")
        error = attempt_payment(call, obj, now, p.get("payment_method"))
        if error is not None:
            raise error
    settle_paid(call, obj)
    return obj


@endpoint("POST", "/v1/invoices/<invoice>/void", params={"expand": EXPAND}, sdk_params="InvoiceVoidInvoiceParams")
def void_invoice(call: Call, invoice: str) -> dict:
    obj = call.store.get("invoice", invoice)
    void(call, obj, call.now())
    return obj


def preview_for_subscription(call: Call, sub: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    """The invoice the change `p` would bill now, or (no change) the subscription's next renewal invoice."""
    details, now = p.get("subscription_details") or {}, call.now()
    at = details.get("proration_date") or now
    change = {key: details[key] for key in ("items", "proration_behavior", "trial_end", "cancel_at_period_end",
                                            "billing_cycle_anchor")
              if key in details}
    if "discounts" in p:
        change["discounts"] = p["discounts"]
    plan = plan_update(call, sub, change, at)
    work = plan.work
    pending = pending_items(call.store, sub["id"])
    if plan.invoice_now:
        lines = plan.period_lines + lines_for_items(work, pending + plan.prorations)
        invoice = new_invoice(call.store, work, lines, billing_reason="subscription_update", period=(now, now),
                              created=now, invoice_id=f"upcoming_{new_id('in')}")
    else:
        if work["status"] in ("canceled", "incomplete_expired"):
            raise invalid_request("No upcoming invoices for a canceled subscription.", code="invoice_upcoming_none")
        start, end = current_period(work)
        if not change.get("items"):
            preview_next_phase(call.store, work, end)
        renewal = [] if work["cancel_at_period_end"] else period_lines(call.store, work, *next_period(work, end))
        lines = renewal + lines_for_items(work, pending + plan.prorations)
        if not lines:
            raise invalid_request("No upcoming invoices for this subscription: it ends at the end of its period.",
                                  code="invoice_upcoming_none")
        invoice = new_invoice(call.store, work, lines, billing_reason="upcoming", period=(start, end),
                              created=end, invoice_id=f"upcoming_{new_id('in')}")
        invoice["next_payment_attempt"] = end
    if plan.prorations:
        invoice["parent"]["subscription_details"]["subscription_proration_date"] = at
    return invoice


def _preview_new_subscription(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    customer = call.store.get("customer", p["customer"], param="customer")
    items = (p.get("subscription_details") or {}).get("items") or []
    if any(item.get("id") or item.get("deleted") for item in items):
        raise invalid_request("Pass `subscription` to preview changes to existing subscription items.",
                              param="subscription_details[items]")
    sub, now = new_subscription(call, customer, {"items": items}), call.now()
    trial_end = (p.get("subscription_details") or {}).get("trial_end")
    if isinstance(trial_end, int) and trial_end > now:
        set_period(sub, now, trial_end)
        lines = trial_lines(call.store, sub, now, trial_end)
    else:
        set_period(sub, *next_period(sub, now))
        lines = period_lines(call.store, sub, *current_period(sub))
    sub["discounts"] = redeem(call.store, p.get("discounts"), customer=customer["id"])
    return new_invoice(call.store, sub, lines, billing_reason="subscription_create", period=(now, now),
                       created=now, invoice_id=f"upcoming_{new_id('in')}")


@endpoint("POST", "/v1/invoices/create_preview", params=PREVIEW, sdk_params="InvoiceCreatePreviewParams")
def create_preview(call: Call) -> dict:
    """The invoice a subscription (or a change to it, or a new one) would produce; nothing is billed."""
    p = call.params
    if p.get("subscription"):
        sub = call.store.get("subscription", p["subscription"], param="subscription")
        if p.get("customer") and p["customer"] != sub["customer"]:
            raise invalid_request("The subscription does not belong to this customer.", param="subscription")
        invoice = preview_for_subscription(call, sub, p)
    elif p.get("customer") and (p.get("subscription_details") or {}).get("items"):
        invoice = _preview_new_subscription(call, p)
    elif p.get("customer"):
        raise invalid_request("Pass `subscription` or `subscription_details[items]` to preview an invoice.",
                              param="subscription")
    else:
        raise missing_param("customer")
    invoice["lines"]["url"] = "/v1/invoices/upcoming/lines"
    return invoice
