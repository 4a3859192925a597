"""Helpers for the subscription tests: a catalogue and customers in the emulator, a signed-in client, settings."""

import pytest

from portal_site import settings
from portal_site.extensions import db
from portal_site.models import ActivityLog


@pytest.fixture
def catalog(stripe_v1):
    """Pro (monthly $15, yearly $150, per seat) and Basic (monthly $5)."""
    pro = stripe_v1.products.create(params={"name": "Pro", "unit_label": "seat",
                                                "images": ["https://cdn.example.test/pro.png"]})
    basic = stripe_v1.products.create(params={"name": "Basic"})

    def price(product, amount, interval):
        return stripe_v1.prices.create(params={
            "product": product.id, "unit_amount": amount, "currency": "usd", "recurring": {"interval": interval},
        })

    return {
        "pro_monthly": price(pro, 1500, "month"),
        "pro_yearly": price(pro, 15000, "year"),
        "basic_monthly": price(basic, 500, "month"),
    }


@pytest.fixture
def make_customer(stripe_v1):
    def make(email="ada@example.test"):
        customer = stripe_v1.customers.create(params={"email": email, "name": "Ada"})
        method = stripe_v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
        return stripe_v1.customers.update(customer.id, params={
            "invoice_settings": {"default_payment_method": method.id},
        })

    return make


@pytest.fixture
def subscribe(stripe_v1):
    def create(customer, price, quantity=1, **extra):
        return stripe_v1.subscriptions.create(params={
            "customer": customer.id, "items": [{"price": price.id, "quantity": quantity}], **extra,
        })

    return create


@pytest.fixture
def sign_in(sign_in_customer):
    """Sign a test client in as a Stripe customer, as the sign-in flow ends."""

    def sign(client, customer):
        return sign_in_customer(client, customer.id, customer.email)

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
