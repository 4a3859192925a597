"""Prices: added to a product in Stripe with amount, currency, interval and nickname; archived."""
import re

import pytest

from admin_catalog.helpers import product_form, stripe_client


@pytest.fixture
def product(signed_in, emulator):
    signed_in.post("/admin/products/new", data=product_form())
    [product] = stripe_client(emulator).v1.products.list().data
    return product


def price_form(**overrides):
    data = {"amount": "12.50", "currency": "eur", "interval": "month", "interval_count": "1",
            "nickname": "Monthly", "nonce": "price-1"}
    data.update(overrides)
    return data


def test_a_price_is_added_in_stripe(signed_in, emulator, product):
    response = signed_in.post(f"/admin/products/{product.id}/prices", data=price_form())
    assert response.status_code == 303
    assert response.headers["Location"] == f"/admin/products/{product.id}#prices"
    [price] = stripe_client(emulator).v1.prices.list(params={"product": product.id}).data
    assert (price.unit_amount, price.currency, price.nickname) == (1250, "eur", "Monthly")
    assert (price.recurring.interval, price.recurring.interval_count) == ("month", 1)
    page = signed_in.get(f"/admin/products/{product.id}")
    assert "€12.50 every month" in page.text


@pytest.mark.parametrize("amount,currency,interval,count,unit_amount", [
    ("99", "usd", "year", "1", 9900),
    ("0.5", "gbp", "week", "2", 50),
    ("1500", "jpy", "month", "3", 1500),
    ("7", "usd", "day", "30", 700),
])
def test_amounts_become_minor_units_for_each_interval(signed_in, emulator, product, amount, currency, interval,
                                                      count, unit_amount):
    form = price_form(amount=amount, currency=currency, interval=interval, interval_count=count, nickname="")
    assert signed_in.post(f"/admin/products/{product.id}/prices", data=form).status_code == 303
    [price] = stripe_client(emulator).v1.prices.list(params={"product": product.id}).data
    assert (price.unit_amount, price.currency) == (unit_amount, currency)
    assert (price.recurring.interval, price.recurring.interval_count) == (interval, int(count))
    assert price.nickname is None


@pytest.mark.parametrize("overrides,message", [
    ({"amount": ""}, "Enter an amount, such as 12.50."),
    ({"amount": "twelve"}, "Not a valid decimal value."),
    ({"amount": "-1"}, "The amount cannot be negative."),
    ({"amount": "1.234"}, "Use at most 2 decimal places for EUR."),
    ({"amount": "10.5", "currency": "jpy"}, "JPY has no decimal places."),
    ({"amount": "1000000"}, "The amount is too large for Stripe."),
    ({"interval_count": "0"}, "Enter 1 or more."),
    ({"interval_count": "9" * 400}, "That number is too large."),
    ({"amount": "9" * 400}, "The amount is too large for Stripe."),
    ({"interval_count": "4", "interval": "year"}, "use at most 3 for years."),
    ({"interval": "fortnight"}, "Not a valid choice."),
    ({"currency": "xyz"}, "Not a valid choice."),
    ({"nickname": "n" * 101}, "Use at most 100 characters."),
])
def test_invalid_prices_are_refused_with_their_reason(signed_in, emulator, product, overrides, message):
    response = signed_in.post(f"/admin/products/{product.id}/prices", data=price_form(**overrides))
    assert response.status_code == 422
    assert message in response.text
    assert stripe_client(emulator).v1.prices.list(params={"product": product.id}).data == []


def test_htmx_add_returns_a_fresh_form_and_the_new_row(signed_in, emulator, product):
    response = signed_in.post(f"/admin/products/{product.id}/prices", data=price_form(),
                              headers={"HX-Request": "true"})
    assert response.status_code == 200
    [price] = stripe_client(emulator).v1.prices.list(params={"product": product.id}).data
    assert response.text.lstrip().startswith('<form id="price-form"')
    assert 'hx-swap-oob="beforeend:#price-list"' in response.text
    assert f'id="price-{price.id}"' in response.text
    amount_input = re.search(r'<input[^>]*name="amount"[^>]*>', response.text).group(0)
    assert "12.50" not in amount_input


def test_htmx_invalid_price_swaps_the_form_with_422(signed_in, emulator, product):
    response = signed_in.post(f"/admin/products/{product.id}/prices", data=price_form(amount="-3"),
                              headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="price-form"')
    assert "The amount cannot be negative." in response.text


def test_a_double_submit_adds_one_price(signed_in, emulator, product):
    for _ in range(2):
        signed_in.post(f"/admin/products/{product.id}/prices", data=price_form(nonce="twice"))
    assert len(stripe_client(emulator).v1.prices.list(params={"product": product.id}).data) == 1


def test_archiving_a_price_makes_it_inactive(signed_in, emulator, product):
    signed_in.post(f"/admin/products/{product.id}/prices", data=price_form())
    [price] = stripe_client(emulator).v1.prices.list(params={"product": product.id}).data
    response = signed_in.post(f"/admin/products/{product.id}/prices/{price.id}/archive", data={"nonce": "a1"})
    assert response.status_code == 303
    assert stripe_client(emulator).v1.prices.retrieve(price.id).active is False
    page = signed_in.get(f"/admin/products/{product.id}")
    assert "Price archived" in page.text
    assert f'/prices/{price.id}/archive' not in page.text


def test_htmx_archive_swaps_the_row(signed_in, emulator, product):
    signed_in.post(f"/admin/products/{product.id}/prices", data=price_form())
    [price] = stripe_client(emulator).v1.prices.list(params={"product": product.id}).data
    response = signed_in.post(f"/admin/products/{product.id}/prices/{price.id}/archive", data={"nonce": "a1"},
                              headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li class="price-list__item" id="price-{price.id}">')
    assert "Archived" in response.text


def test_a_price_of_another_product_cannot_be_archived_through_this_one(signed_in, emulator, product):
    signed_in.post(f"/admin/products/{product.id}/prices", data=price_form())
    [price] = stripe_client(emulator).v1.prices.list(params={"product": product.id}).data
    signed_in.post("/admin/products/new", data=product_form(name="Other", nonce="other"))
    other = next(p for p in stripe_client(emulator).v1.products.list().data if p.name == "Other")
    response = signed_in.post(f"/admin/products/{other.id}/prices/{price.id}/archive", data={"nonce": "a2"})
    assert response.status_code == 404
    assert stripe_client(emulator).v1.prices.retrieve(price.id).active is True


def test_the_archive_button_on_the_product_page_archives_its_price(signed_in, emulator, product):
    signed_in.post(f"/admin/products/{product.id}/prices", data=price_form())
    [price] = stripe_client(emulator).v1.prices.list(params={"product": product.id}).data
    page = signed_in.get(f"/admin/products/{product.id}").text
    action = re.search(r'<form method="post" action="([^"]+/archive)"', page).group(1)
    assert action == f"/admin/products/{product.id}/prices/{price.id}/archive"

    response = signed_in.post(action, data={"nonce": "from-the-page"})

    assert response.status_code == 303
    assert stripe_client(emulator).v1.prices.retrieve(price.id).active is False
