"""Customers through the SDK: fields, email listing, default payment method, delete, tax IDs."""

import typing

import pytest
import stripe

from stripe_emulator.resources.tax_id_formats import EXAMPLES


def test_a_customer_has_stripes_shape(stripe_client):
    customer = stripe_client.v1.customers.create(params={
        "email": "ada@example.test", "name": "Ada Lovelace", "phone": "+441234567890",
        "preferred_locales": ["en-GB", "fr"], "metadata": {"portal": "yes"},
        "address": {"line1": "1 Analytical Row", "city": "London", "postal_code": "N1", "country": "GB"},
        "shipping": {"name": "Ada", "address": {"line1": "2 Engine St", "country": "GB"}},
    })
    assert customer.id.startswith("cus_")
    assert customer.object == "customer"
    assert customer.email == "ada@example.test"
    assert customer.address.city == "London"
    assert customer.address.state is None
    assert customer.shipping.name == "Ada"
    assert customer.shipping.address.line1 == "2 Engine St"
    assert customer.preferred_locales == ["en-GB", "fr"]
    assert customer.invoice_settings.default_payment_method is None
    assert customer.balance == 0
    assert customer.tax_exempt == "none"
    assert customer.delinquent is False


def test_listing_by_email_is_exact_case_sensitive_and_newest_first(stripe_client, controls):
    controls("clock", frozen_time=1_800_000_000)
    older = stripe_client.v1.customers.create(params={"email": "ada@example.test"})
    controls("advance", seconds=60)
    newer = stripe_client.v1.customers.create(params={"email": "ada@example.test"})
    stripe_client.v1.customers.create(params={"email": "Ada@example.test"})
    stripe_client.v1.customers.create(params={"email": "bob@example.test"})
    found = stripe_client.v1.customers.list(params={"email": "ada@example.test"}).data
    assert [c.id for c in found] == [newer.id, older.id]


def test_an_invalid_email_is_refused(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.create(params={"email": "not an email"})
    assert caught.value.code == "email_invalid"
    assert caught.value.param == "email"


def test_updating_fields_and_clearing_the_address(stripe_client):
    customer = stripe_client.v1.customers.create(params={"name": "Ada", "address": {"line1": "1 Row"}})
    updated = stripe_client.v1.customers.update(customer.id, params={"address": "", "name": "Ada L.",
                                                                     "phone": "+15550000"})
    assert updated.address is None
    assert updated.name == "Ada L."
    event = stripe_client.v1.events.list(params={"type": "customer.updated"}).data[0]
    assert event.data.previous_attributes.name == "Ada"
    assert event.data.previous_attributes.address.line1 == "1 Row"


def test_shipping_needs_a_name(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.create(params={"shipping": {"address": {"line1": "1 Row"}}})
    assert caught.value.param == "shipping[name]"


def test_the_default_payment_method_must_be_attached_to_the_customer(stripe_client):
    customer = stripe_client.v1.customers.create(params={"email": "ada@example.test"})
    stranger = stripe_client.v1.customers.create(params={"email": "bob@example.test"})
    card = stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": stranger.id})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.update(customer.id, params={
            "invoice_settings": {"default_payment_method": card.id}})
    assert caught.value.param == "invoice_settings[default_payment_method]"
    own = stripe_client.v1.payment_methods.attach("pm_card_mastercard", params={"customer": customer.id})
    updated = stripe_client.v1.customers.update(customer.id, params={
        "invoice_settings": {"default_payment_method": own.id},
        "expand": ["invoice_settings.default_payment_method"]})
    assert updated.invoice_settings.default_payment_method.card.brand == "mastercard"
    fetched = stripe_client.v1.customers.retrieve(customer.id)
    assert fetched.invoice_settings.default_payment_method == own.id


def test_creating_with_a_payment_method_attaches_it(stripe_client):
    customer = stripe_client.v1.customers.create(params={"payment_method": "pm_card_amex"})
    cards = stripe_client.v1.customers.payment_methods.list(customer.id).data
    assert [c.card.brand for c in cards] == ["amex"]


def test_deleting_a_customer(stripe_client):
    customer = stripe_client.v1.customers.create(params={"email": "gone@example.test"})
    assert stripe_client.v1.customers.delete(customer.id).deleted is True
    assert stripe_client.v1.customers.retrieve(customer.id).deleted is True
    assert stripe_client.v1.customers.list(params={"email": "gone@example.test"}).data == []
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.update(customer.id, params={"name": "x"})
    assert caught.value.http_status == 404
    assert [e.type for e in stripe_client.v1.events.list().data][0] == "customer.deleted"


@pytest.mark.parametrize("type_, value, country", [
    ("eu_vat", "DE123456789", "DE"),
    ("eu_vat", "EL123456789", "GR"),
    ("gb_vat", "GB123456789", "GB"),
    ("us_ein", "12-3456789", "US"),
    ("au_abn", "12345678912", "AU"),
    ("ca_bn", "123456789", "CA"),
    ("ch_vat", "CHE-123.456.789 MWST", "CH"),
    ("no_vat", "123456789MVA", "NO"),
    ("in_gst", "12ABCDE3456FGZH", "IN"),
    ("br_cnpj", "01.234.456/5432-10", "BR"),
    ("jp_trn", "T1234567891234", "JP"),
    ("eu_vat", "XI123456789", "GB"),
])
def test_tax_ids_of_common_types(stripe_client, type_, value, country):
    customer = stripe_client.v1.customers.create(params={"name": "Ada"})
    tax_id = stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": type_, "value": value})
    assert tax_id.id.startswith("txi_")
    assert tax_id.country == country
    assert tax_id.customer == customer.id
    assert tax_id.owner.type == "customer"
    assert tax_id.value == value


@pytest.mark.parametrize("type_, value", [
    ("eu_vat", "123456789"), ("eu_vat", "US123456789"), ("gb_vat", "GB12"), ("us_ein", "123"),
    ("au_abn", "1234"), ("ca_bn", "12345678X"), ("ch_vat", "CHE-123"), ("no_vat", "123456789"),
    ("in_gst", "12ABCDE3456FGZ"), ("jp_trn", "1234567891234"), ("br_cpf", "123.456.789"), ("mx_rfc", "AB010203AB9"),
])
def test_badly_formatted_tax_ids_are_refused(stripe_client, type_, value):
    customer = stripe_client.v1.customers.create(params={"name": "Ada"})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": type_, "value": value})
    assert caught.value.http_status == 400
    assert caught.value.code == "tax_id_invalid"
    assert caught.value.param == "value"


def test_tax_id_verification_status(stripe_client):
    customer = stripe_client.v1.customers.create(params={"name": "Ada"})
    verified = stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": "eu_vat",
                                                                              "value": "DE123456789"})
    unverified = stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": "eu_vat",
                                                                                "value": "DE111111111"})
    ein = stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": "us_ein", "value": "12-3456789"})
    assert verified.verification.status == "verified"
    assert unverified.verification.status == "unverified"
    assert ein.verification.status == "unavailable"


SDK_TAX_ID_TYPES = sorted(set(typing.get_args(next(
    arg for arg in typing.get_args(stripe.TaxId.__annotations__["type"]) if typing.get_origin(arg) is typing.Literal)))
    - {"unknown"})


@pytest.mark.parametrize("type_", SDK_TAX_ID_TYPES)
def test_every_tax_id_type_stripe_lists_takes_its_documented_example(stripe_client, type_):
    customer = stripe_client.v1.customers.create(params={"name": "Ada"})
    (country, example) = EXAMPLES[type_]
    tax_id = stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": type_, "value": example})
    assert (tax_id.type, tax_id.value) == (type_, example)
    assert tax_id.country == (country or "DE")
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": type_, "value": example + "12345"})
    assert (caught.value.code, caught.value.param) == ("tax_id_invalid", "value")
    assert str(caught.value.user_message) == f"Invalid value for {type_}."


def test_an_unknown_tax_id_type_is_refused_with_every_valid_type_named(stripe_client):
    customer = stripe_client.v1.customers.create(params={"name": "Ada"})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": "xx_vat", "value": "123"})
    assert caught.value.param == "type"
    assert "emulator" not in caught.value.user_message
    assert all(type_ in caught.value.user_message for type_ in SDK_TAX_ID_TYPES)


def test_listing_and_deleting_tax_ids(stripe_client):
    customer = stripe_client.v1.customers.create(params={
        "name": "Ada", "tax_id_data": [{"type": "gb_vat", "value": "GB123456789"}]})
    added = stripe_client.v1.customers.tax_ids.create(customer.id, params={"type": "eu_vat",
                                                                           "value": "FR12345678901"})
    listed = stripe_client.v1.customers.tax_ids.list(customer.id).data
    assert [t.type for t in listed] == ["eu_vat", "gb_vat"]
    expanded = stripe_client.v1.customers.retrieve(customer.id, params={"expand": ["tax_ids"]})
    assert len(expanded.tax_ids.data) == 2
    assert stripe_client.v1.customers.tax_ids.delete(customer.id, added.id).deleted is True
    assert [t.type for t in stripe_client.v1.customers.tax_ids.list(customer.id).data] == ["gb_vat"]
    types = [e.type for e in stripe_client.v1.events.list(params={"type": "customer.tax_id.*"}).data]
    assert types == ["customer.tax_id.deleted", "customer.tax_id.created", "customer.tax_id.created"]


def test_a_tax_id_of_another_customer_is_missing(stripe_client):
    ada = stripe_client.v1.customers.create(params={"name": "Ada"})
    bob = stripe_client.v1.customers.create(params={"name": "Bob"})
    tax_id = stripe_client.v1.customers.tax_ids.create(ada.id, params={"type": "us_ein", "value": "12-3456789"})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.tax_ids.delete(bob.id, tax_id.id)
    assert caught.value.code == "resource_missing"


def test_list_expansion_reaches_four_levels_below_data(stripe_client):
    customer = stripe_client.v1.customers.create(params={"email": "ada@example.test", "name": "Ada",
                                                         "payment_method": "pm_card_visa"})
    card = stripe_client.v1.customers.payment_methods.list(customer.id).data[0]
    stripe_client.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": card.id}})
    listed = stripe_client.v1.customers.list(params={
        "email": "ada@example.test", "expand": ["data.invoice_settings.default_payment_method.customer"]})
    assert listed.data[0].invoice_settings.default_payment_method.customer.name == "Ada"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.retrieve(customer.id, params={
            "expand": ["invoice_settings.default_payment_method.customer.invoice_settings.default_payment_method"]})
    assert "more than 4 levels" in caught.value.user_message


def test_a_hash_is_not_expandable(stripe_client):
    customer = stripe_client.v1.customers.create(params={"address": {"line1": "1 Row"}})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.customers.retrieve(customer.id, params={"expand": ["address"]})
    assert caught.value.param == "expand"
