"""Card payment methods through the SDK: test ids, raw test numbers, validation, attach/detach, lists."""

import pytest
import stripe

NEXT_YEAR = 2040


@pytest.fixture
def customer(stripe_client):
    return stripe_client.v1.customers.create(params={"email": "ada@example.test"})


def card_params(number, exp_month=12, exp_year=NEXT_YEAR, cvc="123"):
    return {"type": "card", "card": {"number": number, "exp_month": exp_month, "exp_year": exp_year, "cvc": cvc}}


@pytest.mark.parametrize("test_id, brand, last4", [
    ("pm_card_visa", "visa", "4242"),
    ("pm_card_mastercard", "mastercard", "4444"),
    ("pm_card_amex", "amex", "0005"),
    ("pm_card_chargeDeclined", "visa", "0002"),
    ("pm_card_visa_chargeDeclinedInsufficientFunds", "visa", "9995"),
])
def test_attaching_a_test_id_creates_a_new_card_for_the_customer(stripe_client, customer, test_id, brand, last4):
    card = stripe_client.v1.payment_methods.attach(test_id, params={"customer": customer.id})
    assert card.id.startswith("pm_") and card.id != test_id
    assert card.customer == customer.id
    assert card.type == "card"
    assert card.card.brand == brand
    assert card.card.last4 == last4
    assert card.card.funding == "credit"
    assert card.card.country == "US"
    assert card.card.exp_year > 2025
    assert stripe_client.v1.events.list().data[0].type == "payment_method.attached"


@pytest.mark.parametrize("number, brand", [
    ("4242424242424242", "visa"), ("4242 4242 4242 4242", "visa"), ("5555555555554444", "mastercard"),
    ("378282246310005", "amex"), ("4000000000000002", "visa"), ("4000000000009995", "visa"),
])
def test_creating_from_test_card_numbers(stripe_client, number, brand):
    card = stripe_client.v1.payment_methods.create(params=card_params(number, exp_month=7))
    assert card.customer is None
    assert card.card.brand == brand
    assert card.card.last4 == number[-4:]
    assert card.card.exp_month == 7
    assert card.card.exp_year == NEXT_YEAR
    assert card.card.checks.cvc_check == "pass"


@pytest.mark.parametrize("card, code, param", [
    ({"number": "4242424242424241"}, "incorrect_number", "card[number]"),
    ({"number": "1234"}, "incorrect_number", "card[number]"),
    ({"exp_year": 2020}, "invalid_expiry_year", "card[exp_year]"),
    ({"exp_month": 13}, "invalid_expiry_month", "card[exp_month]"),
    ({"cvc": "12"}, "invalid_cvc", "card[cvc]"),
    ({"number": "4111111111111111"}, "card_declined", "card[number]"),
])
def test_invalid_cards_are_card_errors(stripe_client, card, code, param):
    params = card_params("4242424242424242")
    params["card"].update(card)
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.payment_methods.create(params=params)
    assert caught.value.http_status == 402
    assert caught.value.code == code
    assert caught.value.param == param


def test_attach_list_and_detach(stripe_client, customer):
    visa = stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
    raw = stripe_client.v1.payment_methods.create(params=card_params("5555555555554444"))
    master = stripe_client.v1.payment_methods.attach(raw.id, params={"customer": customer.id})
    listed = stripe_client.v1.payment_methods.list(params={"customer": customer.id, "type": "card"}).data
    assert [pm.id for pm in listed] == [master.id, visa.id]
    assert [pm.id for pm in stripe_client.v1.customers.payment_methods.list(customer.id).data] == [master.id, visa.id]
    assert stripe_client.v1.customers.payment_methods.retrieve(customer.id, visa.id).id == visa.id
    stripe_client.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": visa.id}})
    detached = stripe_client.v1.payment_methods.detach(visa.id)
    assert detached.customer is None
    assert [pm.id for pm in stripe_client.v1.customers.payment_methods.list(customer.id).data] == [master.id]
    assert stripe_client.v1.customers.retrieve(customer.id).invoice_settings.default_payment_method is None
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.payment_methods.attach(visa.id, params={"customer": customer.id})


def test_a_card_attached_elsewhere_cannot_be_attached_again(stripe_client, customer):
    other = stripe_client.v1.customers.create(params={"email": "bob@example.test"})
    card = stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": other.id})
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.payment_methods.attach(card.id, params={"customer": customer.id})


def test_attaching_to_a_missing_customer_is_a_404(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": "cus_missing"})
    assert caught.value.http_status == 404
    assert caught.value.param == "customer"


def test_updating_billing_details_and_expiry(stripe_client, customer):
    card = stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
    updated = stripe_client.v1.payment_methods.update(card.id, params={
        "billing_details": {"name": "Ada", "address": {"postal_code": "N1"}},
        "card": {"exp_month": 1, "exp_year": NEXT_YEAR + 1}})
    assert updated.billing_details.name == "Ada"
    assert updated.billing_details.address.postal_code == "N1"
    assert (updated.card.exp_month, updated.card.exp_year) == (1, NEXT_YEAR + 1)
    assert stripe_client.v1.events.list().data[0].type == "payment_method.updated"


def test_an_unattached_card_cannot_be_updated(stripe_client):
    card = stripe_client.v1.payment_methods.create(params=card_params("4242424242424242"))
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.payment_methods.update(card.id, params={"metadata": {"a": "b"}})


def test_payment_method_creation_needs_a_secret_or_publishable_key(make_client):
    card = make_client("pk_test_browser").v1.payment_methods.create(params=card_params("4242424242424242"))
    assert card.card.last4 == "4242"
    with pytest.raises(stripe.AuthenticationError):
        make_client("pk_test_browser").v1.payment_methods.retrieve(card.id)
