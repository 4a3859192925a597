"""Accessibility test tooling: axe-core (pinned in package-lock.json) inside Chromium, and a customer signed in
through the real sign-in pages."""
import json
import os
import shutil
import subprocess

import pytest

from portal_site import login_links
from tests.i18n.helpers import code_from

HERE = os.path.dirname(os.path.abspath(__file__))
AXE_JS = os.path.join(HERE, "node_modules", "axe-core", "axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's source; installed with `npm ci` from the lock file when `make test` has not done it yet."""
    if not os.path.exists(AXE_JS):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core is missing and npm is not installed: run `make test` on a machine with npm")
        subprocess.run([npm, "ci", "--prefix", HERE, "--no-audit", "--no-fund", "--loglevel=error"], check=True)
    with open(AXE_JS, encoding="utf-8") as source:
        return source.read()


def describe(violations):
    """axe's findings as lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            lines.append(f"        {summary}")
    return "\n".join(lines)


@pytest.fixture
def check_axe(axe_source):
    """`check_axe(page)` runs axe-core on the page as it is now and fails on serious or critical violations."""

    def run(page, context=None):
        """`context`: a CSS selector to check only part of the page."""
        page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
        # page.evaluate runs through the DevTools protocol, so the portal's CSP (no inline scripts) still holds.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        results = page.evaluate(
            "([context, tags]) => axe.run(context || document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            [context, AXE_TAGS],
        )
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
        assert not blocking, f"axe-core found problems on {page.url}:\n{describe(blocking)}"
        return results

    return run


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
