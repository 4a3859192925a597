"""What a person sees in Chromium: French text and euro formatting, pages that fit 320 px, axe catching problems."""
import re

import pytest

from a11y.conftest import horizontal_overflow

NARROW = {"width": 320, "height": 640}


def test_signing_in_with_locale_fr_shows_the_account_in_french_with_euro_formatting(browser_sign_in, subscriber):
    page = browser_sign_in(subscriber(currency="eur"), query="?locale=fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Votre compte"
    subscriptions = page.locator("#subscriptions").inner_text()
    assert re.search(r"1[\u202f\u00a0 ]234,00[\u00a0 ]€ par mois", subscriptions), subscriptions
    assert re.search(r"Renouvellement le \d{1,2} [a-zéû]+\.? \d{4}\.", subscriptions), subscriptions
    assert page.get_by_role("combobox", name="Langue").input_value() == "fr"
    assert page.get_by_role("button", name="Se déconnecter").is_visible()


@pytest.mark.parametrize("locale", ["en", "de"])
def test_sign_in_pages_fit_a_320px_screen(page, login_url, subscriber, locale):
    page.set_viewport_size(NARROW)
    page.goto(f"{login_url}?locale={locale}")
    assert horizontal_overflow(page) == 0
    page.get_by_role("textbox").fill(subscriber())
    page.keyboard.press("Enter")
    page.wait_for_url("**/code")
    page.get_by_role("textbox").fill("12")
    page.keyboard.press("Enter")
    page.locator(".field__error").wait_for()
    assert horizontal_overflow(page) == 0


def test_the_account_page_fits_a_320px_screen(browser_sign_in, subscriber):
    page = browser_sign_in(subscriber(email="a.very.long.address.for.testing@subdomain.example.test"))
    page.set_viewport_size(NARROW)
    assert horizontal_overflow(page) == 0
    page.goto(f"{page.url}?locale=de")
    assert horizontal_overflow(page) == 0


def test_axe_reports_problems_readably(page, check_axe):
    """The helper is not a rubber stamp: a page with known violations fails, naming the rule and the element."""
    page.set_content('<html><body><main><img src="data:,"><a href="/x"></a></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        check_axe(page)
    report = str(failure.value)
    assert "[serious] html-has-lang" in report
    assert "[critical] image-alt" in report
    assert "at img" in report
