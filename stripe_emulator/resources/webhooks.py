"""Signed webhook delivery: test controls to register endpoints (`/_emulator/webhook_endpoints`), and a
worker thread that POSTs every event to each endpoint with a `Stripe-Signature`, retrying with backoff.

Endpoints are stored objects, so `/_emulator/reset` removes them. The signature is Stripe's scheme,
`t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>`, with `t` the real time (not the
emulator clock) so `stripe.Webhook.construct_event` accepts it within its tolerance.
"""

import hashlib
import hmac
import json
import queue
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, request

from .. import hooks
from ..dispatch import json_response
from ..endpoints import current_store
from ..errors import invalid_param
from ..ids import new_id, random_token

blueprint = Blueprint("emulator_webhooks", __name__, url_prefix="/_emulator")

OBJECT = "emulator_webhook_endpoint"
RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)
TIMEOUT_SECONDS = 5


@dataclass
class Delivery:
    url: str
    secret: str
    payload: str
    attempt: int = 0


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


class Deliverer:
    """One daemon thread posting queued deliveries in order; failures are re-queued after a delay."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Delivery] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, delivery: Delivery) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="stripe-emulator-webhooks", daemon=True)
                self._thread.start()
        self.queue.put(delivery)

    def _run(self) -> None:
        while True:
            delivery = self.queue.get()
            if not self._post(delivery) and delivery.attempt < len(RETRY_DELAYS):
                delay = RETRY_DELAYS[delivery.attempt]
                delivery.attempt += 1
                timer = threading.Timer(delay, self.queue.put, args=(delivery,))
                timer.daemon = True
                timer.start()

    @staticmethod
    def _post(delivery: Delivery) -> bool:
        body = delivery.payload.encode()
        outgoing = urllib.request.Request(delivery.url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": signature_header(delivery.payload, delivery.secret)})
        try:
            with urllib.request.urlopen(outgoing, timeout=TIMEOUT_SECONDS) as response:
                return 200 <= response.status < 300
        except (urllib.error.URLError, OSError, ValueError):
            return False


DELIVERER = Deliverer()


@hooks.on_event
def deliver(store: Any, event: dict[str, Any]) -> None:
    """Queue the event for every registered endpoint that wants its type (called under the store lock)."""
    payload = json.dumps(event, indent=2)
    for endpoint in store.iter_kind(OBJECT):
        wanted = endpoint["enabled_events"]
        if "*" in wanted or event["type"] in wanted:
            DELIVERER.submit(Delivery(endpoint["url"], endpoint["secret"], payload))


def _values() -> dict[str, Any]:
    if request.is_json:
        return request.get_json(silent=True) or {}
    return {"url": request.values.get("url"), "secret": request.values.get("secret"),
            "enabled_events": request.values.getlist("enabled_events[]") or request.values.getlist("enabled_events")}


@blueprint.post("/webhook_endpoints")
def register_endpoint():
    """Register `url` (required) with `secret` (generated when absent) and optional `enabled_events`."""
    values = _values()
    url = values.get("url") or ""
    if not url.startswith(("http://", "https://")):
        raise invalid_param("url must be an http(s) URL", param="url")
    endpoint = {"id": new_id("we"), "object": OBJECT, "url": url,
                "secret": values.get("secret") or f"whsec_{random_token(32)}",
                "enabled_events": list(values.get("enabled_events") or ["*"])}
    store = current_store()
    with store.lock:
        store.add(endpoint)
        store.save()
    return json_response(endpoint)


@blueprint.get("/webhook_endpoints")
def list_endpoints():
    store = current_store()
    with store.lock:
        endpoints = list(store.iter_kind(OBJECT))
    return json_response({"object": "list", "data": endpoints, "has_more": False,
                          "url": "/_emulator/webhook_endpoints"})


@blueprint.delete("/webhook_endpoints/<endpoint_id>")
def delete_endpoint(endpoint_id: str):
    store = current_store()
    with store.lock:
        endpoint = store.find(endpoint_id)
        if endpoint is None or endpoint.get("object") != OBJECT:
            raise invalid_param(f"No such webhook endpoint: '{endpoint_id}'", param="id")
        store.remove(endpoint_id)
        store.save()
    return json_response({"id": endpoint_id, "object": OBJECT, "deleted": True})
