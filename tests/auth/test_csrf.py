"""Every sign-in form needs its CSRF token."""
import re

import pytest

from portal_site.models import PasscodeChallenge

TOKEN_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _csrf(page):
    match = TOKEN_FIELD.search(page.get_data(as_text=True))
    return match.group(1) or match.group(2)


@pytest.mark.csrf
def test_the_email_form_is_refused_without_its_csrf_token(app, client, token, mailbox):
    response = client.post(f"/p/login/{token}", data={"email": "ann@example.test"})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    with app.app_context():
        assert PasscodeChallenge.query.count() == 0


@pytest.mark.csrf
def test_the_email_form_works_with_its_csrf_token(client, token):
    csrf = _csrf(client.get(f"/p/login/{token}"))
    response = client.post(f"/p/login/{token}", data={"email": "ann@example.test", "csrf_token": csrf})
    assert response.status_code == 303


@pytest.mark.csrf
@pytest.mark.parametrize("step, data", [("code", {"code": "123456"}), ("resend", {})])
def test_the_code_and_resend_forms_are_refused_without_the_token(client, token, step, data):
    csrf = _csrf(client.get(f"/p/login/{token}"))
    client.post(f"/p/login/{token}", data={"email": "ann@example.test", "csrf_token": csrf})
    assert client.post(f"/p/login/{token}/{step}", data=data).status_code == 400
    headers = {"HX-Request": "true"}
    response = client.post(f"/p/login/{token}/{step}", data=data, headers=headers)
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#alerts"


@pytest.mark.csrf
def test_sign_out_needs_the_token(client):
    assert client.post("/p/logout").status_code == 400
