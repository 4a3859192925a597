"""Fixtures for the customer emails: the emulator's clock frozen, its webhooks delivered to the live portal,
the emails switched on, and helpers to arrange customers and wait for what the portal did."""
import re
import time

import pytest
import requests

from portal_site import settings
from portal_site.extensions import db
from portal_site.models import ActivityLog, ProcessedWebhookEvent, SentNotification

JAN_1 = 1_767_225_600  # 2026-01-01T00:00:00Z
DAY = 86_400
SECRET = "whsec_test_portal"
ALL_ON = {name: {"enabled": True} for name in ("payment_failed", "trial_ending", "renewal_upcoming", "card_expiring")}
LINK = re.compile(r"https?://\S+/p/email/[A-Za-z0-9_-]+")


@pytest.fixture
def hooks(app, emulator, live_server):
    """The emulator at 2026-01-01 (frozen), sending its webhooks to the live portal; every email switched on."""
    requests.post(f"{emulator}/_emulator/clock", data={"frozen_time": JAN_1}, timeout=5).raise_for_status()
    requests.post(f"{emulator}/_emulator/webhook_endpoints", data={"url": f"{live_server}/stripe/webhooks",
                  "secret": SECRET}, timeout=5).raise_for_status()
    with app.test_request_context():
        settings.save({"customer_emails": ALL_ON})
    return live_server


@pytest.fixture
def advance(emulator):
    def move(days):
        requests.post(f"{emulator}/_emulator/advance", data={"seconds": int(days * DAY)}, timeout=30).raise_for_status()
    return move


def wait_for_event(app, type_, count=1, timeout=15):
    """Block until the portal has handled `count` events of `type_` (emails are sent right after)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            if ProcessedWebhookEvent.query.filter_by(type=type_).count() >= count:
                time.sleep(0.5)  # the event is stored before it is handled; let handling and the mail thread finish
                return
        time.sleep(0.1)
    raise AssertionError(f"the portal never handled {count} {type_} event(s)")


def sent(app):
    with app.app_context():
        return sorted((row.kind, row.customer_id) for row in db.session.query(SentNotification))


def activity(app, customer_id):
    with app.app_context():
        return [row.action for row in ActivityLog.query.filter_by(customer_id=customer_id).order_by(ActivityLog.id)]


def link_in(text):
    return LINK.search(text).group(0)


def product_price(stripe_v1, amount, interval="month", name="Pro"):
    product = stripe_v1.products.create(params={"name": name})
    return stripe_v1.prices.create(params={"product": product.id, "unit_amount": amount, "currency": "usd",
                                           "recurring": {"interval": interval}})


def customer(stripe_v1, card="pm_card_visa", email="ada@example.test", **params):
    """A customer, with `card` (a test card id, or a dict of card details) as default when given."""
    made = stripe_v1.customers.create(params={"email": email, "name": "Ada", **params})
    if card is not None:
        if isinstance(card, dict):
            method = stripe_v1.payment_methods.create(params={"type": "card", "card": card})
            method = stripe_v1.payment_methods.attach(method.id, params={"customer": made.id})
        else:
            method = stripe_v1.payment_methods.attach(card, params={"customer": made.id})
        stripe_v1.customers.update(made.id, params={"invoice_settings": {"default_payment_method": method.id}})
    return made


def subscribe(stripe_v1, customer_, price, **params):
    return stripe_v1.subscriptions.create(params={"customer": customer_.id, "items": [{"price": price.id}], **params})


def fail_next_payment(stripe_v1, customer_):
    """Make the customer's default card one that Stripe declines."""
    method = stripe_v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer_.id})
    stripe_v1.customers.update(customer_.id, params={"invoice_settings": {"default_payment_method": method.id}})


ADMIN_EMAIL = "merchant@example.test"
ADMIN_PASSWORD = "a long and correct password"


@pytest.fixture
def signed_in(app, client):
    """A test client with a merchant signed in to the dashboard."""
    from werkzeug.security import generate_password_hash

    from portal_site.models import AdminUser

    with app.app_context():
        db.session.add(AdminUser(email=ADMIN_EMAIL,
                                 password_hash=generate_password_hash(ADMIN_PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    assert client.post("/admin/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).status_code == 302
    return client
