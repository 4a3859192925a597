"""Property-based fuzzing: any request to any route, as a visitor, a customer, a merchant or an API client, is
answered below 500.

Hypothesis draws each request (fuzzing.py): a route and method from the app's url_map, path arguments that are
real ids (the customer's own, someone else's) or hostile text, the fields of the forms the app renders plus
invented ones, values that broke the portal before, multipart uploads with odd part names, JSON, raw bytes,
signed webhooks with random events. `FUZZ_REQUESTS` says how many (300 here; `make fuzz` sends 10,000 and
reports every 5xx it meets instead of stopping at the first).
"""
import os
import time
import traceback
from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from portal_site.merchants import api_keys
from tests.reliability import figures, fuzzing
from tests.reliability.conftest import MERCHANT_EMAIL, MERCHANT_PASSWORD

FUZZ_REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "300"))
# The suite's run is the same every time; `make fuzz` sets FUZZ_SEED=random to explore.
RANDOM = os.environ.get("FUZZ_SEED") == "random"


@pytest.fixture
def world(app, stripe_v1, login_token, merchant_account):
    """Two customers with cards, subscriptions, invoices and tax ids; a catalogue; an API key. Returns their ids."""
    product = stripe_v1.products.create(params={"name": "Pro"})
    monthly = stripe_v1.prices.create(params={"product": product.id, "unit_amount": 1500, "currency": "usd",
                                              "recurring": {"interval": "month"}})
    yearly = stripe_v1.prices.create(params={"product": product.id, "unit_amount": 15000, "currency": "usd",
                                             "recurring": {"interval": "year"}})
    ids = {"product_id": [product.id], "price_id": [monthly.id, yearly.id], "token": [login_token]}
    people = {}
    for email in ("ada@example.test", "mallory@example.test"):
        customer = stripe_v1.customers.create(params={"email": email, "name": "Ada"})
        cards = [stripe_v1.payment_methods.attach(card, params={"customer": customer.id}).id
                 for card in ("pm_card_visa", "pm_card_mastercard")]
        stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": cards[0]}})
        subscription = stripe_v1.subscriptions.create(params={"customer": customer.id,
                                                              "items": [{"price": monthly.id, "quantity": 2}]})
        tax_id = stripe_v1.customers.tax_ids.create(customer.id, params={"type": "eu_vat", "value": "DE123456789"})
        invoices = stripe_v1.invoices.list(params={"customer": customer.id}).data
        people[email] = customer.id
        ids.setdefault("subscription_id", []).append(subscription.id)
        ids.setdefault("payment_method_id", []).extend(cards)
        ids.setdefault("tax_id", []).append(tax_id.id)
        ids.setdefault("invoice_id", []).extend(invoice.id for invoice in invoices)
    with app.app_context():
        ids["api_key"] = api_keys.create("fuzz")[1]
    ids["customer"] = people["ada@example.test"]
    return ids


class Roles:
    """One test client per role, signed in again when a request signed it out."""

    def __init__(self, app, world, sign_in_customer):
        self.app, self.world, self.sign_in_customer = app, world, sign_in_customer
        self.clients = {}

    def client(self, role):
        client = self.clients.get(role)
        if client is not None:
            return client
        client = self.app.test_client()
        if role == "customer":
            self.sign_in_customer(client, self.world["customer"], "ada@example.test")
        elif role == "merchant":
            # The fuzzing's own sign-in attempts use up the dashboard's limits; signing the merchant in again must not.
            saved = self.app.config.get("RATE_LIMITS")
            self.app.config["RATE_LIMITS"] = {**(saved or {}), "admin_signin_ip": "100000/minute",
                                              "admin_signin_email": "100000/minute"}
            client.post("/admin/login", data={"email": MERCHANT_EMAIL, "password": MERCHANT_PASSWORD})
            self.app.config["RATE_LIMITS"] = saved
        self.clients[role] = client
        return client

    def send(self, request):
        client = self.client(request.role)
        headers = dict(request.headers)
        if request.role == "api" and "Authorization" not in headers:
            headers["Authorization"] = f"Bearer {self.world['api_key']}"
        response = client.open(request.path, method=request.target.method, query_string=request.query,
                               headers=headers, **request.body)
        if request.target.endpoint in ("admin.logout", "auth.logout") or response.status_code == 401:
            self.clients.pop(request.role, None)
        elif request.role == "merchant":
            with client.session_transaction() as session:
                if "_user_id" not in session:  # signed out (a forged address ends a merchant's session)
                    self.clients.pop(request.role, None)
        return response


def harvest_forms(roles, all_targets, world):
    """The field names and values of every form the app renders on its GET pages, as each role."""
    harvest = fuzzing.Harvest(values={value for key, found in world.items() if isinstance(found, list)
                                      for value in found})
    for role in fuzzing.ROLES:
        client = roles.client(role)
        for target in all_targets:
            if target.method != "GET" or target.rule.startswith(("/static", "/v1")):
                continue
            path = target.rule
            for name, allowed, _is_path in target.arguments:
                value = allowed[0] if allowed else world.get(name, ["x"])[0]
                path = fuzzing.fill(path, name, value)
            harvest.add(client.get(path).get_data(as_text=True))
    return harvest


def test_no_request_is_answered_with_a_5xx(app, world, sign_in_customer, mailbox):
    roles = Roles(app, world, sign_in_customer)
    all_targets = fuzzing.targets(app)
    harvest = harvest_forms(roles, all_targets, world)
    assert {"quantity", "nonce", "email"} <= harvest.names
    failures: list[str] = []
    tried: Counter[str] = Counter()
    slowest = [0.0, ""]

    @settings(max_examples=FUZZ_REQUESTS, deadline=None, database=None, derandomize=not RANDOM,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(fuzzing.requests_for(all_targets, harvest))
    def one_request(request):
        tried[request.target.endpoint] += 1
        started = time.monotonic()
        try:
            status = roles.send(request).status_code
        except Exception:
            status, detail = 500, traceback.format_exc(limit=-3)
        else:
            detail = ""
        took = time.monotonic() - started
        if took > slowest[0]:
            slowest[:] = [took, request.describe()[:200]]
        if status >= 500:
            failures.append(f"{status} {request.describe()[:600]}\n{detail}")

    one_request()
    total = sum(tried.values())
    print(f"\nfuzz: {total} requests over {len(tried)} of {len({t.endpoint for t in all_targets})} endpoints,"
          f" {len(failures)} answers >= 500, slowest {slowest[0]:.2f} s ({slowest[1]})")
    figures.record("requests tried (fuzz, every route, field and role)", total)
    figures.record("answers >= 500", len(failures))
    figures.worst("slowest fuzz answer (s)", round(slowest[0], 2))
    assert not failures, "\n\n".join(failures[:20])
