"""Stripe's test cards: numbers and `pm_card_*` ids, card validation, and charging a payment method.

`charge(store, payment_method_id, amount)` is what invoices call to
collect money: it returns None when the charge succeeds, or the StripeError
(402 card_error with `code`/`decline_code`) the card's behaviour dictates.
"""

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from ..errors import StripeError, card_error, invalid_request


@dataclass(frozen=True)
class Decline:
    code: str
    decline_code: str
    message: str
    param: str | None = None


# As Stripe's test cards answer (https://docs.stripe.com/testing#declined-payments): lost and
# stolen cards get the generic message, so a card error never tells a thief why it failed.
GENERIC = Decline("card_declined", "generic_decline", "Your card was declined.")
INSUFFICIENT_FUNDS = Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")
LOST = Decline("card_declined", "lost_card", "Your card was declined.")
STOLEN = Decline("card_declined", "stolen_card", "Your card was declined.")
EXPIRED = Decline("expired_card", "expired_card", "Your card has expired.", param="exp_month")
INCORRECT_CVC = Decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.", param="cvc")
PROCESSING_ERROR = Decline("processing_error", "processing_error",
                           "An error occurred while processing your card. Try again in a little bit.")
VELOCITY = Decline("card_declined", "card_velocity_exceeded",
                   "Your card was declined for making repeated attempts too frequently or exceeding its amount limit.")


@dataclass(frozen=True)
class TestCard:
    brand: str
    funding: str = "credit"
    country: str = "US"
    charge_decline: Decline | None = None
    setup_decline: Decline | None = None


TEST_CARDS: dict[str, TestCard] = {
    "4242424242424242": TestCard("visa"),
    "4000056655665556": TestCard("visa", funding="debit"),
    "5555555555554444": TestCard("mastercard"),
    "378282246310005": TestCard("amex"),
    "6011111111111117": TestCard("discover"),
    "4000000000000077": TestCard("visa"),
    "4000000000000002": TestCard("visa", charge_decline=GENERIC, setup_decline=GENERIC),
    "4000000000009995": TestCard("visa", charge_decline=INSUFFICIENT_FUNDS),
    "4000000000000341": TestCard("visa", charge_decline=GENERIC),
    "4000000000000069": TestCard("visa", charge_decline=EXPIRED, setup_decline=EXPIRED),
    "4000000000009987": TestCard("visa", charge_decline=LOST, setup_decline=LOST),
    "4000000000009979": TestCard("visa", charge_decline=STOLEN, setup_decline=STOLEN),
    "4000000000000127": TestCard("visa", charge_decline=INCORRECT_CVC, setup_decline=INCORRECT_CVC),
    "4000000000000119": TestCard("visa", charge_decline=PROCESSING_ERROR, setup_decline=PROCESSING_ERROR),
    "4000000000006975": TestCard("visa", charge_decline=VELOCITY),
}

TEST_PAYMENT_METHODS: dict[str, str] = {
    "pm_card_visa": "4242424242424242",
    "pm_card_visa_debit": "4000056655665556",
    "pm_card_mastercard": "5555555555554444",
    "pm_card_amex": "378282246310005",
    "pm_card_discover": "6011111111111117",
    "pm_card_chargeDeclined": "4000000000000002",
    "pm_card_visa_chargeDeclined": "4000000000000002",
    "pm_card_visa_chargeDeclinedInsufficientFunds": "4000000000009995",
    "pm_card_chargeCustomerFail": "4000000000000341",
    "pm_card_chargeDeclinedExpiredCard": "4000000000000069",
    "pm_card_visa_chargeDeclinedLostCard": "4000000000009987",
    "pm_card_visa_chargeDeclinedStolenCard": "4000000000009979",
    "pm_card_chargeDeclinedIncorrectCvc": "4000000000000127",
    "pm_card_chargeDeclinedProcessingError": "4000000000000119",
    "pm_card_visa_chargeDeclinedVelocityLimitExceeded": "4000000000006975",
}

DISPLAY_BRAND = {"amex": "american_express"}


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def validate_card(card: dict[str, Any], now: int, param: str = "card") -> str:
    """Check number, expiry and CVC as Stripe does; return the normalised number."""
    number = "".join((card.get("number") or "").split())
    if not number:
        raise invalid_request("Missing required param: card[number].", param=f"{param}[number]",
                              code="parameter_missing")
    if not number.isdigit() or not 12 <= len(number) <= 19 or not luhn_valid(number):
        raise card_error("incorrect_number", "Your card number is incorrect.", param=f"{param}[number]")
    today = datetime.datetime.fromtimestamp(now, datetime.UTC)
    month, year = card.get("exp_month"), card.get("exp_year")
    if month is None or not 1 <= month <= 12:
        raise card_error("invalid_expiry_month", "Your card's expiration month is invalid.",
                         param=f"{param}[exp_month]")
    if year is None or year < today.year or year > today.year + 50:
        raise card_error("invalid_expiry_year", "Your card's expiration year is invalid.",
                         param=f"{param}[exp_year]")
    if year == today.year and month < today.month:
        raise card_error("invalid_expiry_month", "Your card's expiration month is invalid.",
                         param=f"{param}[exp_month]")
    cvc = card.get("cvc")
    if cvc is not None and (not cvc.isdigit() or len(cvc) not in (3, 4)):
        raise card_error("invalid_cvc", "Your card's security code is invalid.", param=f"{param}[cvc]")
    if number not in TEST_CARDS:
        raise card_error("card_declined", "Your card was declined. Your request was in test mode, but used a "
                         "non test card. For a list of valid test cards, visit: "
                         "https://stripe.com/docs/testing.", decline_code="test_mode_live_card",
                         param=f"{param}[number]")
    return number


def card_details(number: str, exp_month: int, exp_year: int, cvc_given: bool) -> dict[str, Any]:
    """The `card` hash of a PaymentMethod for a test card number."""
    test_card = TEST_CARDS[number]
    return {
        "brand": test_card.brand,
        "checks": {"address_line1_check": None, "address_postal_code_check": None,
                   "cvc_check": "pass" if cvc_given else None},
        "country": test_card.country,
        "display_brand": DISPLAY_BRAND.get(test_card.brand, test_card.brand),
        "exp_month": exp_month,
        "exp_year": exp_year,
        "fingerprint": hashlib.sha256(number.encode()).hexdigest()[:16],
        "funding": test_card.funding,
        "generated_from": None,
        "last4": number[-4:],
        "networks": {"available": [test_card.brand], "preferred": None},
        "regulated_status": "unregulated",
        "three_d_secure_usage": {"supported": True},
        "wallet": None,
    }


def decline_error(decline: Decline) -> StripeError:
    return card_error(decline.code, decline.message, decline_code=decline.decline_code, param=decline.param)


def _expired_at(payment_method: dict[str, Any], now: int) -> bool:
    card = payment_method["card"]
    today = datetime.datetime.fromtimestamp(now, datetime.UTC)
    return (card["exp_year"], card["exp_month"]) < (today.year, today.month)


def setup_error(payment_method: dict[str, Any], now: int) -> StripeError | None:
    """The error confirming a SetupIntent with this card gives, or None if setup succeeds."""
    test_card = TEST_CARDS[payment_method["_card_number"]]
    if test_card.setup_decline:
        return decline_error(test_card.setup_decline)
    if _expired_at(payment_method, now):
        return decline_error(EXPIRED)
    return None


def charge(store: Any, payment_method_id: str, amount: int) -> StripeError | None:
    """Charge `amount` (in minor currency units) to a stored card payment method.

    Returns None on success, else the card_error the charge fails with (the
    card's test behaviour, or `expired_card` once the emulator clock passes
    the card's expiry). A zero amount always succeeds.
    """
    payment_method = store.get("payment_method", payment_method_id, param="payment_method")
    if amount <= 0:
        return None
    if _expired_at(payment_method, store.now()):
        return decline_error(EXPIRED)
    decline = TEST_CARDS[payment_method["_card_number"]].charge_decline
    return decline_error(decline) if decline else None
