"""A customer signs in with the login link in a real browser (htmx on, CSP on)."""
import re

from playwright.sync_api import expect

from auth.helpers import code_from, wrong

EMAIL = "ann@example.test"


def _ask_for_code(page, live_server, token):
    page.goto(f"{live_server}/p/login/{token}?prefilled_email={EMAIL}")
    expect(page.get_by_label("Email address")).to_have_value(EMAIL)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert page.url == f"{live_server}/p/login/{token}/code"


def test_a_customer_signs_in_from_the_login_link_and_signs_out(live_server, page, token, make_customer, mailbox):
    make_customer(EMAIL, name="Ann Lovelace")
    _ask_for_code(page, live_server, token)
    code = code_from(mailbox.wait(1)[0])
    page.get_by_label("Sign-in code").fill(f"{code[:3]} {code[3:]}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/account/")
    expect(page.get_by_text(EMAIL).first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/p/signed-out")
    expect(page.get_by_role("heading", name="You are signed out")).to_be_visible()
    page.goto(f"{live_server}/account/")
    assert page.url == f"{live_server}/p/signed-out"


def test_a_wrong_code_shows_an_inline_error(live_server, page, token, make_customer, mailbox):
    make_customer(EMAIL)
    _ask_for_code(page, live_server, token)
    code = code_from(mailbox.wait(1)[0])
    field = page.get_by_label("Sign-in code")
    field.fill(wrong(code))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is not right. You can try 4 more times.")).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(wrong(code))
    expect(field).to_be_focused()
    assert page.url.endswith("/code")


def test_resend_becomes_available_after_the_cooldown(app, live_server, page, token, make_customer, mailbox,
                                                     next_codes):
    app.config["RATE_LIMITS"] = {"passcode_send_email": "1/2 seconds;5/hour"}
    make_customer(EMAIL)
    _ask_for_code(page, live_server, token)
    first = code_from(mailbox.wait(1)[0])
    resend = page.get_by_role("button", name="Resend code")
    expect(page.get_by_text(re.compile(r"You can request a new code in \d+ seconds?\."))).to_be_visible()
    expect(resend).to_be_disabled()
    expect(resend).to_be_enabled(timeout=5000)
    resend.click()
    expect(page.get_by_text(f"We sent a new code to {EMAIL}. Only the newest code works.")).to_be_visible()
    second = code_from(mailbox.wait(2)[1])
    assert second != first
    page.get_by_label("Sign-in code").fill(second)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/account/")
