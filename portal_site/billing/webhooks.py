"""Stripe webhook payloads: signature check and the customer an event is about."""
import json
from dataclasses import dataclass
from typing import Any

import stripe

# Stripe's event ids and types are short; these are the lengths the portal stores (ProcessedWebhookEvent).
MAX_ID = 255
MAX_TYPE = 100


class InvalidWebhook(Exception):
    """The payload is not a Stripe event signed with our endpoint secret."""


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    customer_id: str | None
    # The event's `data.object` (an invoice, a subscription, ...) as Stripe sent it.
    object: dict[str, Any]
    created: int | None = None


def _customer_of(obj: dict[str, Any]) -> Any:
    if obj.get("object") == "customer":
        return obj.get("id")
    customer = obj.get("customer")
    if isinstance(customer, dict):
        customer = customer.get("id")
    return customer


def _fits(value: str, length: int) -> bool:
    return 0 < len(value) <= length and "\x00" not in value


def verified_event(payload: bytes | str, signature: str | None, secret: str | None) -> WebhookEvent:
    """The event in `payload` if `signature` (the Stripe-Signature header) is valid and it is an event."""
    if not secret:
        raise InvalidWebhook("No webhook secret is configured (STRIPE_WEBHOOK_SECRET).")
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", errors="replace")
    try:
        stripe.WebhookSignature.verify_header(payload, signature or "", secret, stripe.Webhook.DEFAULT_TOLERANCE)
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise InvalidWebhook(str(error)) from error
    data = event.get("data") if isinstance(event, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    if not (isinstance(obj, dict) and isinstance(event.get("id"), str) and isinstance(event.get("type"), str)):
        raise InvalidWebhook("The payload is not a Stripe event.")
    if not (_fits(event["id"], MAX_ID) and _fits(event["type"], MAX_TYPE)):
        raise InvalidWebhook("The event's id or type is too long or holds a NUL character.")
    customer_id = _customer_of(obj)
    if customer_id is not None and not isinstance(customer_id, str):
        raise InvalidWebhook("The event's customer is not a customer id.")
    created = event.get("created")
    return WebhookEvent(id=event["id"], type=event["type"], customer_id=customer_id, object=obj,
                        created=created if isinstance(created, int) else None)
