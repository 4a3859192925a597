"""A customer's invoices: history pages, the ones still due, and paying one."""
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import stripe
from flask_babel import lazy_gettext as _l

from portal_site.billing.client import call, idempotency_options, parallel, plain, read, v1
from portal_site.billing.errors import BillingError, NotFound
from portal_site.billing.money import Money
from portal_site.billing.payment_methods import Card, Wallet, cards, wallet

PAGE_SIZE = 10


@dataclass(frozen=True)
class Invoice:
    id: str
    number: str
    status: str
    created: int
    due_date: int | None
    attempted: bool
    total: Money
    amount_due: Money
    amount_remaining: Money
    hosted_invoice_url: str | None
    invoice_pdf: str | None
    subscription_id: str | None = None

    @property
    def payable(self) -> bool:
        return self.status == "open" and self.amount_remaining.amount > 0

    @property
    def past_due(self) -> bool:
        """Open after its due date, or (charged automatically) after a failed payment attempt."""
        if self.status != "open":
            return False
        return self.due_date < time.time() if self.due_date else self.attempted


@dataclass(frozen=True)
class InvoicePage:
    invoices: tuple[Invoice, ...]
    has_more: bool

    @property
    def next_after(self) -> str | None:
        return self.invoices[-1].id if self.has_more and self.invoices else None


class NotPayable(BillingError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_l("This invoice has nothing left to pay."), code="invoice_not_open")


class DueChanged(BillingError):
    """Paying all was asked for other invoices than are open now (one was paid elsewhere, or a new one came)."""

    status = 409

    def __init__(self, due: tuple["Invoice", ...], cards_on_file: Wallet) -> None:
        super().__init__(_l("What is due changed since this page was shown, so nothing was paid. "
                            "Check the invoices below and pay again."), code="due_changed")
        self.due, self.wallet = due, cards_on_file


@dataclass(frozen=True)
class Payment:
    """What paying did: the invoices paid (oldest first), the card chosen for it (None: the default),
    and, when paying several stopped at a refusal, the invoice refused and why."""

    paid: tuple[Invoice, ...]
    card: Card | None = None
    refused: Invoice | None = None
    reason: str | None = None
    left: tuple[Invoice, ...] = ()  # the invoices still open after paying several, with the refused one first
    wallet: Wallet | None = None  # the customer's cards when paying several, to pay what is left

    @property
    def invoice(self) -> Invoice:
        return self.paid[0]


def _subscription_of(value: Mapping[str, Any]) -> str | None:
    details = (value.get("parent") or {}).get("subscription_details") or {}
    subscription = details.get("subscription")
    return subscription["id"] if isinstance(subscription, Mapping) else subscription


def _invoice(value: stripe.Invoice | Mapping[str, Any]) -> Invoice:
    """An invoice as the portal shows it, from an SDK object or a plain read (`client.read`)."""
    fields: Mapping[str, Any] = plain(value)
    currency = fields["currency"]
    return Invoice(
        id=fields["id"],
        number=fields.get("number") or "",
        status=fields.get("status") or "",
        created=fields["created"],
        due_date=fields.get("due_date"),
        attempted=bool(fields.get("attempted")),
        total=Money(fields.get("total") or 0, currency),
        amount_due=Money(fields.get("amount_due") or 0, currency),
        amount_remaining=Money(fields.get("amount_remaining") or 0, currency),
        hosted_invoice_url=fields.get("hosted_invoice_url"),
        invoice_pdf=fields.get("invoice_pdf"),
        subscription_id=_subscription_of(fields),
    )


def _retrieve(customer_id: str, invoice_id: str | None) -> stripe.Invoice:
    """The invoice if it is `customer_id`'s; NotFound otherwise, and for a malformed id before asking Stripe."""
    if not invoice_id or not invoice_id.startswith("in_") or len(invoice_id) > 255:
        raise NotFound()
    value = call(v1().invoices.retrieve, invoice_id)
    if value.customer != customer_id:
        raise NotFound()
    return value


def _page(customer_id: str, after: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"customer": customer_id, "limit": PAGE_SIZE}
    if after:
        params["starting_after"] = after
    return read("/v1/invoices", params)


def history(customer_id: str, after: str | None = None) -> InvoicePage:
    """One page, newest first; `after` (an id from the browser) is checked to be this customer's."""
    if after:
        listing, _owned = parallel(lambda: _page(customer_id, after), lambda: _retrieve(customer_id, after))
    else:
        listing = _page(customer_id, None)
    invoices = tuple(_invoice(v) for v in listing["data"] if v["status"] != "draft")
    return InvoicePage(invoices, bool(listing["has_more"]))


def due(customer_id: str) -> tuple[Invoice, ...]:
    """Open invoices (past-due ones first)."""
    listing = read("/v1/invoices", {"customer": customer_id, "status": "open", "limit": 100})
    invoices = [_invoice(v) for v in listing["data"]]
    return tuple(sorted(invoices, key=lambda i: (not i.past_due, i.created)))


def payable_total(invoices: Iterable[Invoice]) -> Money | None:
    """What paying all of `invoices` that are payable costs, or None when they are in several currencies."""
    payable = [invoice for invoice in invoices if invoice.payable]
    currencies = {invoice.amount_remaining.currency for invoice in payable}
    if len(currencies) != 1:
        return None
    return Money(sum(invoice.amount_remaining.amount for invoice in payable), currencies.pop())


def get(customer_id: str, invoice_id: str | None) -> Invoice:
    return _invoice(_retrieve(customer_id, invoice_id))


def _owned_card(customer_id: str, payment_method_id: str | None) -> Card | None:
    """The customer's card with this id (NotFound for anyone else's), or None for the default."""
    if not payment_method_id:
        return None
    card = next((card for card in cards(customer_id) if card.id == payment_method_id), None)
    if card is None:
        raise NotFound()
    return card


def _pay(customer_id: str, invoice_id: str, payment_method_id: str | None, nonce: str | None) -> Invoice:
    params = {"payment_method": payment_method_id} if payment_method_id else {}
    paid = call(v1().invoices.pay, invoice_id, params=params,
                options=idempotency_options(customer_id, f"pay-invoice-{invoice_id}", nonce))
    return _invoice(paid)


def pay(customer_id: str, invoice_id: str | None, payment_method_id: str | None, nonce: str | None) -> Payment:
    """Pay an open invoice with the default card or a chosen one of the customer's cards."""
    value, card = parallel(lambda: _retrieve(customer_id, invoice_id),
                           lambda: _owned_card(customer_id, payment_method_id))
    if not _invoice(value).payable:
        raise NotPayable()
    return Payment((_pay(customer_id, value.id, payment_method_id, nonce),), card)


def pay_all(customer_id: str, payment_method_id: str | None, nonce: str | None,
            shown: Iterable[str] | None = None) -> Payment:
    """Pay every open invoice, oldest first, until one is refused.

    `shown`, the ids of the invoices the customer was offered to pay: when others are payable now, nothing is
    paid (`DueChanged`), so the total charged is never other than the total on the button.
    Nothing paid and the first refused: the refusal is raised. Some paid, then one refused:
    the `Payment` says both, so the customer is told the truth about what was paid.
    """
    open_invoices, cards_on_file = parallel(lambda: due(customer_id), lambda: wallet(customer_id))
    card = next((card for card in cards_on_file.cards if card.id == payment_method_id), None)
    if payment_method_id and card is None:
        raise NotFound()
    payable = sorted((invoice for invoice in open_invoices if invoice.payable), key=lambda invoice: invoice.created)
    if shown is not None and set(shown) != {invoice.id for invoice in payable}:
        raise DueChanged(open_invoices, cards_on_file)
    if not payable:
        raise NotPayable()
    paid: list[Invoice] = []
    for position, invoice in enumerate(payable):
        try:
            paid.append(_pay(customer_id, invoice.id, payment_method_id, nonce))
        except BillingError as error:
            if not paid or error.status >= 500:
                raise
            return Payment(tuple(paid), card, invoice, error.message, tuple(payable[position:]), cards_on_file)
    return Payment(tuple(paid), card, wallet=cards_on_file)
