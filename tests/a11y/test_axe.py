"""axe-core finds no serious or critical WCAG 2.1 AA problem on the customer pages and the dashboard sign-in."""
import pytest
from playwright.sync_api import expect

from portal_site import settings
from tests.conftest import Mailbox


@pytest.fixture
def code_page(page, login_url, subscriber):
    email = subscriber()
    page.goto(login_url)
    page.get_by_role("textbox").fill(email)
    page.keyboard.press("Enter")
    page.wait_for_url("**/code")
    return page


def test_login_page(page, login_url, check_axe):
    for locale in ("en", "fr"):
        page.goto(f"{login_url}?locale={locale}")
        check_axe(page)


def test_login_page_with_an_error(page, login_url, check_axe):
    page.goto(login_url)
    page.get_by_role("textbox").fill("not an email")
    page.keyboard.press("Enter")
    page.locator(".field__error").wait_for()
    check_axe(page)


def test_passcode_page(code_page, check_axe):
    check_axe(code_page)


def test_passcode_page_with_a_wrong_code(code_page, check_axe):
    code_page.get_by_role("textbox").fill("000000")
    code_page.keyboard.press("Enter")
    code_page.locator(".field__error").wait_for()
    check_axe(code_page)


def test_account_page(browser_sign_in, subscriber, check_axe):
    page = browser_sign_in(subscriber())
    check_axe(page)
    page.goto(f"{page.url}?locale=de")
    check_axe(page)


def test_account_page_with_a_subscription_of_several_products(browser_sign_in, subscriber, stripe_v1, check_axe):
    email = subscriber()
    [subscription] = stripe_v1.subscriptions.list().data
    product = stripe_v1.products.create(params={"name": "Extra storage", "unit_label": "GB"})
    price = stripe_v1.prices.create(params={"product": product.id, "currency": "eur", "unit_amount": 200,
                                            "recurring": {"interval": "month"}})
    stripe_v1.subscriptions.update(subscription.id, params={"items": [{"price": price.id, "quantity": 50}]})
    page = browser_sign_in(email)
    page.get_by_text("Quantity: 50 GB").wait_for()
    page.locator(".subscription__upcoming", has_text="Next invoice").wait_for()
    check_axe(page)


def test_cancellation_page(browser_sign_in, subscriber, check_axe):
    page = browser_sign_in(subscriber())
    page.get_by_role("link", name="Cancel subscription").first.click()
    page.get_by_role("heading", name="Cancel this subscription").wait_for()
    check_axe(page)


def test_signed_out_and_inactive_link_pages(page, live_server, check_axe):
    page.goto(f"{live_server}/p/signed-out")
    check_axe(page)
    page.goto(f"{live_server}/p/login/not-a-real-link")
    check_axe(page)


def test_dashboard_login_page(page, live_server, check_axe):
    page.goto(f"{live_server}/admin/login")
    check_axe(page)


def test_passcode_email(page, login_url, subscriber, mailbox, check_axe):
    email = subscriber()
    page.goto(f"{login_url}?locale=es")
    page.get_by_role("textbox").fill(email)
    page.keyboard.press("Enter")
    page.wait_for_url("**/code")
    [message] = mailbox.wait(1)
    page.set_content(Mailbox.html(message))
    assert page.locator("html").get_attribute("lang") == "es"
    check_axe(page)


@pytest.mark.parametrize("step", ["cancel", "plan", "quantity"])
def test_subscription_pages_without_javascript(browser_sign_in, subscriber, stripe_v1, live_server, check_axe, step):
    page = browser_sign_in(subscriber())
    [subscription] = stripe_v1.subscriptions.list().data
    page.goto(f"{live_server}/account/subscriptions/{subscription.id}/{step}")
    assert page.locator("h1").count() == 1
    check_axe(page)


def test_invoice_and_add_card_pages(browser_sign_in, subscriber, stripe_v1, live_server, check_axe):
    page = browser_sign_in(subscriber())
    [invoice] = stripe_v1.invoices.list().data
    page.goto(f"{live_server}/account/invoices/{invoice.id}")
    check_axe(page)
    page.goto(f"{live_server}/account/")
    page.get_by_role("button", name="Add a card").click()
    page.locator("#payment-element iframe, #payment-element input").first.wait_for()
    check_axe(page)


def test_account_picker(app, page, login_url, stripe_v1, emailed_code, check_axe):
    with app.app_context():
        settings.save({"features": {"account_picker": {"enabled": True}}})
    for name in ("Home", "Work"):
        stripe_v1.customers.create(params={"email": "sam@example.test", "name": name})
    page.goto(login_url)
    page.get_by_role("textbox").fill("sam@example.test")
    page.keyboard.press("Enter")
    page.wait_for_url("**/code")
    page.get_by_role("textbox").fill(emailed_code())
    page.keyboard.press("Enter")
    page.wait_for_url("**/account")
    check_axe(page)
    page.get_by_role("button", name="Continue").click()
    page.locator(".field__error").wait_for()
    check_axe(page)


def test_billing_detail_forms_with_errors(browser_sign_in, subscriber, check_axe):
    page = browser_sign_in(subscriber())
    page.get_by_text("Edit billing address").click()
    page.locator("#billing-address-form").get_by_role("button", name="Save").click()
    page.locator("#billing-address .field__error").first.wait_for()
    expect(page.locator(":focus")).to_have_attribute("aria-invalid", "true")
    page.get_by_text("Add a tax ID").click()
    page.get_by_role("button", name="Add tax ID").click()
    page.locator("#billing-tax-ids .field__error").first.wait_for()
    check_axe(page)


def test_pause_with_preset_lengths(app, browser_sign_in, subscriber, check_axe):
    with app.app_context():
        settings.save({"features": {"subscription_pause": {"enabled": True, "duration": "interval_options",
                                                           "interval_options": [{"interval": "month"},
                                                                                {"interval": "week"}]}}})
    page = browser_sign_in(subscriber())
    page.get_by_role("link", name="Pause payments").click()
    expect(page.get_by_role("group", name="Resume payments on")).to_be_visible()
    check_axe(page)


def test_pause_promotion_and_retention_steps(app, browser_sign_in, subscriber, stripe_v1, check_axe):
    coupon = stripe_v1.coupons.create(params={"percent_off": 20, "duration": "forever"})
    with app.app_context():
        settings.save({"features": {"subscription_pause": {"enabled": True}, "promotion_codes": {"enabled": True},
                                    "subscription_cancel": {"retention_coupon": coupon.id}}})
    page = browser_sign_in(subscriber())
    page.get_by_role("link", name="Pause payments").click()
    page.get_by_role("heading", name="Pause payments").wait_for()
    check_axe(page)
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Add promotion code").click()
    page.get_by_role("button", name="Apply code").click()
    page.locator(".subscription .field__error").wait_for()
    check_axe(page)
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Cancel subscription").click()
    page.get_by_role("button", name="Cancel subscription").click()
    page.get_by_role("heading", name="Before you go").wait_for()
    check_axe(page)
