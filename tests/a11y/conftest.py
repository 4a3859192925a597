"""Accessibility test tooling: a customer signed in through the real sign-in pages, focus and layout probes.
(axe-core itself, `check_axe`, is in tests/conftest.py: the dashboard tests use it too.)"""
import json

import pytest

from portal_site.signin import login_links
from tests.i18n.helpers import code_from


@pytest.fixture
def login_url(app, live_server):
    with app.app_context():
        return f"{live_server}/p/login/{login_links.activate().token}"


@pytest.fixture
def subscriber(stripe_v1):
    """A customer with a default Visa, a paid invoice and a monthly subscription in `currency`; returns the email."""

    def make(email="robin@example.test", currency="eur", amount=123400, **fields):
        customer = stripe_v1.customers.create(params={"email": email, "name": "Robin Example", **fields})
        card = stripe_v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
        stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
        product = stripe_v1.products.create(params={"name": "Studio plan"})
        price = stripe_v1.prices.create(params={"product": product.id, "currency": currency, "unit_amount": amount,
                                          "recurring": {"interval": "month"}})
        stripe_v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}]})
        return email

    return make


@pytest.fixture
def emailed_code(mailbox):
    """The newest passcode emailed, waiting for the `count`-th message."""

    def read(count=1):
        return code_from(mailbox.wait(count)[count - 1])

    return read


@pytest.fixture
def browser_sign_in(page, login_url, emailed_code):
    """Sign in through the sign-in pages by typing, as a customer does; leaves `page` on the account page."""

    def run(email, query=""):
        page.goto(f"{login_url}{query}")
        page.get_by_role("textbox").fill(email)
        page.keyboard.press("Enter")
        page.wait_for_url("**/code")
        page.get_by_role("textbox").fill(emailed_code())
        page.keyboard.press("Enter")
        page.wait_for_url("**/account/")
        return page

    return run


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def focused(page):
    """The focused element's tag, text, outline and box, for keyboard tests."""
    return page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return {tag: e.tagName, text: (e.innerText || e.value || '').trim(), name: e.name || '',"
        " outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 ? s.outlineWidth : '',"
        " shadow: s.boxShadow}; }")


def dump(value):
    return json.dumps(value, indent=2, ensure_ascii=False)
