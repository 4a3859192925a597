"""A customer's cards: list, add through a SetupIntent, make default, remove.

Stripe charges a subscription's own `default_payment_method` before the customer's
`invoice_settings.default_payment_method` (Checkout sets the former). So the card a customer
makes their default becomes the default of their charging subscriptions too: the card shown as
"Default" is the card that pays.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import stripe
from flask_babel import lazy_gettext as _l

from portal_site.billing.client import call, idempotency_options, parallel, plain, read, v1
from portal_site.billing.errors import BillingError, NotFound, card_message

# Subscriptions in these states still charge the customer, so they need a card on file.
CHARGING_STATUSES = frozenset({"active", "trialing", "past_due", "unpaid"})


@dataclass(frozen=True)
class Card:
    id: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int

    def _months_left(self, today: date | None = None) -> int:
        today = today or datetime.now(UTC).date()
        return (self.exp_year - today.year) * 12 + (self.exp_month - today.month)

    @property
    def expires_on(self) -> date:
        return date(self.exp_year, self.exp_month, 1)

    @property
    def expired(self) -> bool:
        return self._months_left() < 0

    @property
    def expiring_soon(self) -> bool:
        """Expires this month or next."""
        return 0 <= self._months_left() <= 1


@dataclass(frozen=True)
class Wallet:
    """The customer's cards and which one pays by default."""

    cards: tuple[Card, ...]
    default_id: str | None

    def owns(self, payment_method_id: str) -> bool:
        return any(card.id == payment_method_id for card in self.cards)

    def without(self, payment_method_id: str) -> "Wallet":
        cards = tuple(card for card in self.cards if card.id != payment_method_id)
        default = None if self.default_id == payment_method_id else self.default_id
        return Wallet(cards, default)


@dataclass(frozen=True)
class Setup:
    """A SetupIntent as the add-card page and its return view need it."""

    id: str
    status: str
    client_secret: str | None
    card: Card | None
    error_message: str | None
    made_default: bool = False


class LastPaymentMethod(BillingError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_l(
            "You have an active subscription, so you need at least one payment method. "
            "Add another card before removing this one."
        ), code="last_payment_method")


def card_of(payment_method: Any) -> Card | None:
    """An expanded payment method as plain JSON (`client.plain` of an SDK object) as a Card; None for none, an id
    or another kind."""
    card = payment_method.get("card") if isinstance(payment_method, dict) else None
    if not card:
        return None
    return Card(payment_method["id"], card["brand"], card["last4"], card["exp_month"], card["exp_year"])


def default_of(customer: stripe.Customer) -> str | None:
    """The id of the customer's default payment method (expanded or not), or None."""
    settings = customer.invoice_settings
    default = settings.default_payment_method if settings else None
    return default if isinstance(default, str | None) else default.id


def cards(customer_id: str) -> tuple[Card, ...]:
    listing = read("/v1/payment_methods", {"customer": customer_id, "type": "card", "limit": 100})
    return tuple(card for card in map(card_of, listing["data"]) if card)


def default_id(customer_id: str) -> str | None:
    return default_of(call(v1().customers.retrieve, customer_id))


def wallet(customer_id: str) -> Wallet:
    found, default = parallel(lambda: cards(customer_id), lambda: default_id(customer_id))
    return Wallet(found, default)


def _charging_subscriptions(customer_id: str) -> list[stripe.Subscription]:
    listing = call(v1().subscriptions.list, params={"customer": customer_id, "status": "all", "limit": 100})
    return [sub for sub in call(lambda: list(listing.auto_paging_iter())) if sub.status in CHARGING_STATUSES]


def _has_charging_subscription(customer_id: str) -> bool:
    return bool(_charging_subscriptions(customer_id))


def _own_default(subscription: stripe.Subscription) -> str | None:
    default = subscription.default_payment_method
    return default if isinstance(default, str | None) else default.id


def make_default(customer_id: str, payment_method_id: str, nonce: str | None) -> Wallet:
    """The card pays from now on: the customer's default, and that of every charging subscription
    that names a card of its own (which Stripe would charge first)."""
    found, subscriptions = parallel(lambda: cards(customer_id), lambda: _charging_subscriptions(customer_id))
    if not any(card.id == payment_method_id for card in found):
        raise NotFound()
    customer = call(
        v1().customers.update, customer_id,
        params={"invoice_settings": {"default_payment_method": payment_method_id}},
        options=idempotency_options(customer_id, "default-card", nonce),
    )
    parallel(*(
        lambda sub=sub: call(v1().subscriptions.update, sub.id,
                             params={"default_payment_method": payment_method_id},
                             options=idempotency_options(customer_id, f"default-card-{sub.id}", nonce))
        for sub in subscriptions if _own_default(sub) not in (None, payment_method_id)
    ))
    return Wallet(found, default_of(customer))


def remove(customer_id: str, payment_method_id: str, nonce: str | None) -> Wallet:
    current = wallet(customer_id)
    if not current.owns(payment_method_id):
        raise NotFound()
    if len(current.cards) == 1 and _has_charging_subscription(customer_id):
        raise LastPaymentMethod()
    call(v1().payment_methods.detach, payment_method_id,
         options=idempotency_options(customer_id, "remove-card", nonce))
    return current.without(payment_method_id)


def start_setup(customer_id: str, nonce: str | None) -> Setup:
    intent = call(
        v1().setup_intents.create,
        params={"customer": customer_id, "usage": "off_session", "allowed_payment_method_types": ["card"]},
        options=idempotency_options(customer_id, "setup-card", nonce),
    )
    return Setup(intent.id, intent.status, intent.client_secret, None, None)


def finish_setup(customer_id: str, setup_intent_id: str) -> Setup:
    """After Stripe.js returns: check the SetupIntent is this customer's; a first card becomes default."""
    intent, default = parallel(
        lambda: call(v1().setup_intents.retrieve, setup_intent_id, params={"expand": ["payment_method"]}),
        lambda: default_id(customer_id),
    )
    if intent.customer != customer_id:
        raise NotFound()
    error = intent.last_setup_error
    setup = Setup(
        intent.id, intent.status, intent.client_secret,
        card_of(plain(intent.payment_method)) if intent.status == "succeeded" else None,
        str(card_message(error.code, error.decline_code)) if error and error.type == "card_error" else None,
    )
    if setup.card is None or default:
        return setup
    call(
        v1().customers.update, customer_id,
        params={"invoice_settings": {"default_payment_method": setup.card.id}},
        options=idempotency_options(customer_id, "default-after-setup", intent.id),
    )
    return Setup(setup.id, setup.status, setup.client_secret, setup.card, None, made_default=True)
