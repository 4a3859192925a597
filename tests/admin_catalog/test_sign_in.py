"""Merchant accounts: the CLI that creates them, sign-in, `next`, sign-out, the gate on every page."""
import re

import pytest

from admin_catalog.helpers import ADMIN_EMAIL, ADMIN_PASSWORD, sign_in


def test_cli_creates_an_admin_with_a_generated_password_that_signs_in(runner, client):
    result = runner.invoke(args=["admin", "create", "New@Example.test"])
    assert result.exit_code == 0, result.output
    password = re.search(r"Password: (\S+)", result.output).group(1)
    assert "new@example.test" in result.output
    response = sign_in(client, "new@example.test", password)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_cli_accepts_a_password_and_refuses_a_duplicate(runner, client):
    assert runner.invoke(args=["admin", "create", "a@example.test", "--password", "s3cret-pass"]).exit_code == 0
    again = runner.invoke(args=["admin", "create", "A@example.test"])
    assert again.exit_code != 0
    assert "already exists" in again.output
    assert sign_in(client, "a@example.test", "s3cret-pass").status_code == 302


def test_valid_sign_in_opens_the_dashboard(client, admin):
    response = sign_in(client)
    assert response.status_code == 302
    home = client.get("/admin/")
    assert home.status_code == 200
    assert f"Signed in as {ADMIN_EMAIL}" in home.text
    assert 'aria-current="page"' in home.text


@pytest.mark.parametrize("email,password", [
    (ADMIN_EMAIL, "wrong password"),
    ("nobody@example.test", ADMIN_PASSWORD),
])
def test_wrong_credentials_are_refused_and_the_email_is_kept(client, admin, email, password):
    response = sign_in(client, email, password)
    assert response.status_code == 422
    assert "That email and password do not match an account." in response.text
    assert f'value="{email}"' in response.text
    assert password not in response.text
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("email,password,message", [
    ("", ADMIN_PASSWORD, "Enter your email address."),
    (ADMIN_EMAIL, "", "Enter your password."),
])
def test_missing_fields_are_named(client, admin, email, password, message):
    response = sign_in(client, email, password)
    assert response.status_code == 422
    assert message in response.text
    assert 'aria-invalid="true"' in response.text


@pytest.mark.parametrize("next_url,lands_on", [
    ("/admin/?tab=1", "/admin/?tab=1"),
    ("https://evil.example/", "/admin/"),
    ("//evil.example/", "/admin/"),
    ("/\\evil.example/", "/admin/"),
    ("javascript:alert(1)", "/admin/"),
])
def test_next_only_accepts_a_path_on_this_site(client, admin, next_url, lands_on):
    response = client.post("/admin/login?next=" + next_url.replace("?", "%3F").replace("&", "%26"),
                           data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == lands_on


def test_signed_out_visitors_are_sent_to_sign_in_and_back(client, admin):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=%2Fadmin%2F")
    login_page = client.get(response.headers["Location"])
    assert 'name="next" type="hidden" value="/admin/"' in login_page.text
    signed = sign_in(client, next="/admin/")
    assert signed.headers["Location"] == "/admin/"


def test_htmx_requests_without_a_session_get_401_and_a_redirect(client):
    response = client.get("/admin/", headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/admin/"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/admin/login?next=/admin/"


def test_sign_in_starts_a_fresh_session(client, admin):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == "admin:1"


def test_a_session_moved_to_another_browser_is_dropped(signed_in):
    assert signed_in.get("/admin/").status_code == 200
    assert signed_in.get("/admin/", headers={"User-Agent": "another browser"}).status_code == 302


def test_sign_out_ends_the_session(signed_in):
    response = signed_in.post("/admin/logout")
    assert response.headers["Location"] == "/admin/login"
    assert "You are signed out." in signed_in.get("/admin/login").text
    assert signed_in.get("/admin/").status_code == 302


@pytest.mark.csrf
def test_sign_in_without_the_csrf_token_is_refused(client, admin):
    refused = sign_in(client)
    assert refused.status_code == 400
    assert "This form has expired" in refused.text
    page = client.get("/admin/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    assert sign_in(client, csrf_token=token).status_code == 302


def test_sessions_end_after_twelve_hours(signed_in):
    with signed_in.session_transaction() as session:
        session["admin_since"] -= 13 * 3600
        session["admin_seen"] = session["admin_since"] + 12.5 * 3600
    assert signed_in.get("/admin/").status_code == 302


def test_sessions_end_after_thirty_idle_minutes(signed_in):
    with signed_in.session_transaction() as session:
        session["admin_seen"] -= 29 * 60
    assert signed_in.get("/admin/").status_code == 200
    with signed_in.session_transaction() as session:
        session["admin_seen"] -= 31 * 60
    assert signed_in.get("/admin/").status_code == 302


def test_a_copy_of_the_cookie_is_worthless_after_sign_out(app, signed_in):
    copied = signed_in.get_cookie("session").value
    signed_in.post("/admin/logout")
    signed_in.set_cookie("session", copied)
    assert signed_in.get("/admin/").status_code == 302
    assert sign_in(signed_in).status_code == 302
    assert signed_in.get("/admin/").status_code == 200


@pytest.fixture
def strict_limits(app_config):
    app_config["RATE_LIMITS"] = {"admin_signin_email": "3/10 minutes", "admin_signin_ip": "5/10 minutes"}


def test_sign_in_is_rate_limited_per_email(strict_limits, client, admin):
    for _ in range(3):
        assert sign_in(client, password="wrong").status_code == 422
    limited = sign_in(client)
    assert limited.status_code == 429
    assert "Too many sign-in attempts" in limited.text
    assert int(limited.headers["Retry-After"]) > 0
    assert f'value="{ADMIN_EMAIL}"' in limited.text
    assert client.get("/admin/").status_code == 302


def test_sign_in_is_rate_limited_per_ip(strict_limits, client, admin):
    for number in range(5):
        assert sign_in(client, f"guess{number}@example.test", "wrong").status_code == 422
    assert sign_in(client).status_code == 429
