"""What the benchmarks run on: the emulator in its own process, the app, a signed-in customer,
and a Stripe HTTP client that records every call with its start and end."""
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

import requests
import stripe

from portal_site import create_app
from portal_site.billing.client import connections
from portal_site.billing.deadline import DeadlineClient
from portal_site.extensions import db
from portal_site.models import CustomerSession

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# BENCH_QUICK=1: every measure once, briefly (the test suite's smoke run); its timings mean nothing.
QUICK = os.environ.get("BENCH_QUICK") == "1"


@dataclass
class Call:
    method: str
    path: str
    start: float
    end: float


class RecordingHTTPClient(DeadlineClient):
    """The production HTTP client (per-request deadline and bound, the app's keep-alive session), noting each
    request the portal makes to Stripe."""

    def __init__(self, app):
        super().__init__(timeout=tuple(app.config["STRIPE_TIMEOUTS"]), session=connections(app),
                         in_flight=app.config["STRIPE_PARALLEL_CALLS"])
        self.calls = []

    def request(self, method, url, headers, post_data=None):
        start = time.perf_counter()
        try:
            return super().request(method, url, headers, post_data)
        finally:
            self.calls.append(Call(method.upper(), url.split("?")[0].split("/v1/", 1)[-1], start, time.perf_counter()))


def sequential_depth(calls):
    """The longest chain of calls where each starts after the previous ended: round trips in a row."""
    ordered = sorted(calls, key=lambda c: c.start)
    depth = []
    for i, call in enumerate(ordered):
        before = [depth[j] for j in range(i) if ordered[j].end <= call.start]
        depth.append(1 + max(before, default=0))
    return max(depth, default=0)


class Emulator:
    """The emulator in a process of its own on a free port (`bench/stripe_server.py`), so its CPU is not the
    portal's."""

    def __enter__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-k", "gthread", "--workers", "1",
                                         "--threads", "128", "--keep-alive", "30", "--bind", f"127.0.0.1:{port}",
                                         "--config", "/dev/null", "bench.stripe_server:app"],
                                        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                requests.get(f"{self.url}/_emulator/clock", timeout=1)
                return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("the emulator did not start")

    def latency(self, ms):
        requests.post(f"{self.url}/_emulator/latency", data={"ms": ms}, timeout=5).raise_for_status()

    def requests(self):
        """The /v1 requests the emulator served since the last `forget_requests()`."""
        return requests.get(f"{self.url}/_emulator/requests", timeout=5).json()["data"]

    def forget_requests(self):
        requests.delete(f"{self.url}/_emulator/requests", timeout=5).raise_for_status()

    def advance(self, seconds):
        requests.post(f"{self.url}/_emulator/advance", data={"seconds": seconds}, timeout=60).raise_for_status()

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(10)


def sqlite_uri():
    return f"sqlite:///{tempfile.mkdtemp(prefix='portal-bench-')}/portal.sqlite3"


def build_app(emulator_url, **overrides):
    """The portal on a fresh SQLite file (unless overridden), its Stripe client swapped for a recording one."""
    config = {
        "SECRET_KEY": "bench", "PORTAL_BASE_URL": "http://localhost", "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_bench", "STRIPE_API_BASE": emulator_url,
        "STRIPE_JS_URL": f"{emulator_url}/js/v3/", "STRIPE_WEBHOOK_SECRET": "",
        "SQLALCHEMY_DATABASE_URI": sqlite_uri(), "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "console",
        # Limits and cache of this run alone: with REDIS_URL, an earlier run's sign-ins would count against this one.
        "REDIS_KEY_PREFIX": f"bench:{secrets.token_hex(4)}:", **overrides,
    }
    app = create_app(config)
    recorder = RecordingHTTPClient(app)
    app.extensions["stripe_client"] = stripe.StripeClient(
        "sk_test_bench", base_addresses={"api": emulator_url}, http_client=recorder, max_network_retries=0)
    with app.app_context():
        db.create_all()
    return app, recorder


def customer_with_history(emulator):
    """A customer with a card, a monthly subscription, three months of invoices and a scheduled downgrade."""
    client = stripe.StripeClient("sk_test_bench", base_addresses={"api": emulator.url})
    v1 = client.v1
    product = v1.products.create(params={"name": "Pro", "description": "Everything."})
    monthly = v1.prices.create(params={"product": product.id, "unit_amount": 2900, "currency": "usd",
                                       "recurring": {"interval": "month"}})
    v1.prices.create(params={"product": product.id, "unit_amount": 29000, "currency": "usd",
                             "recurring": {"interval": "year"}})
    customer = v1.customers.create(params={"email": "bench@example.com", "name": "Bench Customer"})
    card = v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
    v1.payment_methods.attach("pm_card_mastercard", params={"customer": customer.id})
    v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    subscription = v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": monthly.id}]})
    emulator.advance(3 * 31 * 86_400)
    _schedule_downgrade(v1, subscription)
    return customer, subscription


def _schedule_downgrade(v1, subscription):
    """A downgrade waiting for the period end, so the page also shows a pending change from the schedule."""
    basic = v1.prices.create(params={"product_data": {"name": "Basic"}, "unit_amount": 900, "currency": "usd",
                                     "recurring": {"interval": "month"}})
    schedule = v1.subscription_schedules.create(params={"from_subscription": subscription.id})
    current = schedule.phases[0]
    v1.subscription_schedules.update(schedule.id, params={"phases": [
        {"start_date": current.start_date, "end_date": current.end_date,
         "items": [{"price": item.price, "quantity": item.quantity} for item in current["items"]]},
        {"items": [{"price": basic.id, "quantity": 1}], "duration": {"interval": "month"}},
    ]})


def session_row(app, customer):
    """A signed-in session of `customer` in the app's database; its id."""
    session_id = f"bench-{customer.id}-{secrets.token_hex(6)}"
    with app.app_context():
        db.session.add(CustomerSession(id=session_id, customer_id=customer.id, email=customer.email))
        db.session.commit()
    return session_id


def signed_in(app, customer):
    client = app.test_client()
    session_id = session_row(app, customer)
    with client.session_transaction() as session:
        session["customer_session"] = session_id
    return client


def session_cookie(app, customer):
    """The `Cookie` header of a browser signed in as `customer` (for a server sharing the app's database)."""
    session_id = session_row(app, customer)
    value = app.session_interface.get_signing_serializer(app).dumps({"customer_session": session_id})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def plain_customers(emulator, count):
    """`count` customers, each with a default card and a monthly subscription (no history)."""
    v1 = stripe.StripeClient("sk_test_bench", base_addresses={"api": emulator.url}).v1
    product = v1.products.create(params={"name": "Team"})
    price = v1.prices.create(params={"product": product.id, "unit_amount": 1900, "currency": "usd",
                                     "recurring": {"interval": "month"}})
    made = []
    for index in range(count):
        customer = v1.customers.create(params={"email": f"load{index}@example.com", "name": f"Load {index}"})
        card = v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
        v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
        v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}]})
        made.append(customer)
    return made


def large_customer(emulator, subscriptions=50, months=3):
    """A customer with `subscriptions` monthly subscriptions and `months` renewals of each: 50 and 200 invoices (first ones included)."""
    v1 = stripe.StripeClient("sk_test_bench", base_addresses={"api": emulator.url}).v1
    product = v1.products.create(params={"name": "Seat pack"})
    customer = v1.customers.create(params={"email": "large@example.com", "name": "Large Customer"})
    card = v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
    v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    for index in range(subscriptions):
        price = v1.prices.create(params={"product": product.id, "unit_amount": 500 + index, "currency": "usd",
                                         "recurring": {"interval": "month"}})
        v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}]})
    emulator.advance(months * 31 * 86_400)
    return customer
