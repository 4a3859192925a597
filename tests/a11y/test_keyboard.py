"""Keyboard-only customers: sign in and cancel with Tab, Enter and typing; focus is visible and lands sensibly."""
from playwright.sync_api import expect

from a11y.conftest import dump, focused

TABS_LIMIT = 60


def tab_to(page, matches, *, visible_focus=True, limit=TABS_LIMIT):
    """Press Tab until the focused element `matches`; every stop on the way shows a focus outline."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        seen.append(now)
        if visible_focus and now["tag"] != "BODY":
            assert now["outline"] or now["shadow"] not in ("", "none"), f"no visible focus on {dump(now)}"
        if matches(now):
            return now
    raise AssertionError(f"Tab never reached the element; the focus went through:\n{dump(seen)}")


def test_sign_in_and_cancel_with_the_keyboard_only(page, login_url, subscriber, emailed_code, stripe_v1):
    email = subscriber()
    page.goto(login_url)

    first = tab_to(page, lambda f: True)
    assert first["tag"] == "A" and first["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["name"] == "email")
    page.keyboard.type(email)
    page.keyboard.press("Enter")
    page.wait_for_url("**/code")

    tab_to(page, lambda f: f["name"] == "code")
    page.keyboard.type(emailed_code())
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/")

    tab_to(page, lambda f: f["text"] == "Cancel subscription")
    page.keyboard.press("Enter")
    step = page.get_by_role("heading", name="Cancel this subscription")
    step.wait_for()
    expect(page.locator(":focus")).to_have_text("Cancel this subscription")

    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Cancel subscription")
    page.keyboard.press("Enter")
    notice = page.locator(".subscription .alert--success")
    notice.wait_for()
    expect(page.locator(":focus")).to_have_attribute("role", "status")
    assert "Your subscription will end on" in notice.inner_text()

    [subscription] = stripe_v1.subscriptions.list(params={"status": "all"}).data
    assert subscription.cancel_at_period_end or subscription.status == "canceled"


def test_a_form_error_moves_focus_to_the_field_that_describes_it(page, login_url):
    page.goto(login_url)
    tab_to(page, lambda f: f["name"] == "email")
    page.keyboard.type("not-an-email")
    page.keyboard.press("Enter")
    page.locator(".field__error").wait_for()
    expect(page.locator(":focus")).to_have_attribute("aria-invalid", "true")
    state = page.evaluate(
        "() => { const e = document.activeElement; const ids = (e.getAttribute('aria-describedby') || '').split(' ');"
        " return {name: e.name, invalid: e.getAttribute('aria-invalid'), value: e.value,"
        " description: ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ')}; }")
    assert state["name"] == "email" and state["invalid"] == "true"
    assert state["value"] == "not-an-email"
    assert "Enter an email address like name@example.com." in state["description"]


def test_a_wrong_code_is_announced_on_the_code_field(page, login_url, subscriber):
    page.goto(login_url)
    tab_to(page, lambda f: f["name"] == "email")
    page.keyboard.type(subscriber())
    page.keyboard.press("Enter")
    page.wait_for_url("**/code")
    tab_to(page, lambda f: f["name"] == "code")
    page.keyboard.type("000000")
    page.keyboard.press("Enter")
    page.locator(".field__error").wait_for()
    expect(page.locator(":focus")).to_have_attribute("aria-invalid", "true")
    error_id = page.evaluate("() => document.activeElement.getAttribute('aria-describedby')")
    assert "code-error" in error_id.split()
    assert "That code is not right" in page.locator("#code-error").inner_text()


def test_tabbing_through_the_account_page_never_gets_trapped(browser_sign_in, subscriber):
    page = browser_sign_in(subscriber())
    first = tab_to(page, lambda f: True)
    stops = [first]
    for _ in range(TABS_LIMIT):
        page.keyboard.press("Tab")
        now = focused(page)
        if now == first:
            break
        stops.append(now)
        assert now["tag"] == "BODY" or now["outline"] or now["shadow"] not in ("", "none"), dump(now)
    else:
        raise AssertionError(f"Tab did not come back round to the start:\n{dump(stops)}")
    texts = [stop["text"] for stop in stops]
    assert "Sign out" in texts and "Cancel subscription" in texts


def test_a_message_flashed_after_a_redirect_is_focused_so_it_is_read_first(browser_sign_in, subscriber, live_server,
                                                                            stripe_v1):
    page = browser_sign_in(subscriber())
    [customer] = stripe_v1.customers.list().data
    intent = stripe_v1.setup_intents.create(params={"customer": customer.id, "payment_method": "pm_card_mastercard",
                                              "confirm": True, "usage": "off_session"})
    page.goto(f"{live_server}/account/payment-methods/added?setup_intent={intent.id}")
    alert = page.locator("#alerts > .alert")
    expect(alert).to_be_focused()
