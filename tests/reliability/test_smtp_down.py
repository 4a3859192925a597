"""The email server down (MAIL_PORT closed): asking for a sign-in code says it could not be sent, for any address."""
import socket

import pytest

from portal_site import mail


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_config(app_config, closed_port):
    mail._checked.clear()
    return {**app_config, "MAIL_PORT": closed_port}


@pytest.mark.parametrize("email", ["ada@example.test", "nobody@example.test"])
def test_asking_for_a_code_says_it_could_not_be_sent(client, login_token, stripe_v1, email):
    stripe_v1.customers.create(params={"email": "ada@example.test"})
    response = client.post(f"/p/login/{login_token}", data={"email": email})
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert "We could not send a code just now: our email service is not answering." in response.text
    assert email in response.text, "what was typed is kept"


def test_asking_again_says_so_too(client, login_token):
    with client.session_transaction() as session:
        session["signin"] = {"token": login_token, "email": "ada@example.test"}
    response = client.post(f"/p/login/{login_token}/resend", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert "our email service is not answering" in response.text



def test_the_email_server_back_is_seen_at_the_next_check(app, client, login_token, smtp_server, monkeypatch, mailbox):
    assert client.post(f"/p/login/{login_token}", data={"email": "ada@example.test"}).status_code == 503
    monkeypatch.setattr(mail, "RECHECK_SECONDS", 0)
    app.extensions["mail"].port = smtp_server[1]
    assert client.post(f"/p/login/{login_token}", data={"email": "ada@example.test"}).status_code == 303
