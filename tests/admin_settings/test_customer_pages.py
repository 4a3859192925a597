"""What the merchant saves in the dashboard changes what customers see on their account page."""

import pytest

from admin_settings.conftest import features_form, html


@pytest.fixture
def customer_too(signed_in, stripe_v1, sign_in_customer):
    """The merchant's client also signed in as a customer (a server-side session, as sign-in makes)."""
    customer = stripe_v1.customers.create(params={"email": "ada@example.test", "name": "Ada"})
    sign_in_customer(signed_in, customer.id, "ada@example.test")
    return signed_in


def test_turning_off_invoice_history_and_card_updates_hides_them_from_customers(customer_too):
    before = html(customer_too.get("/account/"))
    assert 'id="invoices-title"' in before and 'id="payment-methods-title"' in before

    saved = customer_too.post("/admin/settings", data=features_form(
        invoice_history_enabled=None, payment_method_update_enabled=None))
    assert saved.status_code == 302

    after = html(customer_too.get("/account/"))
    assert 'id="invoices-title"' not in after and 'id="payment-methods-title"' not in after
    assert 'id="billing-details-title"' in after


BUSINESS = {"headline": "", "privacy_policy_url": "", "terms_of_service_url": "", "default_return_url": ""}


@pytest.mark.parametrize(("support", "link"), [
    ({"support_email": "help@acme.example", "support_url": ""}, '<a href="mailto:help@acme.example">'),
    ({"support_email": "help@acme.example", "support_url": "https://acme.example/help"},
     '<a href="https://acme.example/help">'),
])
def test_contact_us_links_to_the_merchants_support(customer_too, support, link):
    assert customer_too.post("/admin/business", data={**BUSINESS, **support}).status_code == 302

    page = html(customer_too.get("/account/"))

    assert f"{link}Contact us if you need to change it.</a>" in page
    assert f"{link}Contact us</a>" in page


def test_without_a_support_contact_contact_us_is_plain_text(customer_too):
    page = html(customer_too.get("/account/"))

    assert "Contact us if you need to change it." in page
    assert "Contact us if you need to change it.</a>" not in page and ">Contact us</a>" not in page
