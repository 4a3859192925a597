"""SetupIntents through the SDK, and the Stripe.js stand-in's calls made the way a browser makes them."""

import pytest
import requests
import stripe

PUBLISHABLE_KEY = "pk_test_emulator_suite"


@pytest.fixture
def customer(stripe_client):
    return stripe_client.v1.customers.create(params={"email": "ada@example.test"})


@pytest.fixture
def intent(stripe_client, customer):
    return stripe_client.v1.setup_intents.create(params={"customer": customer.id, "usage": "off_session"})


def test_a_new_setup_intent_requires_a_payment_method(intent, customer):
    assert intent.id.startswith("seti_")
    assert intent.status == "requires_payment_method"
    assert intent.client_secret.startswith(f"{intent.id}_secret_")
    assert intent.customer == customer.id
    assert intent.usage == "off_session"
    assert intent.payment_method_types == ["card"]


def test_confirming_attaches_the_card_to_the_customer(stripe_client, intent, customer):
    confirmed = stripe_client.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_visa",
                                                                          "expand": ["payment_method"]})
    assert confirmed.status == "succeeded"
    assert confirmed.payment_method.customer == customer.id
    assert confirmed.latest_attempt.startswith("setatt_")
    cards = stripe_client.v1.customers.payment_methods.list(customer.id).data
    assert [c.id for c in cards] == [confirmed.payment_method.id]
    types = [e.type for e in stripe_client.v1.events.list().data]
    assert types[:3] == ["setup_intent.succeeded", "payment_method.attached", "setup_intent.created"]


def test_a_declining_card_fails_setup_and_leaves_the_intent_reusable(stripe_client, intent, customer):
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_chargeDeclined"})
    assert caught.value.code == "card_declined"
    assert caught.value.json_body["error"]["decline_code"] == "generic_decline"
    assert caught.value.json_body["error"]["setup_intent"]["id"] == intent.id
    failed = stripe_client.v1.setup_intents.retrieve(intent.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_setup_error.code == "card_declined"
    assert stripe_client.v1.customers.payment_methods.list(customer.id).data == []
    retried = stripe_client.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_mastercard"})
    assert retried.status == "succeeded"
    assert retried.last_setup_error is None


@pytest.mark.parametrize("card, decline_code", [
    ("pm_card_visa_chargeDeclinedLostCard", "lost_card"),
    ("pm_card_visa_chargeDeclinedStolenCard", "stolen_card"),
    ("pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc"),
    ("pm_card_chargeDeclinedProcessingError", "processing_error"),
])
def test_cards_that_stripe_refuses_to_set_up_fail_with_their_decline_code(stripe_client, intent, card, decline_code):
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.setup_intents.confirm(intent.id, params={"payment_method": card})
    assert caught.value.error.decline_code == decline_code
    assert stripe_client.v1.setup_intents.retrieve(intent.id).last_setup_error.decline_code == decline_code


def test_create_with_confirm_and_a_payment_method(stripe_client, customer):
    intent = stripe_client.v1.setup_intents.create(params={
        "customer": customer.id, "payment_method": "pm_card_visa", "confirm": True,
        "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"}})
    assert intent.status == "succeeded"
    assert intent.automatic_payment_methods.enabled is True


def test_a_succeeded_intent_cannot_be_confirmed_or_canceled_again(stripe_client, intent):
    stripe_client.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_visa"})
    assert caught.value.code == "setup_intent_unexpected_state"
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.setup_intents.cancel(intent.id)


def test_canceling_and_listing(stripe_client, intent, customer):
    canceled = stripe_client.v1.setup_intents.cancel(intent.id, params={"cancellation_reason": "abandoned"})
    assert canceled.status == "canceled"
    assert canceled.cancellation_reason == "abandoned"
    other = stripe_client.v1.setup_intents.create()
    assert [i.id for i in stripe_client.v1.setup_intents.list(params={"customer": customer.id}).data] == [intent.id]
    assert [i.id for i in stripe_client.v1.setup_intents.list().data] == [other.id, intent.id]


def test_confirming_without_a_payment_method_is_refused(stripe_client, intent):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.setup_intents.confirm(intent.id)
    assert caught.value.code == "setup_intent_unexpected_state"


@pytest.fixture
def browser_post(emulator_url, responses):
    """A form POST the way the Stripe.js stand-in sends it from a page on another origin
    (its JSON answer is fidelity-checked like the SDK's)."""

    def post(path, data, key=PUBLISHABLE_KEY):
        response = requests.post(f"{emulator_url}{path}", data=data, timeout=5, headers={
            "Authorization": f"Bearer {key}", "Origin": "http://127.0.0.1:5000"})
        responses.append((f"browser POST {path} -> {response.status_code}", response.json()))
        return response

    return post


def test_the_stripe_js_flow_with_a_publishable_key_and_client_secret(stripe_client, intent, customer,
                                                                     browser_post):
    created = browser_post("/v1/payment_methods", {
        "type": "card", "card[number]": "4242424242424242", "card[exp_month]": "12",
        "card[exp_year]": "2040", "card[cvc]": "123"})
    assert created.status_code == 200
    assert created.headers["Access-Control-Allow-Origin"] == "*"
    confirmed = browser_post(f"/v1/setup_intents/{intent.id}/confirm", {
        "payment_method": created.json()["id"], "client_secret": intent.client_secret,
        "return_url": "http://127.0.0.1:5000/account/payment-methods"})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "succeeded"
    assert confirmed.headers["Access-Control-Allow-Origin"] == "*"
    assert [c.card.last4 for c in stripe_client.v1.customers.payment_methods.list(customer.id).data] == ["4242"]


def test_a_publishable_key_needs_the_right_client_secret(intent, browser_post):
    data = {"payment_method": "pm_card_visa"}
    missing = browser_post(f"/v1/setup_intents/{intent.id}/confirm", data)
    assert missing.status_code == 400
    assert missing.json()["error"]["param"] == "client_secret"
    wrong = browser_post(f"/v1/setup_intents/{intent.id}/confirm",
                         {**data, "client_secret": f"{intent.id}_secret_wrong"})
    assert wrong.status_code == 400
    assert wrong.json()["error"]["param"] == "client_secret"


def test_a_publishable_key_can_read_an_intent_with_its_client_secret(intent, emulator_url):
    response = requests.get(f"{emulator_url}/v1/setup_intents/{intent.id}", timeout=5,
                            params={"client_secret": intent.client_secret},
                            headers={"Authorization": f"Bearer {PUBLISHABLE_KEY}"})
    assert response.json()["status"] == "requires_payment_method"


def test_a_publishable_key_cannot_call_other_endpoints(browser_post, intent):
    response = browser_post(f"/v1/setup_intents/{intent.id}/cancel", {})
    assert response.status_code == 401


def test_a_declined_card_in_the_browser_flow_reports_the_error(intent, browser_post):
    created = browser_post("/v1/payment_methods", {
        "type": "card", "card[number]": "4000000000000002", "card[exp_month]": "12", "card[exp_year]": "2040",
        "card[cvc]": "123"}).json()
    declined = browser_post(f"/v1/setup_intents/{intent.id}/confirm", {
        "payment_method": created["id"], "client_secret": intent.client_secret})
    assert declined.status_code == 402
    assert declined.json()["error"]["type"] == "card_error"
    assert declined.json()["error"]["code"] == "card_declined"


def test_the_stripe_js_stand_in_is_served_with_the_emulators_origin(emulator_url):
    response = requests.get(f"{emulator_url}/js/v3/", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert f'var API_BASE = "{emulator_url}";' in response.text
    for api in ("confirmSetup", "elements", "mount", "autocomplete", "cc-number", "cc-exp", "cc-csc"):
        assert api in response.text


def test_allowed_payment_method_types_limit_the_intent_to_cards(stripe_client, customer):
    intent = stripe_client.v1.setup_intents.create(params={"customer": customer.id,
                                                           "allowed_payment_method_types": ["card"]})
    assert intent.allowed_payment_method_types == ["card"]
    assert intent.payment_method_types == ["card"]


@pytest.mark.parametrize("call", ["create", "update"])
def test_payment_method_types_is_refused_as_this_api_version_refuses_it(stripe_client, customer, intent, call):
    """Since 2026-09-30.endive the param is read-only: a 400 `payment_method_types_no_longer_supported`."""
    with pytest.raises(stripe.InvalidRequestError) as refused:
        if call == "create":
            stripe_client.v1.setup_intents.create(params={"customer": customer.id, "payment_method_types": ["card"]})
        else:
            stripe_client.v1.setup_intents.update(intent.id, params={"payment_method_types": ["card"]})
    assert refused.value.code == "payment_method_types_no_longer_supported"
    assert refused.value.param == "payment_method_types"
