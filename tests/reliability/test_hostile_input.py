"""Hostile input that reached the database or a limit key: NUL characters, over-long ids and addresses.

Run on PostgreSQL too (DATABASE_URL), which refuses NUL in text where SQLite stores it.
"""
import hashlib
import hmac
import io
import json
import time

import pytest
from werkzeug.datastructures import MultiDict

from portal_site.extensions import db
from portal_site.models import ProcessedWebhookEvent


@pytest.mark.parametrize("suffix", ["", "/code", "/resend"])
def test_nul_in_a_login_path_is_a_branded_400(client, login_token, suffix):
    for method in ("GET", "POST"):
        response = client.open(f"/p/login/%00{suffix}", method=method, data={"email": "a@example.test"})
        assert response.status_code == 400, (method, suffix)
        assert "Something in that request was not right" in response.text


def test_nul_in_a_query_or_a_form_is_a_400(merchant):
    response = merchant.get("/admin/activity?customer_id=%00")
    assert response.status_code == 400 and "Something in that request was not right" in response.text
    response = merchant.post("/admin/branding", data={"logo_key": "\x00"})
    assert response.status_code == 400


def test_nul_in_the_email_field_of_sign_in_is_a_400(client, login_token):
    response = client.post(f"/p/login/{login_token}", data={"email": "a\x00@example.test"})
    assert response.status_code == 400


def _signed(payload):
    timestamp = int(time.time())
    signature = hmac.new(b"whsec_test_portal", f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={timestamp},v1={signature}", "Content-Type": "application/json"}


@pytest.mark.parametrize("event_id, event_type", [
    ("evt_" + "x" * 300, "customer.updated"),
    ("evt_1", "customer." + "x" * 120),
    ("evt_\x00", "customer.updated"),
    ("evt_2", "customer.\x00"),
])
def test_a_signed_webhook_too_long_or_with_nul_is_refused(app, client, event_id, event_type):
    payload = json.dumps({"id": event_id, "object": "event", "type": event_type,
                          "data": {"object": {"id": "cus_1", "object": "customer"}}})
    response = client.post("/stripe/webhooks", data=payload, headers=_signed(payload))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.query(ProcessedWebhookEvent).count() == 0


def test_an_overlong_forwarded_address_on_sign_in_is_not_a_500(client, login_token, mailbox):
    response = client.post(f"/p/login/{login_token}", data={"email": "nobody@example.test"},
                           headers={"X-Forwarded-For": "1" * 200})
    assert response.status_code < 500


def test_an_overlong_forwarded_address_on_the_dashboard_sign_in_is_not_a_500(client, merchant_account):
    response = client.post("/admin/login", data={"email": "merchant@example.test", "password": "a long password"},
                           headers={"X-Forwarded-For": "x" * 500})
    assert response.status_code == 302


def test_a_multipart_part_whose_name_holds_a_line_break_is_a_400(client, sign_in_customer):
    """Werkzeug hands such a part to the form without a name (None), which broke any view reading the names."""
    sign_in_customer(client, "cus_1", "ada@example.test")
    body = (b"--b\r\nContent-Disposition: form-data; name=\"a\r\nb\"\r\n\r\n1\r\n"
            b"--b\r\nContent-Disposition: form-data; name=\"x\"; filename=\"a.png\"\r\n\r\n\x89PNG\r\n--b--\r\n")
    response = client.post("/account/subscriptions/sub_1/quantity", data=body,
                           content_type="multipart/form-data; boundary=b")
    assert response.status_code == 400


@pytest.mark.parametrize("body", [[None], [{}], [{"a": 1}, True], "text", 5])
def test_a_json_body_sent_to_a_form_is_refused_not_a_500(client, merchant_account, body):
    """Flask-WTF made the form's data from a JSON body; an array or a scalar there broke every form."""
    response = client.post("/admin/login", json=body)
    assert response.status_code == 415


@pytest.mark.parametrize("name", ["²", "a[²]", "a[0][٣]"])
def test_a_parameter_index_of_other_digits_is_stripes_invalid_request(app, client, name):
    """`str.isdigit()` took "²" for an array index, which `int()` then refused: a 500 (found by make fuzz)."""
    from portal_site.merchants import api_keys

    with app.app_context():
        key = api_keys.create("hostile")[1]
    response = client.post("/v1/billing_portal/sessions", data={name: "x"}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 400
    assert response.json["error"]["type"] == "invalid_request_error"


@pytest.mark.parametrize("parts", [{"accent_color": "x"}, {}])
def test_a_file_under_the_name_of_a_text_field_is_a_400(merchant, parts):
    """Flask-WTF hands a form its files with its text fields: a file as `accent_color` was a 500 (found by make fuzz)."""
    data = MultiDict(list(parts.items()) + [("accent_color", (io.BytesIO(b"\x89PNG"), "a.png"))])
    response = merchant.post("/admin/branding", content_type="multipart/form-data", data=data)
    assert response.status_code == 400
