"""Stripe's billing portal API on the portal, driven by the official SDK as a merchant's server drives Stripe."""
from datetime import timedelta

import pytest
import requests
import stripe

from portal_site import settings
from portal_site.extensions import db
from portal_site.models import PortalSessionLink
from portal_site.signin import login_links, session_links

FEATURES = {
    "customer_update": {"enabled": True, "allowed_updates": ["email", "tax_id"]},
    "invoice_history": {"enabled": True},
    "payment_method_update": {"enabled": False},
    "subscription_cancel": {"enabled": False},
}


@pytest.fixture
def customer(stripe_v1):
    return stripe_v1.customers.create(params={"email": "ada@example.com", "name": "Ada"})


def test_a_session_has_stripes_shape_and_signs_the_customer_in_once(portal, customer, live_server):
    session = portal.billing_portal.sessions.create(params={
        "customer": customer.id, "return_url": "https://shop.example.com/account", "locale": "fr"})
    assert session.object == "billing_portal.session" and session.id.startswith("bps_")
    assert (session.customer, session.return_url, session.locale) == (
        customer.id, "https://shop.example.com/account", "fr")
    assert session.configuration == "bpc_default" and session.flow is None and session.livemode is False
    assert session.url.startswith(f"{live_server}/p/session/")

    browser = requests.Session()
    page = browser.get(session.url, timeout=10)
    assert page.status_code == 200 and page.url == f"{live_server}/account/"
    assert "ada@example.com" in page.text
    assert requests.get(session.url, timeout=10).status_code == 404


def test_an_expired_session_url_does_not_sign_in(app, portal, customer):
    session = portal.billing_portal.sessions.create(params={"customer": customer.id})
    with app.app_context():
        link = db.session.query(PortalSessionLink).filter_by(session_id=session.id).one()
        link.expires_at = link.expires_at - session_links.LIFETIME - timedelta(seconds=1)
        db.session.commit()
    assert requests.get(session.url, timeout=10).status_code == 404


def test_the_default_configuration_is_the_portal_settings(app, portal, live_server):
    assert portal.billing_portal.configurations.retrieve("bpc_default").login_page.enabled is False
    with app.app_context():
        link = login_links.activate()
        token = link.token
    default = portal.billing_portal.configurations.retrieve("bpc_default")
    assert default.login_page.to_dict() == {"enabled": True, "url": f"{live_server}/p/login/{token}"}
    assert default.is_default and default.active and default.object == "billing_portal.configuration"
    assert default.features.subscription_cancel.mode == "at_period_end"
    listed = portal.billing_portal.configurations.list(params={"is_default": True})
    assert [config.id for config in listed.data] == ["bpc_default"]


def test_a_configuration_reads_back_unchanged_and_updates(portal):
    created = portal.billing_portal.configurations.create(params={
        "features": FEATURES, "business_profile": {"headline": "Acme"}, "metadata": {"plan": "gold"},
        "default_return_url": "https://shop.example.com/"})
    assert created.id.startswith("bpc_") and not created.is_default
    assert created.features.customer_update.allowed_updates == ["email", "tax_id"]
    assert created.features.subscription_update.enabled is False
    fetched = portal.billing_portal.configurations.retrieve(created.id)
    assert fetched.to_dict() == created.to_dict()

    updated = portal.billing_portal.configurations.update(created.id, params={
        "active": False, "metadata": {"plan": ""}, "features": {"invoice_history": {"enabled": False}}})
    assert updated.active is False and updated.metadata.to_dict() == {}
    assert updated.features.invoice_history.enabled is False
    assert updated.features.customer_update.enabled is True
    listed = portal.billing_portal.configurations.list(params={"active": False})
    assert [config.id for config in listed.data] == [created.id]


def test_a_sessions_configuration_decides_what_the_customer_sees(portal, customer):
    config = portal.billing_portal.configurations.create(params={"features": {"invoice_history": {"enabled": False}}})
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "configuration": config.id})
    assert session.configuration == config.id
    with_default = portal.billing_portal.sessions.create(params={"customer": customer.id})

    restricted = requests.get(session.url, timeout=10).text
    full = requests.get(with_default.url, timeout=10).text
    assert "Invoice history" in full and "Invoice history" not in restricted


@pytest.mark.parametrize("params, param, code", [
    ({}, "customer", "parameter_missing"),
    ({"customer": "cus_missing"}, "customer", "resource_missing"),
    ({"customer": "cus_../../x"}, "customer", "resource_missing"),
    ({"return_url": "javascript:alert(1)"}, "return_url", "url_invalid"),
    ({"locale": "xx"}, "locale", "parameter_invalid"),
    ({"configuration": "bpc_missing"}, "configuration", "resource_missing"),
    ({"colour": "red"}, "colour", "parameter_unknown"),
    ({"flow_data": {"type": "nope"}}, "flow_data[type]", "parameter_invalid"),
    ({"flow_data": {"type": "subscription_cancel"}}, "flow_data[subscription_cancel][subscription]",
     "parameter_missing"),
    ({"flow_data": {"type": "subscription_cancel", "subscription_cancel": {"subscription": "sub_other"}}},
     "flow_data[subscription_cancel][subscription]", "resource_missing"),
    ({"flow_data": {"type": "payment_method_update", "after_completion": {"type": "redirect"}}},
     "flow_data[after_completion][redirect][return_url]", "parameter_missing"),
    ({"on_behalf_of": "acct_1"}, "on_behalf_of", "parameter_invalid"),
])
def test_session_refusals_name_the_param(portal, customer, params, param, code):
    params = {"customer": customer.id, **params} if "customer" not in params and params != {} else params
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.sessions.create(params=params)
    assert (refused.value.param, refused.value.code) == (param, code)
    assert refused.value.http_status in (400, 404)


@pytest.mark.parametrize("params, param", [
    ({}, "features"),
    ({"features": {"invoice_history": {"enabled": "maybe"}}}, "features[invoice_history][enabled]"),
    ({"features": {"subscription_cancel": {"mode": "later"}}}, "features[subscription_cancel][mode]"),
    ({"features": {"customer_update": {"allowed_updates": ["shoe_size"]}}},
     "features[customer_update][allowed_updates][0]"),
    ({"features": {"invoice_history": {"enabled": True, "extra": 1}}}, "features[invoice_history][extra]"),
    ({"features": FEATURES, "business_profile": {"privacy_policy_url": "ftp://x"}},
     "business_profile[privacy_policy_url]"),
    ({"features": FEATURES, "metadata": {"k" * 41: "v"}}, "metadata[" + "k" * 41 + "]"),
    ({"features": FEATURES, "login_page": {"enabled": True}}, "login_page[enabled]"),
])
def test_configuration_refusals_name_the_param(portal, params, param):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.configurations.create(params=params)
    assert refused.value.param == param and refused.value.http_status == 400


def test_an_unknown_configuration_is_404(portal):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.configurations.retrieve("bpc_missing")
    assert refused.value.http_status == 404 and refused.value.code == "resource_missing"


@pytest.mark.parametrize("key", ["bpk_not_a_key", "sk_test_123"])
def test_a_wrong_key_is_stripes_authentication_error(live_server, customer, key):
    client = stripe.StripeClient(key, base_addresses={"api": live_server}, max_network_retries=0).v1
    with pytest.raises(stripe.AuthenticationError):
        client.billing_portal.sessions.create(params={"customer": customer.id})


def test_curl_style_basic_auth_and_json_bodies_work(live_server, api_key, customer):
    response = requests.post(f"{live_server}/v1/billing_portal/sessions", auth=(api_key, ""), timeout=10,
                             data={"customer": customer.id, "flow_data[type]": "payment_method_update"})
    assert response.status_code == 200, response.text
    assert response.json()["flow"]["type"] == "payment_method_update"
    response = requests.post(f"{live_server}/v1/billing_portal/configurations", auth=(api_key, ""), timeout=10,
                             json={"features": {"invoice_history": {"enabled": True}}})
    assert response.status_code == 200 and response.json()["features"]["invoice_history"]["enabled"] is True
    bad = requests.post(f"{live_server}/v1/billing_portal/sessions", auth=(api_key, ""), timeout=10,
                        data="[1]", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and set(bad.json()["error"]) >= {"type", "code", "message", "param"}


def test_switchable_prices_must_be_the_products_own(portal, stripe_v1):
    product = stripe_v1.products.create(params={"name": "Pro"})
    other = stripe_v1.products.create(params={"name": "Basic"})
    price = stripe_v1.prices.create(params={"product": product.id, "unit_amount": 900, "currency": "usd",
                                            "recurring": {"interval": "month"}})
    update = {"enabled": True, "default_allowed_updates": ["price"],
              "products": [{"product": product.id, "prices": [price.id]}]}
    created = portal.billing_portal.configurations.create(params={"features": {"subscription_update": update}})
    assert created.features.subscription_update.products[0].prices == [price.id]

    for products, param in (([{"product": "prod_missing", "prices": [price.id]}], "[0][product]"),
                            ([{"product": other.id, "prices": [price.id]}], "[0][prices][0]")):
        with pytest.raises(stripe.InvalidRequestError) as refused:
            portal.billing_portal.configurations.create(params={"features": {"subscription_update": {
                **update, "products": products}}})
        assert refused.value.param == "features[subscription_update][products]" + param


@pytest.mark.parametrize("method, path", [("get", "/v1/customers"), ("delete", "/v1/billing_portal/configurations/x"),
                                          ("get", "/v1/billing_portal/sessions")])
def test_other_urls_are_stripes_404(live_server, api_key, method, path):
    response = requests.request(method, f"{live_server}{path}", auth=(api_key, ""), timeout=10)
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "invalid_request_error"
    assert path in response.json()["error"]["message"]


@pytest.mark.parametrize("query, param", [("limit=0", "limit"), ("limit=x", "limit"), ("active=maybe", "active"),
                                          ("starting_after=bpc_nope", "starting_after")])
def test_list_refusals_name_the_param(live_server, api_key, query, param):
    response = requests.get(f"{live_server}/v1/billing_portal/configurations?{query}", auth=(api_key, ""), timeout=10)
    assert response.status_code in (400, 404) and response.json()["error"]["param"] == param


@pytest.mark.parametrize("body, param", [
    ({"features": {"subscription_update": {"products": [None]}}}, "features[subscription_update][products][0]"),
    ({"features": {"invoice_history": None}}, "features"),
    ({"features": {"customer_update": {"allowed_updates": [None]}}}, "features[customer_update][allowed_updates][0]"),
])
def test_json_nulls_are_refused_naming_the_param(live_server, api_key, body, param):
    response = requests.post(f"{live_server}/v1/billing_portal/configurations", json=body, auth=(api_key, ""),
                             timeout=10)
    assert response.status_code == 400 and response.json()["error"]["param"] == param


def test_an_empty_value_clears_an_array_as_in_stripe(portal):
    created = portal.billing_portal.configurations.create(params={"features": FEATURES})
    cleared = portal.billing_portal.configurations.update(created.id, params={
        "features": {"customer_update": {"allowed_updates": ""}}})
    assert cleared.features.customer_update.allowed_updates == []


def test_empty_values_unset_as_in_stripe(live_server, api_key, portal):
    created = portal.billing_portal.configurations.create(params={
        "features": FEATURES, "name": "Gold", "metadata": {"a": "1", "b": "2"}})
    response = requests.post(f"{live_server}/v1/billing_portal/configurations/{created.id}", auth=(api_key, ""),
                             data={"active": "", "name": "", "metadata": ""}, timeout=10)
    assert response.status_code == 200, response.text
    assert (response.json()["active"], response.json()["name"], response.json()["metadata"]) == (True, None, {})


def test_a_request_sent_again_with_its_idempotency_key_gets_the_first_answer(portal, customer):
    first = portal.billing_portal.sessions.create(params={"customer": customer.id},
                                                  options={"idempotency_key": "order-42"})
    again = portal.billing_portal.sessions.create(params={"customer": customer.id},
                                                  options={"idempotency_key": "order-42"})
    assert (again.id, again.url) == (first.id, first.url)
    with pytest.raises(stripe.IdempotencyError):
        portal.billing_portal.sessions.create(params={"customer": customer.id, "locale": "fr"},
                                              options={"idempotency_key": "order-42"})

    for _ in range(2):
        portal.billing_portal.configurations.create(params={"features": FEATURES},
                                                    options={"idempotency_key": "config-1"})
    assert len(portal.billing_portal.configurations.list(params={"is_default": False}).data) == 1


def test_the_default_configuration_updates_the_portal_settings(app, portal):
    updated = portal.billing_portal.configurations.update("bpc_default", params={
        "business_profile": {"headline": "Acme billing"},
        "features": {"subscription_cancel": {"mode": "immediately"}, "invoice_history": {"enabled": False}}})
    assert updated.business_profile.headline == "Acme billing"
    assert updated.features.subscription_cancel.mode == "immediately"
    assert portal.billing_portal.configurations.retrieve("bpc_default").to_dict() == updated.to_dict()
    with app.test_request_context():
        held = settings.current()
        assert (held.business.headline, held.features.subscription_cancel.mode) == ("Acme billing", "immediately")
        assert held.features.invoice_history.enabled is False


@pytest.mark.parametrize("params, param", [
    ({"active": False}, "active"), ({"metadata": {"a": "b"}}, "metadata"),
    ({"features": {"customer_update": {"allowed_updates": ["name", "email"]}}},
     "features[customer_update][allowed_updates][1]"),
    ({"features": {"subscription_update": {"trial_update_behavior": "continue_trial"}}},
     "features[subscription_update][trial_update_behavior]"),
])
def test_the_default_configuration_refuses_what_the_settings_cannot_hold(portal, params, param):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.configurations.update("bpc_default", params=params)
    assert refused.value.param == param
