"""Fixtures for the customer sign-in tests: Stripe customers in the emulator and an active login link."""
import itertools

import pytest
import requests
import stripe

from auth.helpers import ask_for_code, code_from, enter_code
from portal_site.account.blueprint import require_customer
from portal_site.signin import customer_sessions, login_links, passcodes


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


@pytest.fixture
def sign_in(client, token, mailbox, make_customer):
    """Sign `client` in the way a customer does (email, emailed code); returns the Stripe customer."""

    def run(email="ann@example.test", **params):
        customer = make_customer(email, **params)
        expected = len(mailbox.messages) + 1
        assert ask_for_code(client, token, email).status_code == 303
        response = enter_code(client, token, code_from(mailbox.wait(expected)[-1]))
        assert response.headers["Location"] == "/account/"
        return customer

    return run


@pytest.fixture
def whoami(app):
    """A page behind the account area's guard, answering with the customer id (registered before any request)."""
    @app.get("/_test/whoami")
    def whoami_view():
        return require_customer() or customer_sessions.current().customer_id

    return "/_test/whoami"


@pytest.fixture
def next_codes(monkeypatch):
    """Make the next codes issued 111111, 222222, ... so tests need no luck."""
    numbers = itertools.count(1)
    monkeypatch.setattr(passcodes.secrets, "randbelow", lambda _n: next(numbers) * 111111)


@pytest.fixture
def price(stripe_client):
    product = stripe_client.v1.products.create(params={"name": "Pro"})
    return stripe_client.v1.prices.create(params={
        "product": product.id, "unit_amount": 1500, "currency": "usd", "recurring": {"interval": "month"},
    })


@pytest.fixture
def subscribe(stripe_client, price):
    """Give a customer a subscription: `subscribe(customer)` is active (card on file), `trial=True` trialing."""

    def run(customer, *, trial=False):
        params = {"customer": customer.id, "items": [{"price": price.id}]}
        if trial:
            params["trial_period_days"] = 14
        else:
            card = stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
            stripe_client.v1.customers.update(
                customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
        return stripe_client.v1.subscriptions.create(params=params)

    return run


@pytest.fixture
def later(emulator):
    """Move the emulator's clock on, so the next customer is created later (`created` differs)."""

    def run(seconds=60):
        requests.post(f"{emulator}/_emulator/advance", data={"seconds": seconds}, timeout=5).raise_for_status()

    return run
