"""Customer portal configurations and sessions through the SDK, and the page a session's URL opens."""

import pytest
import requests
import stripe
from billing_helpers import customer_with_card, monthly_prices, subscribe

from stripe_emulator.testing import running_emulator


@pytest.fixture
def customer(stripe_client):
    return customer_with_card(stripe_client)[0]


def test_a_configuration_keeps_its_features_and_stripes_defaults_for_the_rest(stripe_client):
    config = stripe_client.v1.billing_portal.configurations.create(params={
        "business_profile": {"headline": "Plans"}, "default_return_url": "https://shop.test/account",
        "features": {"subscription_cancel": {"enabled": True, "mode": "immediately"}}})
    assert config.id.startswith("bpc_")
    assert config.is_default is True
    assert config.features.subscription_cancel.mode == "immediately"
    assert config.features.subscription_cancel.proration_behavior == "none"
    assert config.features.invoice_history.enabled is False
    assert config.business_profile.headline == "Plans"
    second = stripe_client.v1.billing_portal.configurations.create(params={
        "features": {"invoice_history": {"enabled": True}}})
    assert second.is_default is False
    listed = stripe_client.v1.billing_portal.configurations.list(params={"is_default": True}).data
    assert [c.id for c in listed] == [config.id]


def test_updating_a_configuration_changes_only_what_is_sent(stripe_client):
    config = stripe_client.v1.billing_portal.configurations.create(params={
        "features": {"customer_update": {"enabled": True, "allowed_updates": ["email"]}}})
    updated = stripe_client.v1.billing_portal.configurations.update(config.id, params={
        "features": {"invoice_history": {"enabled": True}}, "metadata": {"team": "billing"}})
    assert updated.features.customer_update.allowed_updates == ["email"]
    assert updated.features.invoice_history.enabled is True
    assert stripe_client.v1.billing_portal.configurations.retrieve(config.id).metadata.to_dict() == {"team": "billing"}


def test_a_configuration_needs_features(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.billing_portal.configurations.create(params={"name": "no features"})
    assert refused.value.param == "features"


def test_a_session_opens_a_page_with_the_customers_subscriptions_and_invoices(stripe_client, customer):
    (price,) = monthly_prices(stripe_client, 1500)
    subscribe(stripe_client, customer, price)
    session = stripe_client.v1.billing_portal.sessions.create(params={
        "customer": customer.id, "return_url": "https://shop.test/account"})
    assert session.id.startswith("bps_")
    assert session.configuration.startswith("bpc_")
    assert session.flow is None
    page = requests.get(session.url, timeout=5)
    assert page.status_code == 200
    assert "Plan 1500: active" in page.text
    assert "$15.00, paid" in page.text
    assert 'href="https://shop.test/account"' in page.text
    assert stripe_client.v1.events.list(params={"type": "billing_portal.*"}).data[0].type == \
        "billing_portal.session.created"


def test_a_cancel_flow_names_the_customers_subscription(stripe_client, customer):
    (price,) = monthly_prices(stripe_client, 1500)
    sub = subscribe(stripe_client, customer, price)
    session = stripe_client.v1.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": {
        "type": "subscription_cancel", "subscription_cancel": {"subscription": sub.id},
        "after_completion": {"type": "redirect", "redirect": {"return_url": "https://shop.test/bye"}}}})
    assert session.flow.type == "subscription_cancel"
    assert session.flow.subscription_cancel.subscription == sub.id
    assert session.flow.after_completion.redirect.return_url == "https://shop.test/bye"
    assert session.flow.subscription_update is None
    other = stripe_client.v1.customers.create(params={"email": "bob@example.test"})
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.billing_portal.sessions.create(params={"customer": other.id, "flow_data": {
            "type": "subscription_cancel", "subscription_cancel": {"subscription": sub.id}}})
    assert refused.value.param == "flow_data[subscription_cancel][subscription]"


def test_session_urls_use_the_configured_portal_base():
    with running_emulator(portal_url="https://portal.shop.test/") as base_url:
        client = stripe.StripeClient("sk_test_portal", base_addresses={"api": base_url})
        customer = client.v1.customers.create(params={"email": "ada@example.test"})
        session = client.v1.billing_portal.sessions.create(params={"customer": customer.id})
    assert session.url.startswith("https://portal.shop.test/p/session/test_")
