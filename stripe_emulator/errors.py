"""Stripe's error object and the exception handlers raise to produce it."""

from typing import Any


class StripeError(Exception):
    """An API error rendered as `{"error": {...}}` with Stripe's status code.

    `saved_by_idempotency` says whether an idempotent replay returns this error
    (Stripe saves results once an endpoint started executing, not for requests
    that failed validation).
    """

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        decline_code: str | None = None,
        extra: dict[str, Any] | None = None,
        saved_by_idempotency: bool = True,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.code = code
        self.param = param
        self.decline_code = decline_code
        self.extra = extra or {}
        self.saved_by_idempotency = saved_by_idempotency

    def body(self) -> dict:
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            error["code"] = self.code
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        if self.param:
            error["param"] = self.param
        if self.decline_code:
            error["decline_code"] = self.decline_code
        error.update(self.extra)
        return {"error": error}


def invalid_request(message: str, *, param: str | None = None, code: str | None = None) -> StripeError:
    """400 invalid_request_error raised by an endpoint while executing."""
    return StripeError(400, "invalid_request_error", message, code=code, param=param)


def invalid_param(message: str, *, param: str, code: str = "parameter_invalid") -> StripeError:
    """400 for a parameter that fails validation (never saved for idempotent replay)."""
    return StripeError(
        400, "invalid_request_error", message, code=code, param=param, saved_by_idempotency=False
    )


def missing_param(param: str) -> StripeError:
    return StripeError(
        400,
        "invalid_request_error",
        f"Missing required param: {param}.",
        code="parameter_missing",
        param=param,
        saved_by_idempotency=False,
    )


def unknown_param(param: str) -> StripeError:
    return StripeError(
        400,
        "invalid_request_error",
        f"Received unknown parameter: {param}",
        code="parameter_unknown",
        param=param,
        saved_by_idempotency=False,
    )


MISSING_NAMES = {"payment_method": "PaymentMethod", "setup_intent": "setupintent"}


def resource_missing(object_name: str, object_id: str, *, param: str = "id") -> StripeError:
    """404 `No such customer: 'cus_x'` as Stripe words it."""
    return StripeError(
        404,
        "invalid_request_error",
        f"No such {MISSING_NAMES.get(object_name, object_name)}: '{object_id}'",
        code="resource_missing",
        param=param,
    )


def card_error(code: str, message: str, *, decline_code: str | None = None, param: str | None = None,
               extra: dict[str, Any] | None = None) -> StripeError:
    """402 card_error such as `card_declined` / `insufficient_funds`."""
    return StripeError(402, "card_error", message, code=code, param=param, decline_code=decline_code, extra=extra)


def authentication(message: str) -> StripeError:
    return StripeError(401, "invalid_request_error", message, saved_by_idempotency=False)


def idempotency_mismatch(key: str) -> StripeError:
    return StripeError(
        400,
        "idempotency_error",
        "Keys for idempotent requests can only be used with the same parameters they were first "
        f"used with. Try using a key other than '{key}' if you meant to execute a different request.",
        saved_by_idempotency=False,
    )


def idempotency_in_flight(key: str) -> StripeError:
    return StripeError(
        409,
        "idempotency_error",
        f"There is currently another in-progress request using this Stripe-Idempotency-Key "
        f"('{key}'). Please try again later.",
        saved_by_idempotency=False,
    )
