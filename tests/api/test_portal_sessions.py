"""The merchant's server creates one-time portal session URLs with an API key."""
from datetime import timedelta

import pytest

from portal_site.extensions import db
from portal_site.merchants import api_keys
from portal_site.models import PortalSessionLink
from portal_site.signin import session_links


@pytest.fixture
def api_key(app):
    with app.app_context():
        return api_keys.create("server")[1]


@pytest.fixture
def customer(stripe_v1):
    return stripe_v1.customers.create(params={"email": "ada@example.com", "name": "Ada"})


def create(client, key, **data):
    return client.post("/api/v1/portal_sessions", json=data, headers={"Authorization": f"Bearer {key}"})


@pytest.mark.parametrize("header", [None, "Bearer nope", "Bearer bpk_unknownunknownunknown", "Basic abc"])
def test_without_a_valid_key_nothing_is_created(client, customer, header):
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/v1/portal_sessions", json={"customer": customer.id}, headers=headers)
    assert response.status_code == 401
    assert "API key is required" in response.json["error"]["message"]


def test_revoked_key_is_refused(app, client, api_key, customer, runner):
    result = runner.invoke(args=["api-key", "revoke", api_key[:12]])
    assert result.exit_code == 0, result.output
    assert create(client, api_key, customer=customer.id).status_code == 401


def test_cli_prints_a_working_key(client, runner, customer):
    result = runner.invoke(args=["api-key", "create", "billing-server"])
    secret = result.output.strip().splitlines()[-1]
    assert create(client, secret, customer=customer.id).status_code == 201


@pytest.mark.parametrize(
    "bad, param",
    [({"customer": ""}, "customer"), ({"return_url": "javascript:alert(1)"}, "return_url"), ({"locale": "xx"}, "locale"),
     ({"return_url": "https://"}, "return_url"), ({"return_url": "http:evil.example"}, "return_url"),
     ({"return_url": "https://[evil.example"}, "return_url"), ({"return_url": "https://a.example/\x00"}, "return_url"),
     ({"return_url": "https://a.example/" + "a" * 2048}, "return_url")],
)
def test_bad_parameters_are_named(client, api_key, customer, bad, param):
    response = create(client, api_key, **{"customer": customer.id, **bad})
    assert response.status_code == 400
    assert response.json["error"]["param"] == param


def test_form_encoded_parameters_work_as_with_stripe(client, api_key, customer):
    response = client.post("/api/v1/portal_sessions", data={"customer": customer.id, "locale": "de"},
                           headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code == 201 and response.json["customer"] == customer.id


def test_unknown_customer_is_404(client, api_key):
    response = create(client, api_key, customer="cus_missing")
    assert response.status_code == 404
    assert response.json["error"] == {"message": "No such customer: 'cus_missing'.", "param": "customer"}


def test_a_deleted_customer_is_404_naming_the_parameter(client, api_key, customer, stripe_v1):
    stripe_v1.customers.delete(customer.id)
    response = create(client, api_key, customer=customer.id)
    assert response.status_code == 404
    assert response.json["error"]["param"] == "customer"


def test_the_url_signs_the_customer_in_once(app, client, api_key, customer):
    response = create(client, api_key, customer=customer.id, return_url="https://shop.example.com/account",
                      locale="fr")
    assert response.status_code == 201
    url = response.json["url"]
    assert url.startswith("http://localhost/p/session/")
    path = url.removeprefix("http://localhost")

    opened = client.get(path)
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith("/account/")
    with client.session_transaction() as session:
        assert session["customer_session"]
        assert session["customer_locale"] == "fr"

    again = app.test_client().get(path)
    assert again.status_code == 404
    assert b"This link has expired" in again.data


def test_expired_url_does_not_sign_in(app, client, api_key, customer):
    path = create(client, api_key, customer=customer.id).json["url"].removeprefix("http://localhost")
    with app.app_context():
        link = db.session.query(PortalSessionLink).one()
        link.expires_at = link.expires_at - session_links.LIFETIME - timedelta(seconds=1)
        db.session.commit()
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("body, content_type", [
    ("{not json", "application/json"), ("[1, 2]", "application/json"), ('"cus_x"', "application/json"),
    ('{"customer": 42}', "application/json"), ('{"customer": ["a"], "return_url": 7, "locale": null}', "application/json"),
    ("customer=", "application/x-www-form-urlencoded"), ("", "text/plain"),
])
def test_a_malformed_body_is_a_400_that_says_what_is_wrong(client, api_key, body, content_type):
    response = client.post("/api/v1/portal_sessions", data=body, content_type=content_type,
                           headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code == 400
    assert response.json["error"]["message"]
