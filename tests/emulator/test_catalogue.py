"""Products and prices through the SDK: validation, updates, list filters, lookup keys, expand."""

import pytest
import stripe


@pytest.fixture
def product(stripe_client):
    return stripe_client.v1.products.create(params={"name": "Pro plan", "description": "All features",
                                                    "metadata": {"tier": "pro"}})


def monthly(stripe_client, product, amount=1500, **extra):
    return stripe_client.v1.prices.create(params={
        "product": product.id, "currency": "usd", "unit_amount": amount,
        "recurring": {"interval": "month"}, **extra})


def test_a_product_has_stripes_shape(product):
    assert product.id.startswith("prod_")
    assert product.object == "product"
    assert product.active is True
    assert product.livemode is False
    assert product.metadata.to_dict() == {"tier": "pro"}
    assert product.images == []
    assert product.default_price is None


@pytest.mark.parametrize("descriptor", ["ABC", "A" * 23, "12345", "Bad <name>"])
def test_statement_descriptors_are_validated(stripe_client, descriptor):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.create(params={"name": "Pro", "statement_descriptor": descriptor})
    assert caught.value.param == "statement_descriptor"


def test_a_product_name_is_required(stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.create(params={"description": "nameless"})
    assert caught.value.code == "parameter_missing"
    assert caught.value.param == "name"


def test_updating_a_product_and_unsetting_fields(stripe_client, product):
    updated = stripe_client.v1.products.update(product.id, params={
        "description": "", "images": ["https://example.test/a.png"], "unit_label": "seat",
        "metadata": {"tier": "", "colour": "blue"}, "active": False})
    assert updated.description is None
    assert updated.images == ["https://example.test/a.png"]
    assert updated.unit_label == "seat"
    assert updated.metadata.to_dict() == {"colour": "blue"}
    assert updated.active is False
    assert stripe_client.v1.products.retrieve(product.id).unit_label == "seat"


def test_products_list_filters_by_active_and_ids(stripe_client, product):
    other = stripe_client.v1.products.create(params={"name": "Old", "active": False})
    assert [p.id for p in stripe_client.v1.products.list(params={"active": True}).data] == [product.id]
    assert [p.id for p in stripe_client.v1.products.list(params={"active": False}).data] == [other.id]
    assert [p.id for p in stripe_client.v1.products.list(params={"ids": [other.id]}).data] == [other.id]


def test_default_price_must_belong_to_the_product(stripe_client, product):
    price = monthly(stripe_client, product)
    updated = stripe_client.v1.products.update(product.id, params={"default_price": price.id,
                                                                   "expand": ["default_price"]})
    assert updated.default_price.unit_amount == 1500
    other = stripe_client.v1.products.create(params={"name": "Other"})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.update(other.id, params={"default_price": price.id})
    assert caught.value.param == "default_price"


def test_a_recurring_price(stripe_client, product):
    price = monthly(stripe_client, product, nickname="Monthly", lookup_key="pro_monthly")
    assert price.id.startswith("price_")
    assert price.type == "recurring"
    assert price.recurring.interval == "month"
    assert price.recurring.interval_count == 1
    assert price.recurring.usage_type == "licensed"
    assert price.unit_amount == 1500
    assert price.currency == "usd"
    assert price.billing_scheme == "per_unit"
    assert price.lookup_key == "pro_monthly"
    assert price.product == product.id


def test_a_one_time_price_with_product_data(stripe_client):
    price = stripe_client.v1.prices.create(params={"currency": "EUR", "unit_amount": 900,
                                                   "product_data": {"name": "Setup fee"}, "expand": ["product"]})
    assert price.type == "one_time"
    assert price.recurring is None
    assert price.currency == "eur"
    assert price.product.name == "Setup fee"


@pytest.mark.parametrize("params, param", [
    ({"currency": "usd", "unit_amount": 100}, "product"),
    ({"product": "prod_missing", "currency": "usd", "unit_amount": 100}, "product"),
    ({"product": "{product}", "unit_amount": 100}, "currency"),
    ({"product": "{product}", "currency": "usd"}, "unit_amount"),
    ({"product": "{product}", "currency": "usd", "unit_amount": 1, "recurring": {"interval": "fortnight"}},
     "recurring[interval]"),
    ({"product": "{product}", "currency": "usd", "unit_amount": 1,
      "recurring": {"interval": "month", "interval_count": 37}}, "recurring[interval_count]"),
])
def test_invalid_prices_are_refused(stripe_client, product, params, param):
    params = {k: (product.id if v == "{product}" else v) for k, v in params.items()}
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.prices.create(params=params)
    assert caught.value.param == param


def test_lookup_keys_are_unique_unless_transferred(stripe_client, product):
    first = monthly(stripe_client, product, lookup_key="pro")
    with pytest.raises(stripe.InvalidRequestError) as caught:
        monthly(stripe_client, product, lookup_key="pro")
    assert caught.value.param == "lookup_key"
    second = monthly(stripe_client, product, 2000, lookup_key="pro", transfer_lookup_key=True)
    assert stripe_client.v1.prices.retrieve(first.id).lookup_key is None
    found = stripe_client.v1.prices.list(params={"lookup_keys": ["pro"]}).data
    assert [p.id for p in found] == [second.id]


def test_price_updates_emit_events_with_previous_attributes(stripe_client, product):
    price = monthly(stripe_client, product)
    updated = stripe_client.v1.prices.update(price.id, params={"active": False, "nickname": "Legacy",
                                                               "metadata": {"a": "b"}})
    assert updated.active is False
    event = stripe_client.v1.events.list(params={"type": "price.updated"}).data[0]
    assert event.data.object.id == price.id
    assert event.data.previous_attributes.to_dict() == {"active": True, "nickname": None, "metadata": {"a": None}}


def test_prices_list_filters(stripe_client, product):
    other_product = stripe_client.v1.products.create(params={"name": "Other"})
    recurring = monthly(stripe_client, product)
    yearly = monthly(stripe_client, product, recurring={"interval": "year"})
    once = stripe_client.v1.prices.create(params={"product": other_product.id, "currency": "usd",
                                                  "unit_amount": 100})
    stripe_client.v1.prices.update(yearly.id, params={"active": False})

    def ids(**params):
        return [p.id for p in stripe_client.v1.prices.list(params=params).data]

    assert ids(product=product.id) == [yearly.id, recurring.id]
    assert ids(type="one_time") == [once.id]
    assert ids(active=True, product=product.id) == [recurring.id]
    assert ids(recurring={"interval": "year"}) == [yearly.id]


def test_list_expand_uses_data_paths(stripe_client, product):
    monthly(stripe_client, product)
    prices = stripe_client.v1.prices.list(params={"expand": ["data.product"]})
    assert prices.data[0].product.name == "Pro plan"


def test_an_unexpandable_property_is_refused(stripe_client, product):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.retrieve(product.id, params={"expand": ["name"]})
    assert "cannot be expanded" in caught.value.user_message


def test_expansion_is_limited_to_four_levels(stripe_client, product):
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.products.retrieve(product.id, params={"expand": ["a.b.c.d.e"]})
    assert "more than 4 levels" in caught.value.user_message


def test_deleting_a_product_without_prices(stripe_client, product):
    deleted = stripe_client.v1.products.delete(product.id)
    assert deleted.deleted is True
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.products.retrieve(product.id)
