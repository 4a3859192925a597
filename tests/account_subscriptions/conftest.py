"""Helpers for the subscription tests: a catalogue and customers in the emulator, a signed-in client, settings."""
import secrets

import pytest
import stripe

from portal_site import settings
from portal_site.extensions import db
from portal_site.models import ActivityLog, CustomerSession


@pytest.fixture
def stripe_client(emulator):
    """The test's own view of Stripe, through the real SDK (as the merchant would look in the dashboard)."""
    return stripe.StripeClient("sk_test_portal", base_addresses={"api": emulator}, max_network_retries=0).v1


@pytest.fixture
def catalog(stripe_client):
    """Pro (monthly $15, yearly $150, per seat) and Basic (monthly $5)."""
    pro = stripe_client.products.create(params={"name": "Pro", "unit_label": "seat",
                                                "images": ["https://cdn.example.test/pro.png"]})
    basic = stripe_client.products.create(params={"name": "Basic"})

    def price(product, amount, interval):
        return stripe_client.prices.create(params={
            "product": product.id, "unit_amount": amount, "currency": "usd", "recurring": {"interval": interval},
        })

    return {
        "pro_monthly": price(pro, 1500, "month"),
        "pro_yearly": price(pro, 15000, "year"),
        "basic_monthly": price(basic, 500, "month"),
    }


@pytest.fixture
def make_customer(stripe_client):
    def make(email="ada@example.test"):
        customer = stripe_client.customers.create(params={"email": email, "name": "Ada"})
        method = stripe_client.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
        return stripe_client.customers.update(customer.id, params={
            "invoice_settings": {"default_payment_method": method.id},
        })

    return make


@pytest.fixture
def subscribe(stripe_client):
    def create(customer, price, quantity=1, **extra):
        return stripe_client.subscriptions.create(params={
            "customer": customer.id, "items": [{"price": price.id, "quantity": quantity}], **extra,
        })

    return create


@pytest.fixture
def sign_in(app):
    """Sign a test client in as a Stripe customer by inserting a server-side session."""

    def sign(client, customer):
        with app.app_context():
            row = CustomerSession(id=secrets.token_urlsafe(32), customer_id=customer.id, email=customer.email)
            db.session.add(row)
            db.session.commit()
            session_id = row.id
        with client.session_transaction() as session:
            session["customer_session"] = session_id
        return session_id

    return sign


@pytest.fixture
def customer(make_customer):
    return make_customer()


@pytest.fixture
def signed_in(client, customer, sign_in):
    sign_in(client, customer)
    return client


@pytest.fixture
def configure(app):
    """Change portal settings as the merchant dashboard would: `configure(subscription_pause={"enabled": True})`."""

    def save(**features):
        with app.test_request_context():
            settings.save({"features": features})

    return save


@pytest.fixture
def activity(app):
    def rows(action=None):
        with app.app_context():
            query = db.session.query(ActivityLog).order_by(ActivityLog.id)
            if action:
                query = query.filter_by(action=action)
            return [(row.action, row.customer_id, dict(row.detail)) for row in query]

    return rows
