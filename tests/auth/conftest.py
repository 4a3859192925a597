"""Fixtures for the customer sign-in tests: Stripe customers in the emulator and an active login link."""
import pytest
import stripe

from portal_site import login_links


@pytest.fixture
def stripe_client(emulator):
    return stripe.StripeClient("sk_test_portal", base_addresses={"api": emulator}, max_network_retries=0)


@pytest.fixture
def make_customer(stripe_client):
    """Create a Stripe customer in the emulator: `make_customer("a@example.test", name=..., preferred_locales=[...])`."""

    def make(email, **params):
        return stripe_client.v1.customers.create(params={"email": email, **params})

    return make


@pytest.fixture
def token(app):
    """The token of the active login link."""
    with app.app_context():
        return login_links.activate().token
