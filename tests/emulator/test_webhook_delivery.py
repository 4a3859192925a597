"""Signed webhook delivery to a local endpoint, verified with stripe.Webhook.construct_event."""

import http.server
import json
import threading
import time

import pytest
import requests
import stripe
from billing_helpers import customer_with_card, monthly_prices, subscribe

SECRET = "whsec_test_emulator_suite"


class Receiver:
    """A tiny HTTP endpoint on 127.0.0.1 that records deliveries; the first `fail_first` get a 500."""

    def __init__(self, fail_first=0):
        self.deliveries = []
        self.fail_first = fail_first
        self.arrived = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                with receiver.arrived:
                    failing = receiver.fail_first > 0
                    receiver.fail_first -= 1
                    receiver.deliveries.append((body, self.headers.get("Stripe-Signature"), failing))
                    receiver.arrived.notify_all()
                self.send_response(500 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/stripe/webhooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def wait_for(self, predicate, timeout=10):
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not predicate(self.deliveries):
                left = deadline - time.monotonic()
                assert left > 0, f"not delivered; got {[json.loads(b)['type'] for b, _, _ in self.deliveries]}"
                self.arrived.wait(left)
            return list(self.deliveries)


@pytest.fixture
def receiver():
    made = []

    def start(fail_first=0):
        endpoint = Receiver(fail_first)
        endpoint.thread.start()
        made.append(endpoint)
        return endpoint

    yield start
    for endpoint in made:
        endpoint.server.shutdown()
        endpoint.server.server_close()
        endpoint.thread.join(5)


def _register(emulator_url, url, **extra):
    response = requests.post(f"{emulator_url}/_emulator/webhook_endpoints",
                             data={"url": url, "secret": SECRET, **extra}, timeout=5)
    response.raise_for_status()
    return response.json()


def _of_type(deliveries, type_):
    return [(body, sig) for body, sig, failed in deliveries if not failed and json.loads(body)["type"] == type_]


def test_a_subscription_change_reaches_the_endpoint_signed(stripe_client, emulator_url, receiver):
    endpoint = receiver()
    _register(emulator_url, endpoint.url)
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    stripe_client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})
    deliveries = endpoint.wait_for(lambda d: _of_type(d, "customer.subscription.updated"))
    body, signature = _of_type(deliveries, "customer.subscription.updated")[0]
    event = stripe.Webhook.construct_event(body, signature, SECRET)
    assert event.type == "customer.subscription.updated"
    assert event.data.object.id == sub.id and event.data.object.cancel_at_period_end is True
    assert event.data.previous_attributes["cancel_at_period_end"] is False
    assert event.api_version == "2026-10-28.endive" and event.created > 0
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, signature, "whsec_wrong")
    types = [json.loads(b)["type"] for b, _, _ in endpoint.wait_for(lambda d: _of_type(d, "invoice.paid"))]
    assert "customer.subscription.created" in types and "invoice.paid" in types


def test_failed_deliveries_are_retried(stripe_client, emulator_url, receiver):
    endpoint = receiver(fail_first=1)
    _register(emulator_url, endpoint.url, **{"enabled_events[]": "product.created"})
    stripe_client.v1.products.create(params={"name": "Gold"})
    stripe_client.v1.customers.create(params={"email": "ignored@example.test"})
    deliveries = endpoint.wait_for(lambda d: len(d) >= 2)
    first, retry = deliveries[0], deliveries[1]
    assert first[2] is True and retry[2] is False
    assert json.loads(first[0])["id"] == json.loads(retry[0])["id"]
    assert stripe.Webhook.construct_event(retry[0], retry[1], SECRET).type == "product.created"
    assert {json.loads(b)["type"] for b, _, _ in deliveries} == {"product.created"}


def test_endpoints_are_listed_deleted_and_cleared_by_reset(emulator_url):
    made = _register(emulator_url, "http://127.0.0.1:9/hook")
    generated = requests.post(f"{emulator_url}/_emulator/webhook_endpoints",
                              data={"url": "http://127.0.0.1:9/other"}, timeout=5).json()
    assert generated["secret"].startswith("whsec_")
    listed = requests.get(f"{emulator_url}/_emulator/webhook_endpoints", timeout=5).json()["data"]
    assert {e["id"] for e in listed} == {made["id"], generated["id"]}
    assert requests.delete(f"{emulator_url}/_emulator/webhook_endpoints/{made['id']}", timeout=5).ok
    requests.post(f"{emulator_url}/_emulator/reset", timeout=5).raise_for_status()
    assert requests.get(f"{emulator_url}/_emulator/webhook_endpoints", timeout=5).json()["data"] == []
    bad = requests.post(f"{emulator_url}/_emulator/webhook_endpoints", data={"url": "ftp://x"}, timeout=5)
    assert bad.status_code == 400
