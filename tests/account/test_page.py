"""The account page: header, each panel, language switcher, return link, activity, fragments."""
import re

import pytest

from account.helpers import HX, post
from portal_site import settings
from portal_site.i18n import LOCALES


def test_signed_out_visitors_are_sent_to_sign_in(client, emulator):
    response = client.get("/account/")
    assert response.status_code == 302
    assert "/p/signed-out" in response.headers["Location"]


def test_the_page_shows_every_panel(customer, client):
    page = client.get("/account/").get_data(as_text=True)
    for panel in ('id="payment-methods"', 'id="billing-details"', 'id="invoices"', 'id="recent-activity"'):
        assert panel in page
    assert customer.email in page
    assert "can't be changed here" in page
    assert "Visa ending in 4242" in page and "Mastercard ending in 4444" in page


def test_sign_out_posts_to_the_sign_in_blueprint(customer, client, app):
    page = client.get("/account/").get_data(as_text=True)
    with app.test_request_context():
        from flask import url_for
        logout = url_for("auth.logout")
    assert re.search(rf'<form method="post" action="{re.escape(logout)}"', page)
    client.post(logout)
    assert "/p/signed-out" in client.get("/account/").headers["Location"]


def test_language_switcher_offers_every_locale_and_switches(customer, client):
    page = client.get("/account/").get_data(as_text=True)
    for code in LOCALES:
        assert f'<option value="{code}"' in page
    french = client.get("/account/?locale=fr").get_data(as_text=True)
    assert '<html lang="fr">' in french


def test_return_link_uses_the_session_return_url_then_the_default(make_customer, sign_in, client, app):
    made = make_customer()
    with app.app_context():
        settings.save({"business": {"default_return_url": "https://shop.example.test/"}})
    sign_in(made)
    assert 'href="https://shop.example.test/"' in client.get("/account/").get_data(as_text=True)
    sign_in(made, return_url="https://shop.example.test/after")
    assert 'href="https://shop.example.test/after"' in client.get("/account/").get_data(as_text=True)


def test_invoice_history_hidden_when_the_merchant_turns_it_off(customer, client, portal_settings):
    portal_settings(invoice_history={"enabled": False})
    assert 'id="invoices"' not in client.get("/account/").get_data(as_text=True)
    assert client.get("/account/invoices").status_code == 403


def test_payment_methods_hidden_when_the_merchant_turns_them_off(customer, client, portal_settings):
    portal_settings(payment_method_update={"enabled": False})
    assert 'id="payment-methods"' not in client.get("/account/").get_data(as_text=True)
    assert client.get("/account/payment-methods").status_code == 403
    assert client.post(f"/account/payment-methods/{customer.cards[1]}/default", data={"nonce": "n"}).status_code == 403


def test_panel_endpoint_answers_a_fragment_to_htmx_and_a_page_otherwise(customer, client):
    fragment = client.get("/account/payment-methods", headers=HX)
    page = client.get("/account/payment-methods")
    assert fragment.get_data(as_text=True).lstrip().startswith('<section id="payment-methods"')
    assert "<html" in page.get_data(as_text=True)
    assert fragment.headers["Vary"] == page.headers["Vary"] == "HX-Request" or "HX-Request" in fragment.headers["Vary"]


def test_recent_activity_lists_the_customers_changes(customer, client):
    post(client, f"/account/payment-methods/{customer.cards[1]}/default")
    section = client.get("/account/").get_data(as_text=True).split('id="recent-activity"')[1]
    assert "Changed the default card" in section and ">1 minute ago</time>" in section


@pytest.mark.csrf
def test_forms_on_the_page_carry_the_csrf_token(customer, client, stripe_v1):
    page = client.get("/account/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert '"X-CSRFToken": "' in page
    url = f"/account/payment-methods/{customer.cards[1]}/default"
    assert client.post(url, data={"nonce": "a"}).status_code == 400
    assert stripe_v1.customers.retrieve(customer.id).invoice_settings.default_payment_method == customer.cards[0]
    assert client.post(url, data={"nonce": "b"}, headers={**HX, "X-CSRFToken": token}).status_code == 200
    assert stripe_v1.customers.retrieve(customer.id).invoice_settings.default_payment_method == customer.cards[1]


def test_a_panel_whose_stripe_read_fails_shows_why_and_the_rest_still_works(customer, client, monkeypatch):
    from portal_site.billing import BillingUnavailable, invoices

    def unavailable(*args, **kwargs):
        raise BillingUnavailable()

    monkeypatch.setattr(invoices, "history", unavailable)
    response = client.get("/account/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    history = page.split('id="invoices"')[1].split("</section>")[0]
    assert "Our payment provider is not responding right now." in history
    assert "Visa ending in 4242" in page


def test_an_unknown_balance_is_not_announced_as_a_payment_due(customer, client, monkeypatch):
    from portal_site.billing import BillingUnavailable, invoices

    def unavailable(*args, **kwargs):
        raise BillingUnavailable()

    monkeypatch.setattr(invoices, "due", unavailable)
    response = client.get("/account/")
    assert response.status_code == 200
    assert "Payment due" not in response.get_data(as_text=True)


def test_a_page_not_found_in_the_account_leads_back_to_it(customer, client):
    response = client.get("/account/subscriptions/sub_missing")
    assert response.status_code == 404
    assert 'href="/account/">Back to your account</a>' in response.get_data(as_text=True)


def test_when_stripe_does_not_answer_at_all_one_message_says_so_and_no_control_is_offered(app, customer, client):
    import stripe

    app.extensions["stripe_client"] = stripe.StripeClient(
        "sk_test_portal", base_addresses={"api": "http://127.0.0.1:9"}, max_network_retries=0)
    response = client.get("/account/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Your billing can't be shown right now" in page
    assert page.count('role="alert"') == 1
    assert 'id="payment-methods"' not in page and "Add a card" not in page
    assert 'id="recent-activity"' in page
