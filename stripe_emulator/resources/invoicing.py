"""Invoice building and lifecycle shared by subscriptions, renewals and the invoice endpoints:
lines, discounts and totals, finalize (number, hosted URLs, customer balance), pay (with the
automatic retry schedule of declined renewals), void."""

import copy
from typing import Any

from flask import has_request_context, request

from ..endpoints import Call
from ..errors import StripeError, invalid_request
from ..ids import new_id
from .billing_math import allocate_discount, day_text, money
from .cards import charge
from .discounts import active_coupons

DEFAULT_BASE_URL = "http://127.0.0.1:12111/"
RETRY_INTERVAL = 3 * 86_400  # automatic retries of a declined renewal: every 3 days,
MAX_ATTEMPTS = 4             # 4 attempts in all, then the invoice waits for `invoices.pay`


def base_url() -> str:
    """The emulator's own URL as the client reached it (for hosted invoice pages)."""
    return request.host_url if has_request_context() else DEFAULT_BASE_URL


def product_name(store: Any, price: dict[str, Any]) -> str:
    product = store.find(price["product"])
    return (product or {}).get("name") or price["product"]


def item_description(store: Any, price: dict[str, Any], quantity: int) -> str:
    """`1 × Gold (at $10.00 / month)`, as Stripe describes a subscription line."""
    recurring = price["recurring"] or {}
    count = recurring.get("interval_count") or 1
    every = recurring.get("interval", "") if count == 1 else f"every {count} {recurring.get('interval')}s"
    return f"{quantity} × {product_name(store, price)} (at {money(price['unit_amount'], price['currency'])} / {every})"


def line(*, subscription: dict[str, Any], item_id: str, price: dict[str, Any], quantity: int, amount: int,
         start: int, end: int, description: str, invoice_item: str | None = None) -> dict[str, Any]:
    """An invoice line for a subscription item (a period charge, or a proration when `invoice_item`)."""
    return {
        "id": new_id("il"), "object": "line_item", "amount": amount, "currency": price["currency"],
        "description": description, "discount_amounts": [], "discountable": True, "discounts": [],
        "invoice": None, "livemode": False, "metadata": {},
        "parent": {"type": "subscription_item_details", "invoice_item_details": None,
                   "subscription_item_details": {
                       "invoice_item": invoice_item, "proration": invoice_item is not None,
                       "proration_details": {"credited_items": None},
                       "subscription": subscription["id"], "subscription_item": item_id}},
        "period": {"start": start, "end": end}, "pretax_credit_amounts": [],
        "pricing": {"type": "price_details", "price_details": {"price": price["id"], "product": price["product"]},
                    "unit_amount_decimal": price["unit_amount_decimal"]},
        "quantity": quantity, "quantity_decimal": str(quantity), "subscription": subscription["id"],
        "subtotal": amount, "taxes": [],
    }


def line_for_invoice_item(subscription: dict[str, Any], invoice_item: dict[str, Any]) -> dict[str, Any]:
    details = invoice_item["parent"]["subscription_details"]
    price = {"id": invoice_item["pricing"]["price_details"]["price"], "currency": invoice_item["currency"],
             "product": invoice_item["pricing"]["price_details"]["product"],
             "unit_amount_decimal": invoice_item["pricing"]["unit_amount_decimal"]}
    return line(subscription=subscription, item_id=details["subscription_item"], price=price,
                quantity=invoice_item["quantity"], amount=invoice_item["amount"],
                start=invoice_item["period"]["start"], end=invoice_item["period"]["end"],
                description=invoice_item["description"], invoice_item=invoice_item["id"])


def new_invoice_item(store: Any, subscription: dict[str, Any], item_id: str, price: dict[str, Any], quantity: int,
                     amount: int, period: tuple[int, int], description: str) -> dict[str, Any]:
    """A pending proration (InvoiceItem shape) waiting for the subscription's next invoice."""
    return {
        "id": new_id("ii"), "object": "invoiceitem", "amount": amount, "currency": price["currency"],
        "customer": subscription["customer"], "customer_account": None, "date": store.now(),
        "description": description, "discountable": True, "discounts": [], "invoice": None, "livemode": False,
        "metadata": {}, "net_amount": amount,
        "parent": {"type": "subscription_details",
                   "subscription_details": {"subscription": subscription["id"], "subscription_item": item_id}},
        "period": {"start": period[0], "end": period[1]},
        "pricing": {"type": "price_details", "price_details": {"price": price["id"], "product": price["product"]},
                    "unit_amount_decimal": price["unit_amount_decimal"]},
        "proration": True, "proration_details": {"credited_items": None, "discount_amounts": []},
        "quantity": quantity, "quantity_decimal": str(quantity), "tax_rates": [], "test_clock": None,
    }


def proration_description(store: Any, price: dict[str, Any], quantity: int, credit: bool, at: int) -> str:
    what = product_name(store, price) if quantity == 1 else f"{quantity} × {product_name(store, price)}"
    return f"{'Unused' if credit else 'Remaining'} time on {what} after {day_text(at)}"


def pending_items(store: Any, subscription_id: str) -> list[dict[str, Any]]:
    """The subscription's invoice items not on any invoice yet, oldest first."""
    items = [ii for ii in store.iter_kind("invoiceitem")
             if ii["invoice"] is None and not ii.get("_deleted")
             and ii["parent"]["subscription_details"]["subscription"] == subscription_id]
    return sorted(items, key=lambda ii: ii["date"])


def apply_totals(store: Any, invoice: dict[str, Any], at: int) -> None:
    """Subtotal, per-line and invoice discount amounts, and total from the lines and discounts."""
    lines = invoice["lines"]["data"]
    for item in lines:
        item["discount_amounts"], item["pretax_credit_amounts"] = [], []
    remaining = [item["amount"] for item in lines]
    totals = []
    for discount_id, coupon in active_coupons(store, invoice["discounts"], at):
        products = (coupon.get("applies_to") or {}).get("products")
        eligible = [amount if not products or item["pricing"]["price_details"]["product"] in products else 0
                    for item, amount in zip(lines, remaining, strict=False)]
        shares = allocate_discount(eligible, coupon, invoice["currency"])
        for item, share in zip(lines, shares, strict=False):
            item["discount_amounts"].append({"amount": share, "discount": discount_id})
            item["pretax_credit_amounts"].append({"amount": share, "credit_balance_transaction": None,
                                                  "discount": discount_id, "type": "discount"})
        remaining = [amount - share for amount, share in zip(remaining, shares, strict=False)]
        totals.append({"amount": sum(shares), "discount": discount_id})
    subtotal = sum(item["amount"] for item in lines)
    total = subtotal - sum(entry["amount"] for entry in totals)
    invoice.update({
        "subtotal": subtotal, "subtotal_excluding_tax": subtotal, "total": total, "total_excluding_tax": total,
        "total_discount_amounts": totals,
        "total_pretax_credit_amounts": [{"amount": t["amount"], "credit_balance_transaction": None,
                                         "discount": t["discount"], "type": "discount"} for t in totals],
        "amount_due": max(total + invoice["starting_balance"], 0),
        "amount_remaining": max(total + invoice["starting_balance"], 0),
    })


def _customer_snapshot(customer: dict[str, Any]) -> dict[str, Any]:
    shipping = customer.get("shipping")
    return {"customer_address": copy.deepcopy(customer.get("address")), "customer_email": customer.get("email"),
            "customer_name": customer.get("name"), "customer_phone": customer.get("phone"),
            "customer_shipping": copy.deepcopy(shipping), "customer_tax_exempt": customer.get("tax_exempt", "none")}


def new_invoice(store: Any, subscription: dict[str, Any], lines: list[dict[str, Any]], *, billing_reason: str,
                period: tuple[int, int], created: int, invoice_id: str | None = None) -> dict[str, Any]:
    """A draft subscription invoice (not stored) with its totals computed."""
    invoice_id = invoice_id or new_id("in")
    customer = store.find(subscription["customer"]) or {}
    for item in lines:
        item["invoice"] = invoice_id
    invoice = {
        "id": invoice_id, "object": "invoice", "account_country": "US", "account_name": "Emulated merchant",
        "account_tax_ids": None, "amount_due": 0, "amount_overpaid": 0, "amount_paid": 0,
        "amount_remaining": 0, "amount_shipping": 0, "application": None, "attempt_count": 0, "attempted": False,
        "auto_advance": True, "automatic_tax": {"disabled_reason": None, "enabled": False, "liability": None,
                                                "provider": None, "status": None},
        "automatically_finalizes_at": None, "billing_reason": billing_reason,
        "collection_method": "charge_automatically", "confirmation_secret": None, "created": created,
        "currency": subscription["currency"], "custom_fields": None, "customer": subscription["customer"],
        "customer_account": None, **_customer_snapshot(customer), "customer_tax_ids": [],
        "default_payment_method": None, "default_source": None, "default_tax_rates": [], "description": None,
        "discounts": list(subscription["discounts"]), "due_date": None, "effective_at": None,
        "ending_balance": None, "footer": None, "from_invoice": None, "hosted_invoice_url": None,
        "invoice_pdf": None, "issuer": {"type": "self"}, "last_finalization_error": None,
        "latest_revision": None, "lines": {"object": "list", "data": lines, "has_more": False,
                                           "url": f"/v1/invoices/{invoice_id}/lines"},
        "livemode": False, "metadata": {}, "next_payment_attempt": None, "number": None, "on_behalf_of": None,
        "parent": {"type": "subscription_details", "quote_details": None, "subscription_details": {
            "metadata": dict(subscription["metadata"]), "subscription": subscription["id"],
            "subscription_proration_date": None}},
        "payment_settings": {"default_mandate": None, "payment_method_options": None,
                             "payment_method_types": None},
        "period_end": period[1], "period_start": period[0], "post_payment_credit_notes_amount": 0,
        "pre_payment_credit_notes_amount": 0, "receipt_number": None, "rendering": None, "shipping_cost": None,
        "shipping_details": None, "starting_balance": customer.get("balance") or 0, "statement_descriptor": None,
        "status": "draft",
        "status_details": None, "status_transitions": {"finalized_at": None, "marked_uncollectible_at": None,
                                                       "paid_at": None, "voided_at": None},
        "subtotal": 0, "subtotal_excluding_tax": 0, "test_clock": None, "threshold_reason": None, "total": 0,
        "total_discount_amounts": [], "total_excluding_tax": 0, "total_pretax_credit_amounts": [],
        "total_taxes": [], "webhooks_delivered_at": created,
    }
    apply_totals(store, invoice, period[1] if billing_reason == "subscription_cycle" else created)
    return invoice


def store_draft(call: Call, invoice: dict[str, Any]) -> dict[str, Any]:
    """Keep a draft invoice, mark the pending items it bills as invoiced, emit invoice.created.

    A customer's first invoice sets the customer's `currency` (what Stripe bills them in from then on).
    """
    call.store.add(invoice)
    customer = call.store.find(invoice["customer"])
    if customer is not None and customer["currency"] is None:
        before = copy.deepcopy(customer)
        customer["currency"] = invoice["currency"]
        call.emit("customer.updated", customer, previous=before)
    for item in invoice["lines"]["data"]:
        invoice_item = (item["parent"]["subscription_item_details"] or {}).get("invoice_item")
        if invoice_item:
            call.store.find(invoice_item)["invoice"] = invoice["id"]
    call.emit("invoice.created", invoice)
    return invoice


def finalize(call: Call, invoice: dict[str, Any], at: int) -> None:
    """Draft → open: number, hosted page and PDF links, customer credit balance applied (Stripe's order)."""
    customer = call.store.find(invoice["customer"])
    before = copy.deepcopy(invoice)
    sequence = customer.get("next_invoice_sequence") or 1
    customer["next_invoice_sequence"] = sequence + 1
    balance = customer.get("balance") or 0
    due = invoice["total"] + balance
    if min(due, 0) != balance:
        customer_before = copy.deepcopy(customer)
        customer["balance"] = min(due, 0)
        call.emit("customer.updated", customer, previous=customer_before)
    base = base_url()
    invoice.update({
        "number": f"{customer.get('invoice_prefix') or 'EMU'}-{sequence:04d}", "status": "open",
        "starting_balance": balance, "ending_balance": min(due, 0), "amount_due": max(due, 0),
        "amount_remaining": max(due, 0), "effective_at": at,
        "hosted_invoice_url": f"{base}invoices/{invoice['id']}", "invoice_pdf": f"{base}invoices/{invoice['id']}/pdf",
    })
    invoice["status_transitions"]["finalized_at"] = at
    call.emit("invoice.finalized", invoice, previous=before)
    if invoice["amount_due"] == 0:
        mark_paid(call, invoice, at)


def mark_paid(call: Call, invoice: dict[str, Any], at: int) -> None:
    before = copy.deepcopy(invoice)
    invoice.update({"status": "paid", "amount_paid": invoice["amount_due"], "amount_remaining": 0,
                    "attempted": invoice["attempted"] or invoice["amount_due"] > 0, "next_payment_attempt": None})
    invoice["status_transitions"]["paid_at"] = at
    call.emit("invoice.paid", invoice, previous=before)
    call.emit("invoice.payment_succeeded", invoice)


def payment_method_for(store: Any, invoice: dict[str, Any]) -> str | None:
    """Invoice's default, else its subscription's, else the customer's invoice_settings default."""
    if invoice["default_payment_method"]:
        return invoice["default_payment_method"]
    subscription = store.find((invoice["parent"] or {}).get("subscription_details", {}).get("subscription") or "")
    if subscription and subscription.get("default_payment_method"):
        return subscription["default_payment_method"]
    customer = store.find(invoice["customer"]) or {}
    return (customer.get("invoice_settings") or {}).get("default_payment_method")


def no_payment_method_error() -> StripeError:
    return invalid_request("This customer has no attached payment source or default payment method. Please "
                           "consider adding a default payment method.", code="resource_missing")


def attempt_payment(call: Call, invoice: dict[str, Any], at: int, payment_method: str | None = None,
                    ) -> StripeError | None:
    """Charge an open invoice; paid on success, else `invoice.payment_failed` and the error returned."""
    payment_method = payment_method or payment_method_for(call.store, invoice)
    error = charge(call.store, payment_method, invoice["amount_remaining"]) if payment_method \
        else no_payment_method_error()
    before = copy.deepcopy(invoice)
    invoice["attempt_count"] += 1
    invoice["attempted"] = True
    if error is None:
        mark_paid(call, invoice, at)
        return None
    retries = invoice["billing_reason"] != "subscription_create" and invoice["attempt_count"] < MAX_ATTEMPTS
    invoice["next_payment_attempt"] = at + RETRY_INTERVAL if retries else None
    call.emit("invoice.updated", invoice, previous=before)
    call.emit("invoice.payment_failed", invoice)
    return error


def void(call: Call, invoice: dict[str, Any], at: int) -> None:
    if invoice["status"] != "open":
        raise invalid_request(f"You can only void open invoices. This invoice is {invoice['status']}.")
    before = copy.deepcopy(invoice)
    invoice.update({"status": "void", "next_payment_attempt": None})
    invoice["status_transitions"]["voided_at"] = at
    call.emit("invoice.voided", invoice, previous=before)
