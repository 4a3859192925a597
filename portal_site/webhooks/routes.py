"""The webhook endpoint: check the signature, record the event once, queue it for stripe_events, answer.

Stripe waits for the answer, so the work is a job. When the queue cannot take it, the event is not
recorded and Stripe hears 503: it delivers the event again later.
"""
from dataclasses import asdict
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from portal_site import jobs
from portal_site.billing.webhooks import InvalidWebhook, WebhookEvent, verified_event
from portal_site.extensions import db
from portal_site.models import ProcessedWebhookEvent
from portal_site.models.once import stored_once
from portal_site.storage import cache
from portal_site.stripe_events import handle

bp = Blueprint("webhooks", __name__)


def first_time(event):
    """Record the event id; False when another delivery already recorded it."""
    return stored_once(ProcessedWebhookEvent(event_id=event.id, type=event.type))


@jobs.handler("stripe_event")
def _process(payload: dict[str, Any]) -> None:
    handle(WebhookEvent(**payload))


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
    try:
        jobs.enqueue("stripe_event", f"stripe_event:{event.id}", asdict(event), inline_when_down=False)
    except jobs.QueueDown as error:
        db.session.delete(db.session.get(ProcessedWebhookEvent, event.id))
        db.session.commit()
        current_app.logger.error("Webhook %s refused, the job queue is down (Stripe sends it again): %s",
                                 event.id, error)
        return jsonify(error={"message": "Cannot take events just now; send again later."}), 503
    # Now, in the process that serves pages: without Redis each process keeps its own cache, out of the
    # worker's reach. Stale pages would otherwise last until the cache expires.
    cache.invalidate(event.customer_id)
    return jsonify(received=True)
