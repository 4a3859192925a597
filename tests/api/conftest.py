"""Fixtures for the merchant API tests: a portal API key, the official SDK pointed at the live portal, a subscriber."""
import pytest
import stripe

from portal_site.merchants import api_keys


@pytest.fixture
def api_key(app):
    with app.app_context():
        return api_keys.create("server")[1]


@pytest.fixture
def portal(live_server, api_key):
    """The SDK pointed at the portal: the one line a merchant changes when moving from Stripe's portal."""
    return stripe.StripeClient(api_key, base_addresses={"api": live_server}, max_network_retries=0).v1


@pytest.fixture
def subscriber(stripe_v1):
    """`subscriber(email)`: a customer with a card and a monthly subscription; returns (customer, subscription)."""

    def make(email="ada@example.com"):
        customer = stripe_v1.customers.create(params={"email": email, "name": "Ada"})
        card = stripe_v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
        stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
        product = stripe_v1.products.create(params={"name": "Pro"})
        price = stripe_v1.prices.create(params={"product": product.id, "unit_amount": 1500, "currency": "usd",
                                                "recurring": {"interval": "month"}})
        subscription = stripe_v1.subscriptions.create(params={"customer": customer.id,
                                                              "items": [{"price": price.id}]})
        return customer, subscription

    return make


@pytest.fixture
def team_price(stripe_v1):
    """A second product's monthly price, $30.00, for plan changes."""
    product = stripe_v1.products.create(params={"name": "Team"})
    return stripe_v1.prices.create(params={"product": product.id, "unit_amount": 3000, "currency": "usd",
                                           "recurring": {"interval": "month"}})
