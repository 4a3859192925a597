"""Account test helpers: Stripe objects made through the SDK, a signed-in customer, form posts."""
from dataclasses import dataclass

import pytest
import requests

from portal_site import settings
from portal_site.models import ActivityLog

MONTH = 31 * 24 * 3600


@dataclass
class Customer:
    id: str
    email: str


@pytest.fixture
def make_customer(stripe_v1):
    def make(email="ada@example.test", cards=(), default=True, **fields):
        customer = stripe_v1.customers.create(params={"email": email, **fields})
        pm_ids = [stripe_v1.payment_methods.attach(card, params={"customer": customer.id}).id for card in cards]
        if pm_ids and default:
            stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": pm_ids[0]}})
        made = Customer(customer.id, email)
        made.cards = pm_ids
        return made
    return make


@pytest.fixture
def sign_in(client, sign_in_customer):
    """Sign `customer` in on the test client, as the sign-in flow ends."""
    def sign(customer, return_url=None):
        sign_in_customer(client, customer.id, customer.email, return_url=return_url)
        return client
    return sign


@pytest.fixture
def customer(make_customer, sign_in):
    """A signed-in customer with a default Visa and a Mastercard."""
    made = make_customer(cards=("pm_card_visa", "pm_card_mastercard"))
    sign_in(made)
    return made


@pytest.fixture
def other(make_customer):
    """Someone else's account, with a card, whose ids must never work for `customer`."""
    return make_customer(email="mallory@example.test", cards=("pm_card_amex",))


@pytest.fixture
def portal_settings(app):
    def change(**features):
        with app.app_context():
            settings.save({"features": features})
    return change


@pytest.fixture
def activity(app):
    def rows(customer_id):
        with app.app_context():
            return [row.action for row in ActivityLog.query.filter_by(customer_id=customer_id).all()]
    return rows



@pytest.fixture
def browser_as(live_server, page, sign_in, client):
    """The browser signed in as `customer`: the session cookie the test client got, given to Chromium."""
    def enter(customer):
        sign_in(customer)
        page.context.add_cookies([{"name": "session", "value": client.get_cookie("session").value,
                                   "url": live_server}])
        page.goto(live_server + "/account/")
        return page
    return enter


@pytest.fixture
def price(stripe_v1):
    product = stripe_v1.products.create(params={"name": "Gold"})
    return stripe_v1.prices.create(params={"product": product.id, "unit_amount": 1500, "currency": "usd",
                                     "recurring": {"interval": "month"}})


@pytest.fixture
def subscribe(stripe_v1, price):
    """A subscription; its first invoice is paid, or left open when the default card declines."""
    def create(customer):
        return stripe_v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}],
                                                "payment_behavior": "allow_incomplete"})
    return create


@pytest.fixture
def debtor(make_customer, sign_in, subscribe, stripe_v1):
    """A signed-in customer whose default card declines, with a working Visa and one open invoice."""
    made = make_customer(email="debtor@example.test", cards=("pm_card_chargeDeclined", "pm_card_visa"))
    subscribe(made)
    made.invoice = stripe_v1.invoices.list(params={"customer": made.id}).data[0]
    sign_in(made)
    return made


@pytest.fixture
def behind(make_customer, sign_in, subscribe, stripe_v1, emulator):
    """A signed-in customer three renewals behind: paid once, then the default card started declining."""
    made = make_customer(email="behind@example.test", cards=("pm_card_visa", "pm_card_mastercard"))
    made.subscription = subscribe(made)
    declining = stripe_v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": made.id}).id
    stripe_v1.customers.update(made.id, params={"invoice_settings": {"default_payment_method": declining}})
    for _ in range(3):
        requests.post(f"{emulator}/_emulator/advance", data={"seconds": MONTH}, timeout=10).raise_for_status()
    made.open = [inv.id for inv in stripe_v1.invoices.list(params={"customer": made.id, "status": "open"}).data]
    assert len(made.open) == 3
    sign_in(made)
    return made
