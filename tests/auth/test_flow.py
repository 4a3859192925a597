"""The sign-in flow through the test client: login link, email, code, session."""
import threading
import time

import stripe

from auth.helpers import ask_for_code, code_from, enter_code, wrong
from portal_site import settings
from portal_site.models import ActivityLog, CustomerSession
from portal_site.signin import login_links
from tests.conftest import Mailbox


def test_unknown_or_inactive_link_shows_the_branded_not_active_page(client, app, token):
    assert "This link is not active" in client.get("/p/login/nope").get_data(as_text=True)
    assert client.get("/p/login/nope").status_code == 404
    with app.app_context():
        login_links.rotate()
    response = client.get(f"/p/login/{token}")
    assert response.status_code == 404
    assert "This link is not active" in response.get_data(as_text=True)


def test_prefilled_email_is_escaped_editable_and_sends_nothing(client, token, mailbox, make_customer):
    make_customer("ann@example.test")
    response = client.get(f'/p/login/{token}?prefilled_email=ann@example.test"><script>x</script>')
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="ann@example.test&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in body
    assert "<script>x" not in body
    assert 'readonly' not in body
    response = client.get(f"/p/login/{token}?prefilled_email=ann@example.test")
    assert 'value="ann@example.test"' in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_a_customer_signs_in_with_the_emailed_code(client, app, token, mailbox, make_customer):
    customer = make_customer("ann@example.test", name="Ann")
    response = ask_for_code(client, token, "ann@example.test")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/p/login/{token}/code"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page
    [message] = mailbox.wait(1)
    assert message["To"] == "ann@example.test"
    code = code_from(message)
    response = enter_code(client, token, f"{code[:3]} {code[3:]}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/account/"
    with app.app_context():
        [row] = CustomerSession.query.all()
        assert row.customer_id == customer.id and row.revoked_at is None
        actions = [(a.action, a.customer_id) for a in ActivityLog.query.order_by(ActivityLog.id)]
        assert actions == [("signin.succeeded", customer.id)]
        assert all(code not in str(a.detail) for a in ActivityLog.query)


def test_failed_sign_ins_are_logged_without_the_code(app, client, token, mailbox, make_customer):
    customer = make_customer("ann@example.test")
    ask_for_code(client, token, "ann@example.test")
    code = code_from(mailbox.wait(1)[0])
    assert enter_code(client, token, wrong(code)).status_code == 422
    with app.app_context():
        [entry] = ActivityLog.query.all()
        assert (entry.action, entry.customer_id, entry.detail) == ("signin.failed", customer.id, {"reason": "wrong_code"})
        assert entry.actor == "ann@example.test"


def test_the_email_step_answers_the_same_when_stripe_is_unreachable(app, client, token, mailbox):
    app.extensions["stripe_client"] = _unreachable_stripe()
    response = ask_for_code(client, token, "ann@example.test")
    assert (response.status_code, response.headers["Location"]) == (303, f"/p/login/{token}/code")


def test_a_correct_code_still_works_after_stripe_was_unreachable(app, client, token, mailbox, make_customer):
    make_customer("ann@example.test")
    ask_for_code(client, token, "ann@example.test")
    code = code_from(mailbox.wait(1)[0])
    working, app.extensions["stripe_client"] = app.extensions["stripe_client"], _unreachable_stripe()
    response = enter_code(client, token, code)
    assert response.status_code == 503
    assert "Nothing was changed" in response.get_data(as_text=True)
    app.extensions["stripe_client"] = working
    assert enter_code(client, token, code).headers["Location"] == "/account/"


def _unreachable_stripe():
    """A Stripe client whose API address refuses connections, as when Stripe is down."""
    return stripe.StripeClient("sk_test_portal", base_addresses={"api": "http://127.0.0.1:9"},
                               max_network_retries=0)


def test_a_link_deactivated_mid_way_stops_the_sign_in(app, client, token):
    ask_for_code(client, token, "ann@example.test")
    with app.app_context():
        login_links.deactivate()
    response = enter_code(client, token, "123456")
    assert response.status_code == 404
    assert "This link is not active" in response.get_data(as_text=True)
    response = enter_code(client, token, "123456", **{"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == f"/p/login/{token}"


def test_use_a_different_email_goes_back_to_the_email_step_with_the_last_email(client, token):
    ask_for_code(client, token, "ann@example.test")
    page = client.get(f"/p/login/{token}/code").get_data(as_text=True)
    assert f'<a href="/p/login/{token}">Use a different email</a>' in page
    assert 'value="ann@example.test"' in client.get(f"/p/login/{token}").get_data(as_text=True)


def test_the_same_code_posted_at_once_from_many_tabs_signs_in_once(app, client, token, mailbox, make_customer):
    make_customer("ann@example.test")
    ask_for_code(client, token, "ann@example.test")
    code = code_from(mailbox.wait(1)[0])
    cookie = client.get_cookie("session").value
    start, answers = threading.Barrier(6), []

    def tab():
        browser_tab = app.test_client()
        browser_tab.set_cookie("session", cookie)
        start.wait()
        answers.append(enter_code(browser_tab, token, code).status_code)

    tabs = [threading.Thread(target=tab) for _ in range(6)]
    for thread in tabs:
        thread.start()
    for thread in tabs:
        thread.join(20)
    assert sorted(answers) == [303] + [422] * 5
    with app.app_context():
        assert CustomerSession.query.count() == 1
        assert ActivityLog.query.filter_by(action="signin.succeeded").count() == 1


def test_the_code_email_is_branded_in_text_and_html_and_in_the_page_language(app, client, token, mailbox,
                                                                                make_customer):
    with app.app_context():
        settings.save({"branding": {"business_name": "Acme Rockets", "brand_color": "#aa2200"}})
    make_customer("ann@example.test")
    client.get(f"/p/login/{token}?locale=fr")
    ask_for_code(client, token, "ann@example.test")
    [message] = mailbox.wait(1)
    code = code_from(message)
    text, html = Mailbox.text(message), Mailbox.html(message)
    assert message["Subject"].startswith("Votre code de connexion") and message["Subject"].endswith(code)
    assert "Acme Rockets" in text and "10 minutes" in text
    assert code in html and "Acme Rockets" in html and "#aa2200" in html
    assert '<html lang="fr">' in html


def test_a_passcode_email_that_cannot_be_sent_is_logged_without_the_code(app, client, token, make_customer,
                                                                          next_codes, monkeypatch, caplog):
    from portal_site import mail
    from portal_site.models import Job

    app.extensions["mail"].port = 9  # nothing listens there: the SMTP connection is refused
    monkeypatch.setattr(mail, "reachable", lambda: True)  # it answered the check, then went down
    make_customer("ann@example.test")
    assert ask_for_code(client, token, "ann@example.test").status_code == 303
    failures = []
    deadline = time.monotonic() + 10
    while not failures and time.monotonic() < deadline:
        time.sleep(0.05)
        failures = [record for record in caplog.records if record.name == "portal_site.mail"]
    assert failures and "ann@example.test" in failures[0].getMessage()
    assert all("111111" not in record.getMessage() for record in caplog.records)
    with app.app_context():
        [email] = Job.query.filter(Job.kind == "mail").all()
        assert email.state == "queued" and email.attempts == 1 and "111111" not in (email.error or "")