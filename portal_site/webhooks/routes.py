"""The webhook endpoint: check the signature, skip events already seen, hand the rest to stripe_events."""
from flask import Blueprint, current_app, jsonify, request

from portal_site.billing.webhooks import InvalidWebhook, verified_event
from portal_site.models import ProcessedWebhookEvent
from portal_site.models.once import stored_once
from portal_site.stripe_events import handle

bp = Blueprint("webhooks", __name__)


def first_time(event):
    """Record the event id; False when another delivery already recorded it."""
    return stored_once(ProcessedWebhookEvent(event_id=event.id, type=event.type))


@bp.post("/webhooks")
def receive():
    try:
        event = verified_event(
            request.get_data(), request.headers.get("Stripe-Signature"), current_app.config["STRIPE_WEBHOOK_SECRET"]
        )
    except InvalidWebhook as error:
        current_app.logger.warning("Rejected webhook: %s", error)
        return jsonify(error={"message": "Invalid signature or payload."}), 400
    if not first_time(event):
        return jsonify(received=True, duplicate=True)
    handle(event)
    return jsonify(received=True)
