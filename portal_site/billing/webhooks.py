"""Stripe webhook payloads: signature check and the customer an event is about."""
from dataclasses import dataclass

import stripe


class InvalidWebhook(Exception):
    """The payload is not a Stripe event signed with our endpoint secret."""


@dataclass(frozen=True)
class WebhookEvent:
    id: str
    type: str
    customer_id: str | None


def _customer_of(obj):
    if obj.get("object") == "customer":
        return obj.get("id")
    customer = obj.get("customer")
    if isinstance(customer, dict):
        return customer.get("id")
    return customer


def verified_event(payload, signature, secret):
    """The event in `payload` if `signature` (the Stripe-Signature header) is valid."""
    if not secret:
        raise InvalidWebhook("No webhook secret is configured (STRIPE_WEBHOOK_SECRET).")
    try:
        event = stripe.Webhook.construct_event(payload, signature or "", secret)
    except (ValueError, stripe.SignatureVerificationError) as error:
        raise InvalidWebhook(str(error)) from error
    obj = event["data"]["object"].to_dict() if hasattr(event["data"]["object"], "to_dict") else dict(event["data"]["object"])
    return WebhookEvent(id=event["id"], type=event["type"], customer_id=_customer_of(obj))
