"""Business information: headline and links, validated, and what customers see of them."""
import pytest

from admin_settings.conftest import html
from portal_site import settings
from portal_site.settings.schema import to_storage

VALID = {
    "headline": "Manage your Acme subscription",
    "privacy_policy_url": "https://acme.example/privacy",
    "terms_of_service_url": "http://acme.example/terms?v=2",
    "default_return_url": "https://acme.example/account",
    "support_email": "help@acme.example",
    "support_url": "https://acme.example/help",
}


def test_business_information_round_trips_and_shows_on_customer_pages(app, signed_in):
    response = signed_in.post("/admin/business", data={**VALID, "headline": "  Manage your Acme subscription "})

    assert response.status_code == 302 and response.headers["Location"] == "/admin/business"
    with app.test_request_context():
        assert to_storage(settings.current().business) == {**settings.DEFAULTS["business"], **VALID}
    home = html(signed_in.get("/"))
    assert "Manage your Acme subscription" in home
    assert '<a href="https://acme.example/privacy">Privacy policy</a>' in home
    assert '<a href="http://acme.example/terms?v=2">Terms of service</a>' in home


def test_empty_addresses_are_allowed_and_clear_the_links(app, signed_in):
    signed_in.post("/admin/business", data=VALID)

    response = signed_in.post("/admin/business", data={"headline": "", "privacy_policy_url": "",
                                                       "terms_of_service_url": "", "default_return_url": ""})

    assert response.status_code == 302
    assert "Privacy policy" not in html(signed_in.get("/"))


URL_MESSAGE = "Enter a full web address starting with https:// (or http://), such as https://example.com/privacy."


@pytest.mark.parametrize(("field", "value", "message"), [
    ("privacy_policy_url", "acme.example/privacy", URL_MESSAGE),
    ("privacy_policy_url", "javascript:alert(1)", URL_MESSAGE),
    ("terms_of_service_url", "ftp://acme.example/terms", URL_MESSAGE),
    ("terms_of_service_url", "https://", URL_MESSAGE),
    ("default_return_url", "https://acme .example/", URL_MESSAGE),
    ("default_return_url", "https://[acme.example/", URL_MESSAGE),
    ("default_return_url", "https://acme.example/" + "a" * 2000, "That address is too long."),
    ("headline", "x" * 61, "Keep the headline to 60 characters or fewer."),
    ("support_email", "help at acme", "Enter an email address such as help@example.com."),
    ("support_email", "help@acme", "Enter an email address such as help@example.com."),
    ("support_url", "acme.example/help", URL_MESSAGE),
])
def test_invalid_business_information_is_refused_with_its_message(app, signed_in, field, value, message):
    response = signed_in.post("/admin/business", data={**VALID, field: value})

    assert response.status_code == 422
    body = html(response)
    assert message in body
    assert f'aria-describedby="{field}-error"' in body or f'{field}-hint {field}-error' in body
    assert 'value="https://acme.example/account"' in body or field == "default_return_url"
    with app.test_request_context():
        assert to_storage(settings.current().business) == settings.DEFAULTS["business"]


def test_htmx_save_answers_with_the_form_fragment(signed_in):
    response = signed_in.post("/admin/business", data=VALID, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert html(response).lstrip().startswith("<form") and "Business information saved." in html(response)
