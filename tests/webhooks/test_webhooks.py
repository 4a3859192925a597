"""Webhooks: only signed events are accepted, each once, and they drop the customer's cached reads."""
import hashlib
import hmac
import json
import time

import pytest

from portal_site.models import ProcessedWebhookEvent
from portal_site.storage import cache

SECRET = "whsec_test_portal"


def signed(payload, secret=SECRET, timestamp=None):
    timestamp = timestamp or int(time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={timestamp},v1={signature}", "Content-Type": "application/json"}


def event(event_id="evt_1", customer="cus_1", type_="customer.subscription.updated", object_="subscription"):
    return json.dumps({
        "id": event_id, "object": "event", "type": type_, "api_version": "2026-10-28.endive", "created": 1,
        "livemode": False, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
        "data": {"object": {"id": f"{object_}_1", "object": object_, "customer": customer}},
    })


def test_signed_event_is_accepted_once(app, client):
    payload = event()
    first = client.post("/stripe/webhooks", data=payload, headers=signed(payload))
    again = client.post("/stripe/webhooks", data=payload, headers=signed(payload))
    assert first.status_code == 200 and first.json == {"received": True}
    assert again.status_code == 200 and again.json == {"received": True, "duplicate": True}
    with app.app_context():
        assert ProcessedWebhookEvent.query.count() == 1


def test_bad_signature_is_refused(app, client):
    payload = event()
    response = client.post("/stripe/webhooks", data=payload, headers=signed(payload, secret="whsec_other"))
    assert response.status_code == 400
    with app.app_context():
        assert ProcessedWebhookEvent.query.count() == 0


def test_stale_signature_is_refused(client):
    payload = event()
    response = client.post("/stripe/webhooks", data=payload, headers=signed(payload, timestamp=int(time.time()) - 3600))
    assert response.status_code == 400


def test_garbage_is_refused(client):
    response = client.post("/stripe/webhooks", data="not json", headers=signed("not json"))
    assert response.status_code == 400


@pytest.mark.parametrize("payload", ["[]", '"evt"', '{"id": "evt_1"}', '{"id": "evt_1", "type": "x", "data": 3}',
                                     '{"id": 7, "type": "x", "data": {"object": {"customer": 5}}}'])
def test_a_signed_payload_that_is_not_an_event_is_refused(app, client, payload):
    response = client.post("/stripe/webhooks", data=payload, headers=signed(payload))
    assert response.status_code == 400
    with app.app_context():
        assert ProcessedWebhookEvent.query.count() == 0


@pytest.mark.parametrize("type_, object_", [
    ("customer.subscription.updated", "subscription"),
    ("subscription_schedule.released", "subscription_schedule"),
])
def test_event_drops_the_customers_cached_reads(app, client, type_, object_):
    loads = []

    def loader():
        loads.append(1)
        return {"n": len(loads)}

    with app.test_request_context():
        assert cache.get_or_load("cus_1", "panel", loader) == {"n": 1}
        assert cache.get_or_load("cus_1", "panel", loader) == {"n": 1}
    payload = event(customer="cus_1", type_=type_, object_=object_)
    client.post("/stripe/webhooks", data=payload, headers=signed(payload))
    with app.test_request_context():
        assert cache.get_or_load("cus_1", "panel", loader) == {"n": 2}
        assert cache.get_or_load("cus_2", "panel", loader) == {"n": 3}
