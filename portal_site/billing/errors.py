"""One error type for everything Stripe can answer, with a message safe to show."""
import logging

import stripe
from flask_babel import lazy_gettext as _l

log = logging.getLogger(__name__)


class BillingError(Exception):
    """Stripe refused the request; `message` can be shown to the user as it is."""

    status = 400

    def __init__(self, message, *, code=None, param=None, status=None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.param = param
        if status is not None:
            self.status = status


class NotFound(BillingError):
    """The object does not exist or does not belong to the signed-in customer."""

    status = 404

    def __init__(self, message=None):
        super().__init__(message or _l("We could not find that item on your account."), code="resource_missing")


class BillingUnavailable(BillingError):
    """Stripe could not be reached or failed: nothing was changed."""

    status = 503

    def __init__(self, message=None):
        super().__init__(message or _l(
            "Our payment provider is not responding right now. Nothing was changed; please try again in a moment."
        ))


def translate(error):
    """Map a stripe.StripeError to the portal's BillingError."""
    if isinstance(error, stripe.CardError):
        return BillingError(
            error.user_message or _l("Your card was declined."),
            code=getattr(error, "code", None),
            param=getattr(error, "param", None),
            status=402,
        )
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
        return BillingError(
            error.user_message or _l("That change could not be made. Please check the details and try again."),
            code=getattr(error, "code", None),
            param=getattr(error, "param", None),
        )
    log.error("Unexpected Stripe error: %s", error)
    return BillingUnavailable()
