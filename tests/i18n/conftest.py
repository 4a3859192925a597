"""Fixtures for the language tests: Stripe objects in the emulator, the login link, signing in as a customer does."""
import pytest

from i18n.helpers import code_from
from portal_site import settings
from portal_site.signin import login_links


@pytest.fixture
def login_path(app):
    """The path of the active customer login link."""
    with app.app_context():
        return f"/p/login/{login_links.activate().token}"


@pytest.fixture
def merchant_default_locale(app):
    def choose(code):
        with app.app_context():
            settings.save({"default_locale": code})
    return choose


@pytest.fixture
def sign_in(client, login_path, mailbox):
    """Sign `client` in through the real flow (email, emailed code). `query` goes on the login link."""

    def run(email, query="", **headers):
        before = len(mailbox.messages)
        response = client.post(f"{login_path}{query}", data={"email": email}, headers=headers)
        assert response.status_code == 303, response.status_code
        message = mailbox.wait(before + 1)[-1]
        response = client.post(f"{login_path}/code", data={"code": code_from(message)}, headers=headers)
        assert response.headers["Location"] == "/account/", response.get_data(as_text=True)
        return message

    return run


@pytest.fixture
def subscribed_customer(stripe_v1):
    """A customer with a Visa and a monthly subscription of 1,234.00 in `currency`."""

    def make(email, currency="eur", **fields):
        customer = stripe_v1.customers.create(params={"email": email, **fields})
        card = stripe_v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
        stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
        product = stripe_v1.products.create(params={"name": "Studio"})
        price = stripe_v1.prices.create(params={"product": product.id, "currency": currency, "unit_amount": 123400,
                                          "recurring": {"interval": "month"}})
        stripe_v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}]})
        return customer

    return make
