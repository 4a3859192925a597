"""axe-core finds no serious or critical WCAG 2.1 AA problem on the customer pages and the dashboard sign-in."""
import pytest


@pytest.fixture
def code_page(page, login_url, subscriber):
    email = subscriber()
    page.goto(login_url)
    page.get_by_role("textbox").fill(email)
    page.keyboard.press("Enter")
    page.wait_for_url("**/code")
    return page


@pytest.mark.parametrize("locale", ["en", "fr"])
def test_login_page(page, login_url, check_axe, locale):
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


@pytest.mark.parametrize("locale", ["en", "de"])
def test_account_page(browser_sign_in, subscriber, check_axe, locale):
    page = browser_sign_in(subscriber(), query=f"?locale={locale}")
    page.locator("#subscriptions").wait_for()
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
