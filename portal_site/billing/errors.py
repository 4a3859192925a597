"""One error type for everything Stripe can answer, with a message safe to show."""
import logging
from typing import TypeAlias

import stripe
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

log = logging.getLogger(__name__)

# A message shown to people: a string, or a lazy translation rendered in the reader's language.
Message: TypeAlias = str | LazyString


# What the bank said, in plain words, and what to do next, by Stripe's card error `decline_code` or
# `code` (https://docs.stripe.com/declines/codes). Stripe's own message is English, so it is never shown.
DECLINED = _l("Your card was declined. Please use another card, or contact your bank to find out why.")
INSUFFICIENT_FUNDS = _l("Your bank declined the payment: there is not enough money on the card. "
                        "Please use another card, or add funds and try again.")
LIMIT_REACHED = _l("Your bank declined the payment: the card has reached its spending limit. "
                   "Please use another card, or ask your bank to raise the limit.")
EXPIRED = _l("Your card has expired. Please use another card, or add the new card your bank sent you.")
WRONG_CVC = _l("Your bank declined the payment: the card's security code (CVC) does not match. "
               "Please add the card again with the right code, or use another card.")
WRONG_NUMBER = _l("Your bank does not recognize this card number. "
                  "Please add the card again, checking the number, or use another card.")
PROCESSING_ERROR = _l("An error occurred while your card was being processed, and it was not charged. "
                      "Please try again in a moment, or use another card.")
TRY_LATER = _l("Your bank could not approve the payment just now. Please try again in a moment, or use another card.")
NOT_SUPPORTED = _l("Your bank does not allow this card to be used for this kind of payment. "
                   "Please use another card, or ask your bank to allow it.")
CURRENCY = _l("Your card cannot be used to pay in this currency. Please use another card.")
AUTHENTICATION = _l("Your bank needs you to approve this payment, which cannot be done here. "
                    "Please use another card, or contact your bank.")
TOO_MANY_ATTEMPTS = _l("This card was declined too many times in a short while. "
                       "Please wait 24 hours before trying it again, or use another card.")
INVALID_ACCOUNT = _l("Your bank says this card or its account is no longer valid. "
                     "Please use another card, or contact your bank.")
AMOUNT = _l("Your bank does not allow a payment of this amount on this card. "
            "Please use another card, or contact your bank.")

CARD_MESSAGES = {
    # The bank gave no reason.
    "generic_decline": DECLINED, "do_not_honor": DECLINED, "do_not_try_again": DECLINED,
    "call_issuer": DECLINED, "no_action_taken": DECLINED, "card_declined": DECLINED,
    # Shown as a generic decline, as Stripe asks, so whoever holds a lost or stolen card learns nothing.
    "fraudulent": DECLINED, "lost_card": DECLINED, "stolen_card": DECLINED, "pickup_card": DECLINED,
    "merchant_blacklist": DECLINED, "restricted_card": DECLINED, "security_violation": DECLINED,
    "insufficient_funds": INSUFFICIENT_FUNDS,
    "card_velocity_exceeded": LIMIT_REACHED, "withdrawal_count_limit_exceeded": LIMIT_REACHED,
    "expired_card": EXPIRED,
    "incorrect_cvc": WRONG_CVC, "invalid_cvc": WRONG_CVC,
    "incorrect_number": WRONG_NUMBER, "invalid_number": WRONG_NUMBER,
    "processing_error": PROCESSING_ERROR,
    "try_again_later": TRY_LATER, "issuer_not_available": TRY_LATER, "reenter_transaction": TRY_LATER,
    "approve_with_id": TRY_LATER,
    "card_not_supported": NOT_SUPPORTED, "transaction_not_allowed": NOT_SUPPORTED, "not_permitted": NOT_SUPPORTED,
    "service_not_allowed": NOT_SUPPORTED,
    "currency_not_supported": CURRENCY,
    "authentication_required": AUTHENTICATION,
    "card_decline_rate_limit_exceeded": TOO_MANY_ATTEMPTS,
    "invalid_account": INVALID_ACCOUNT, "new_account_information_available": INVALID_ACCOUNT,
    "invalid_amount": AMOUNT,
}


# Stripe's (and the emulator's) messages for a refused request are English and written for developers, so a
# customer reads the portal's own sentence for the error's `code` (https://docs.stripe.com/error-codes).
CHANGE_REFUSED = _l("That change could not be made. Please check the details and try again.")
REQUEST_MESSAGES = {
    "tax_id_invalid": _l("That tax ID is not valid. Check the number and its format, then try again."),
    "email_invalid": _l("That email address is not valid. Check it and try again."),
    "phone_number_invalid": _l("That phone number is not valid. Check it and try again."),
    "postal_code_invalid": _l("That postal code is not valid. Check it and try again."),
    "coupon_expired": _l("That code has expired or can no longer be used."),
    "amount_too_small": _l("The amount is too small to be charged. Nothing was changed."),
    "invoice_not_editable": _l("This invoice can no longer be changed."),
    "resource_already_exists": _l("That is already on your account."),
}


def card_message(code: str | None, decline_code: str | None = None) -> Message:
    """The portal's message for a card refusal: by decline code, else by error code, else a generic decline."""
    for key in (decline_code, code):
        if key in CARD_MESSAGES:
            return CARD_MESSAGES[key]
    return DECLINED


class BillingError(Exception):
    """Stripe refused the request; `message` can be shown to the user as it is."""

    status = 400

    def __init__(self, message: Message, *, code: str | None = None, param: str | None = None,
                 status: int | None = None, detail: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.param = param
        self.detail = detail  # Stripe's own words, for logs and merchants; never shown to a customer
        if status is not None:
            self.status = status

    @property
    def for_merchant(self) -> str:
        """What the dashboard shows: Stripe's own (English, precise) words when there are any."""
        return str(self.detail or self.message)


class NotFound(BillingError):
    """The object does not exist or does not belong to the signed-in customer."""

    status = 404

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(message or _l("We could not find that item on your account."), code="resource_missing")


class BillingUnavailable(BillingError):
    """Stripe could not be reached or failed: nothing was changed."""

    status = 503

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(message or _l(
            "Our payment provider is not responding right now. Nothing was changed; please try again in a moment."
        ))


def translate(error: stripe.StripeError) -> BillingError:
    """Map a stripe.StripeError to the portal's BillingError."""
    if isinstance(error, stripe.CardError):
        decline_code = getattr(error.error, "decline_code", None)
        log.info("Card refused: %s (%s)", error.code, decline_code)
        return BillingError(card_message(error.code, decline_code), code=error.code, param=error.param, status=402)
    if isinstance(error, stripe.IdempotencyError):
        log.warning("Stripe refused a reused idempotency key: %s", error)
        return BillingError(_l("This form was already sent with other details. Reload the page and try again."),
                            code="idempotency_error", status=409)
    if isinstance(error, (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)):
        log.warning("Stripe unavailable: %s", error)
        return BillingUnavailable()
    if isinstance(error, (stripe.AuthenticationError, stripe.PermissionError)):
        log.error("Stripe rejected the portal's credentials: %s", error)
        return BillingUnavailable()
    if isinstance(error, stripe.InvalidRequestError):
        log.info("Stripe refused a request: %s", error)
        if getattr(error, "code", None) == "resource_missing":
            return NotFound()
        code = getattr(error, "code", None)
        return BillingError(REQUEST_MESSAGES.get(code or "", CHANGE_REFUSED), code=code,
                            param=getattr(error, "param", None), detail=error.user_message)
    log.error("Unexpected Stripe error: %s", error)
    return BillingUnavailable()
