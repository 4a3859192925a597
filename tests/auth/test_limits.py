"""Rate limits on sending and checking codes, the resend cooldown, and limits shared through Redis."""
import os
import re
import time

import pytest

from auth.helpers import ask_for_code, code_from, enter_code, wrong
from portal_site.signin import limits

EMAIL = "ann@example.test"


def test_the_default_rules_are_the_documented_ones(app):
    with app.app_context():
        assert [str(item) for item in limits.rule("passcode_send_email")] == ["1 per 1 minute", "5 per 1 hour"]


def test_asking_again_inside_the_cooldown_sends_no_second_code(client, token, make_customer, mailbox):
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    first = code_from(mailbox.wait(1)[0])
    response = ask_for_code(client, token, EMAIL)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You can request a new code in" in page
    assert 'disabled aria-describedby="resend-wait"' in page
    time.sleep(0.3)
    assert len(mailbox.messages) == 1
    assert enter_code(client, token, first).status_code == 303


@pytest.mark.parametrize("known", [True, False])
def test_asking_again_inside_the_cooldown_says_no_new_code_was_sent_and_when_one_can_be(client, token, make_customer,
                                                                                      mailbox, known):
    if known:
        make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    first_page = client.get(f"/p/login/{token}/code").get_data(as_text=True)
    assert "we sent it a 6-digit code" in first_page and "No new code was sent" not in first_page
    response = ask_for_code(client, token, EMAIL)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (f"No new code was sent: a code was sent to {EMAIL} less than a minute ago, if an account exists for it."
            in page)
    assert "we sent it a 6-digit code" not in page
    assert re.search(r"You can request a new code in \d+ seconds?\.", page)
    again = client.get(f"/p/login/{token}/code").get_data(as_text=True)
    assert "No new code was sent" not in again


def test_signing_in_again_within_the_minute_says_how_to_get_a_new_code(app, client, token, make_customer, mailbox):
    """The code just used cannot be used again: the page must not send the customer back to it alone."""
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    assert enter_code(client, token, code_from(mailbox.wait(1)[0])).headers["Location"] == "/account/"
    other_browser = app.test_client()
    response = ask_for_code(other_browser, token, EMAIL)
    page = other_browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Use that code; if you have already used it, request a new one below once the wait is over." in page
    assert re.search(r"You can request a new code in \d+ seconds?\.", page)


def test_a_case_or_space_variant_of_the_email_from_another_browser_shares_its_cooldown(app, client, token,
                                                                                      make_customer, mailbox):
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    first = code_from(mailbox.wait(1)[0])
    assert ask_for_code(app.test_client(), token, "  Ann@EXAMPLE.test ").status_code == 303
    time.sleep(0.3)
    assert len(mailbox.messages) == 1
    assert enter_code(client, token, first).headers["Location"] == "/account/"


def test_resend_inside_the_cooldown_is_refused_with_the_seconds_left(client, token, make_customer, mailbox):
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    response = client.post(f"/p/login/{token}/resend", headers={"HX-Request": "true"})
    assert response.status_code == 429
    assert 50 <= int(response.headers["Retry-After"]) <= 60
    body = response.get_data(as_text=True)
    assert f"Please wait {response.headers['Retry-After']} seconds before requesting another code." in body
    assert 'id="resend"' in body and "<html" not in body


def test_resend_after_the_cooldown_sends_a_new_code_and_only_it_works(app, client, token, make_customer, mailbox,
                                                                       next_codes):
    app.config["RATE_LIMITS"] = {"passcode_send_email": "1/1 second;5/hour"}
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    first = code_from(mailbox.wait(1)[0])
    time.sleep(1.1)
    response = client.post(f"/p/login/{token}/resend")
    assert response.status_code == 303
    assert "We sent a new code to ann@example.test" in client.get(response.headers["Location"]).get_data(as_text=True)
    second = code_from(mailbox.wait(2)[1])
    assert first != second
    assert enter_code(client, token, first).status_code == 422
    assert enter_code(client, token, second).headers["Location"] == "/account/"


def test_five_codes_an_hour_per_email(app, client, token, mailbox, make_customer, jobs_done):
    app.config["RATE_LIMITS"] = {"passcode_send_email": "5/hour"}
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    for _ in range(4):
        assert client.post(f"/p/login/{token}/resend").status_code == 303
    response = client.post(f"/p/login/{token}/resend")
    assert response.status_code == 429
    assert "Please wait 60 minutes before requesting another code." in response.get_data(as_text=True)
    page = client.get(f"/p/login/{token}/code").get_data(as_text=True)
    assert "You can request a new code in 60 minutes." in page
    assert 'hx-trigger="load delay:60s"' in page
    jobs_done()
    # Five codes were made; one replaced before the worker reached it is not sent, since it could not be used.
    assert 1 <= len(mailbox.messages) <= 5


def test_sending_is_limited_per_ip_and_keeps_what_was_typed(app, client, token):
    app.config["RATE_LIMITS"] = {"passcode_send_ip": "2/hour"}
    ask_for_code(client, token, "one@example.test")
    ask_for_code(client, token, "two@example.test")
    response = ask_for_code(client, token, "three@example.test")
    assert response.status_code == 429
    assert response.headers["Retry-After"]
    body = response.get_data(as_text=True)
    assert 'value="three@example.test"' in body
    assert "before requesting another code" in body


def test_checking_codes_is_limited_per_ip(app, client, token):
    app.config["RATE_LIMITS"] = {"passcode_verify_ip": "2/hour"}
    ask_for_code(client, token, EMAIL)
    for _ in range(2):
        assert enter_code(client, token, "000000").status_code == 422
    response = enter_code(client, token, "000000", **{"HX-Request": "true"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["HX-Retarget"] == "#alerts"
    assert "Too many attempts" in response.get_data(as_text=True)


def test_wrong_codes_show_an_inline_error_and_keep_what_was_typed(client, token, make_customer, mailbox):
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    code = code_from(mailbox.wait(1)[0])
    response = enter_code(client, token, wrong(code), **{"HX-Request": "true"})
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith("<form")
    assert f'value="{wrong(code)}"' in body and 'aria-invalid="true"' in body
    assert "That code is not right. You can try 4 more times." in body
    assert enter_code(client, token, "12345").status_code == 422


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (limits shared through Redis)")
def test_two_app_instances_share_limits_through_redis(app_config, make_app):
    app_config["RATE_LIMITS"] = {"passcode_send_email": "1/minute"}
    first, second = make_app(app_config), make_app(app_config)
    with first.app_context():
        limits.hit("passcode_send_email", EMAIL)
    with second.app_context():
        assert limits.wait_seconds("passcode_send_email", EMAIL.upper()) > 0
        with pytest.raises(limits.RateLimited):
            limits.hit("passcode_send_email", EMAIL)
