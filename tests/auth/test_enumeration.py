"""The email step never tells whether a customer exists."""
import time

from auth.helpers import ask_for_code, without_csrf
from portal_site.models import PasscodeChallenge

KNOWN, UNKNOWN = "ann@example.test", "nobody@example.test"


def _answers(app, token, email, **headers):
    client = app.test_client()
    posted = ask_for_code(client, token, email, **headers)
    page = client.get(f"/p/login/{token}/code")
    return posted, without_csrf(page.get_data(as_text=True)).replace(email, "EMAIL")


def test_known_and_unknown_emails_get_the_same_answer(app, token, make_customer, mailbox):
    make_customer(KNOWN)
    unknown_post, unknown_page = _answers(app, token, UNKNOWN)
    known_post, known_page = _answers(app, token, KNOWN)
    assert (known_post.status_code, known_post.headers["Location"]) == (303, f"/p/login/{token}/code")
    assert (unknown_post.status_code, unknown_post.headers["Location"]) == (303, f"/p/login/{token}/code")
    assert known_post.get_data() == unknown_post.get_data()
    assert known_page == unknown_page
    assert "If an account exists for EMAIL, we sent it a 6-digit code" in known_page
    [message] = mailbox.wait(1)
    time.sleep(0.3)
    assert [m["To"] for m in mailbox.messages] == [KNOWN]
    with app.app_context():
        assert sorted(c.email for c in PasscodeChallenge.query) == sorted([KNOWN, UNKNOWN])


def test_known_and_unknown_emails_get_the_same_htmx_answer(app, token, make_customer, mailbox):
    make_customer(KNOWN)
    unknown, _ = _answers(app, token, UNKNOWN, **{"HX-Request": "true"})
    known, _ = _answers(app, token, KNOWN, **{"HX-Request": "true"})
    assert known.status_code == unknown.status_code == 200
    assert known.headers["HX-Redirect"] == unknown.headers["HX-Redirect"] == f"/p/login/{token}/code"
    assert known.get_data() == unknown.get_data()
    mailbox.wait(1)


def test_an_unknown_email_can_try_codes_like_a_known_one(app, token, client):
    ask_for_code(client, token, UNKNOWN)
    response = client.post(f"/p/login/{token}/code", data={"code": "123456"})
    assert response.status_code == 422
    assert "That code is not right. You can try 4 more times." in response.get_data(as_text=True)
