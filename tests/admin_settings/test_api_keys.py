"""The dashboard's API keys page: a key is created with a name and shown once, listed with its last use, revoked
after a confirmation; a revoked key gets Stripe's 401 from the server API, through the official SDK."""
import re

import pytest
import stripe

from portal_site.extensions import db
from portal_site.merchants import api_keys
from portal_site.models import ActivityLog, ApiKey
from tests.admin_settings.conftest import html

SECRET = re.compile(r'value="(bpk_[A-Za-z0-9_-]+)"')


def create(client, name):
    response = client.post("/admin/api-keys", data={"name": name})
    assert response.status_code == 201, html(response)
    return SECRET.search(html(response)).group(1), response


def test_a_new_key_is_shown_once_and_stored_hashed(signed_in, app):
    secret, response = create(signed_in, "  Production server  ")
    assert "Copy it now: it is not shown again." in html(response)
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        key = db.session.query(ApiKey).one()
        assert key.name == "Production server"
        assert secret not in key.key_hash and key.prefix == secret[:12]
        assert api_keys.authenticate(secret).id == key.id
        assert db.session.query(ActivityLog).filter_by(action="api_key.created").one().actor == "merchant@example.test"
    listing = html(signed_in.get("/admin/api-keys"))
    assert "Production server" in listing and secret[:12] in listing
    assert secret not in listing


@pytest.mark.parametrize(("name", "message"), [
    ("", "Give the key a name, such as “Production server”."),
    ("   ", "Give the key a name, such as “Production server”."),
    ("x" * 101, "A name has at most 100 characters."),
])
def test_a_key_needs_a_name_of_at_most_100_characters(signed_in, app, name, message):
    response = signed_in.post("/admin/api-keys", data={"name": name})
    assert response.status_code == 422
    assert message in html(response)
    assert "The key was not created" in html(response)
    with app.app_context():
        assert db.session.query(ApiKey).count() == 0


def test_the_list_shows_when_each_key_was_last_used(signed_in, portal_sdk):
    secret, _ = create(signed_in, "Server")
    assert "Never" in html(signed_in.get("/admin/api-keys"))
    portal_sdk(secret).billing_portal.configurations.list()
    row = re.search(r'<tr id="api-key-\d+">.*?</tr>', html(signed_in.get("/admin/api-keys")), re.S).group(0)
    assert "Never" not in row and re.search(r"\w{3} \d{1,2}, \d{4}, \d\d:\d\d", row.split("</code>")[1])


def test_revoking_asks_first_then_the_sdk_gets_stripes_401(signed_in, app, portal_sdk):
    secret, _ = create(signed_in, "Old server")
    kept, _ = create(signed_in, "New server")
    portal_sdk(secret).billing_portal.configurations.list()
    with app.app_context():
        key_id = db.session.query(ApiKey).filter_by(name="Old server").one().id

    confirm = signed_in.get(f"/admin/api-keys/{key_id}/revoke")
    assert confirm.status_code == 200
    assert "Revoke the key “Old server”?" in html(confirm)
    with app.app_context():
        assert db.session.get(ApiKey, key_id).revoked_at is None  # asking changes nothing

    done = signed_in.post(f"/admin/api-keys/{key_id}/revoke", follow_redirects=True)
    assert "The key “Old server” is revoked" in html(done)
    assert "Revoked" in html(done)

    with pytest.raises(stripe.AuthenticationError) as refused:
        portal_sdk(secret).billing_portal.configurations.list()
    assert refused.value.http_status == 401
    assert refused.value.error.type == "invalid_request_error"
    assert refused.value.error.code == "api_key_invalid"
    assert refused.value.error.message.startswith("Invalid API Key provided: bpk_")
    assert portal_sdk(kept).billing_portal.configurations.list().data  # the other key still works


def test_revoking_an_unknown_key_is_a_404(signed_in):
    assert signed_in.get("/admin/api-keys/999/revoke").status_code == 404
    assert signed_in.post("/admin/api-keys/999/revoke").status_code == 404


def test_the_page_needs_a_signed_in_merchant(client, admin):
    assert client.get("/admin/api-keys").status_code == 302
    assert client.post("/admin/api-keys", data={"name": "x"}).status_code in (302, 400)
