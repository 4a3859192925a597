"""Coupons and promotion codes through the SDK, and the discounts they give on invoices."""

import pytest
import stripe
from billing_helpers import DAY, JAN_1, customer_with_card, monthly_prices, subscribe


@pytest.fixture(autouse=True)
def frozen_clock(controls):
    controls("clock", frozen_time=JAN_1)


def test_coupon_shapes_and_validation(stripe_client):
    percent = stripe_client.v1.coupons.create(params={"percent_off": 25, "duration": "forever", "name": "Quarter"})
    assert (percent.percent_off, percent.duration, percent.valid, percent.times_redeemed) == (25, "forever", True, 0)
    fixed = stripe_client.v1.coupons.create(params={
        "id": "FIVE", "amount_off": 500, "currency": "USD", "duration": "repeating", "duration_in_months": 3})
    assert (fixed.id, fixed.currency, fixed.duration_in_months) == ("FIVE", "usd", 3)
    for bad in ({"duration": "once"}, {"percent_off": 10, "amount_off": 100, "currency": "usd"},
                {"amount_off": 100}, {"percent_off": 10, "duration": "repeating"}, {"percent_off": 150}):
        with pytest.raises(stripe.InvalidRequestError):
            stripe_client.v1.coupons.create(params=bad)
    renamed = stripe_client.v1.coupons.update("FIVE", params={"name": "Five off", "metadata": {"k": "v"}})
    assert renamed.name == "Five off" and renamed.metadata["k"] == "v"
    assert [c.id for c in stripe_client.v1.coupons.list().data] == ["FIVE", percent.id]
    assert stripe_client.v1.coupons.delete("FIVE").deleted is True
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.coupons.retrieve("FIVE")


def test_redeem_by_makes_a_coupon_invalid(stripe_client, controls):
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 10, "redeem_by": JAN_1 + DAY})
    controls("advance", seconds=2 * DAY)
    assert stripe_client.v1.coupons.retrieve(coupon.id).valid is False


def test_promotion_codes_reference_their_coupon(stripe_client):
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 20})
    promo = stripe_client.v1.promotion_codes.create(params={
        "promotion": {"type": "coupon", "coupon": coupon.id}, "code": "SPRING20", "max_redemptions": 5})
    assert promo.id.startswith("promo_") and promo.promotion.coupon == coupon.id and promo.active
    expanded = stripe_client.v1.promotion_codes.retrieve(promo.id, params={"expand": ["promotion.coupon"]})
    assert expanded.promotion.coupon.percent_off == 20
    other = stripe_client.v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": coupon.id}})
    assert len(other.code) == 8
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.promotion_codes.create(params={
            "promotion": {"type": "coupon", "coupon": coupon.id}, "code": "spring20"})
    assert [p.id for p in stripe_client.v1.promotion_codes.list(params={"code": "SPRING20"}).data] == [promo.id]
    assert len(stripe_client.v1.promotion_codes.list(params={"coupon": coupon.id}).data) == 2
    stripe_client.v1.promotion_codes.update(promo.id, params={"active": False})
    assert [p.id for p in stripe_client.v1.promotion_codes.list(params={"active": True}).data] == [other.id]


def test_a_percent_coupon_reduces_the_first_invoice(stripe_client):
    (price,) = monthly_prices(stripe_client, 2000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 25, "duration": "forever"})
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, discounts=[{"coupon": coupon.id}])
    invoice = sub.latest_invoice
    assert (invoice.subtotal, invoice.total, invoice.amount_paid) == (2000, 1500, 1500)
    assert invoice.total_discount_amounts[0].amount == 500
    assert invoice.total_discount_amounts[0].discount == sub.discounts[0]
    assert invoice.lines.data[0].discount_amounts[0].amount == 500
    discount = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["discounts"]}).discounts[0]
    assert discount.source.coupon == coupon.id and discount.subscription == sub.id
    assert stripe_client.v1.coupons.retrieve(coupon.id).times_redeemed == 1


def test_a_promotion_code_applies_its_coupon_and_counts_redemptions(stripe_client):
    (price,) = monthly_prices(stripe_client, 2000)
    coupon = stripe_client.v1.coupons.create(params={"amount_off": 500, "currency": "usd", "duration": "once"})
    promo = stripe_client.v1.promotion_codes.create(params={
        "promotion": {"type": "coupon", "coupon": coupon.id}, "max_redemptions": 1})
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, discounts=[{"promotion_code": promo.id}])
    assert sub.latest_invoice.total == 1500
    assert sub.discounts == []  # a `once` coupon is used up by the first invoice
    assert stripe_client.v1.promotion_codes.retrieve(promo.id).active is False
    with pytest.raises(stripe.InvalidRequestError) as caught:
        subscribe(stripe_client, customer, price, discounts=[{"promotion_code": promo.id}])
    assert caught.value.param == "discounts[0][promotion_code]"


def test_a_customer_restricted_code_refuses_other_customers(stripe_client):
    (price,) = monthly_prices(stripe_client, 2000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 50})
    ada, _ = customer_with_card(stripe_client)
    bob, _ = customer_with_card(stripe_client)
    promo = stripe_client.v1.promotion_codes.create(params={
        "promotion": {"type": "coupon", "coupon": coupon.id}, "customer": ada.id})
    with pytest.raises(stripe.InvalidRequestError):
        subscribe(stripe_client, bob, price, discounts=[{"promotion_code": promo.id}])
    assert subscribe(stripe_client, ada, price, discounts=[{"promotion_code": promo.id}]).latest_invoice.total == 1000


def test_a_repeating_coupon_ends_after_its_months(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 10, "duration": "repeating",
                                                     "duration_in_months": 2})
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, discounts=[{"coupon": coupon.id}])
    controls("advance", seconds=90 * DAY)  # renewals on Feb 1, Mar 1 and Apr 1
    totals = [i.total for i in reversed(stripe_client.v1.invoices.list(params={"subscription": sub.id}).data)]
    assert totals == [900, 900, 1000, 1000]


def test_expanded_discounts_carry_their_coupon_code_and_end(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 20, "duration": "repeating",
                                                     "duration_in_months": 3, "name": "Summer"})
    promo = stripe_client.v1.promotion_codes.create(params={
        "promotion": {"type": "coupon", "coupon": coupon.id}, "code": "SUMMER20"})
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, discounts=[{"promotion_code": promo.id}])
    expand = ["discounts.source.coupon", "discounts.promotion_code"]
    [discount] = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": expand}).discounts
    assert isinstance(discount, stripe.Discount) and discount.subscription == sub.id
    assert (discount.source.type, discount.source.coupon.name, discount.promotion_code.code) == (
        "coupon", "Summer", "SUMMER20")
    assert (discount.start, discount.end) == (JAN_1, JAN_1 + (31 + 28 + 31) * DAY)  # Apr 1
    listed = stripe_client.v1.subscriptions.list(params={"customer": customer.id,
                                                         "expand": ["data." + path for path in expand]})
    assert listed.data[0].discounts[0].source.coupon.percent_off == 20


def test_discounts_set_and_clear_on_update_and_in_previews(stripe_client):
    (price,) = monthly_prices(stripe_client, 4000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 50, "duration": "forever"})
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    preview = stripe_client.v1.invoices.create_preview(params={"subscription": sub.id,
                                                               "discounts": [{"coupon": coupon.id}]})
    assert preview.total == 2000
    assert stripe_client.v1.coupons.retrieve(coupon.id).times_redeemed == 0
    sub = stripe_client.v1.subscriptions.update(sub.id, params={"discounts": [{"coupon": coupon.id}]})
    assert len(sub.discounts) == 1
    assert stripe_client.v1.invoices.create_preview(params={"subscription": sub.id}).total == 2000
    sub = stripe_client.v1.subscriptions.update(sub.id, params={"discounts": ""})
    assert sub.discounts == []
    assert stripe_client.v1.invoices.create_preview(params={"subscription": sub.id}).total == 4000


def test_a_coupon_for_some_products_discounts_only_their_lines(stripe_client):
    gold, extra = monthly_prices(stripe_client, 2000, 1000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 50, "applies_to": {"products": [gold.product]}})
    customer, _ = customer_with_card(stripe_client)
    sub = stripe_client.v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": gold.id}, {"price": extra.id}],
        "discounts": [{"coupon": coupon.id}], "expand": ["latest_invoice"]})
    assert (sub.latest_invoice.subtotal, sub.latest_invoice.total) == (3000, 2000)


def test_a_once_coupon_waits_for_the_first_paid_invoice_after_a_trial(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 50, "duration": "once"})
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, trial_period_days=7, discounts=[{"coupon": coupon.id}])
    assert len(sub.discounts) == 1
    controls("advance", seconds=40 * DAY)
    totals = [i.total for i in reversed(stripe_client.v1.invoices.list(params={"subscription": sub.id}).data)]
    assert totals == [0, 500, 1000]


def test_a_first_time_code_refuses_customers_who_have_paid(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 10, "duration": "forever"})
    promo = stripe_client.v1.promotion_codes.create(params={
        "promotion": {"type": "coupon", "coupon": coupon.id}, "restrictions": {"first_time_transaction": True}})
    customer, _ = customer_with_card(stripe_client)
    assert subscribe(stripe_client, customer, price, discounts=[{"promotion_code": promo.id}]).latest_invoice.total == 900
    with pytest.raises(stripe.InvalidRequestError):
        subscribe(stripe_client, customer, price, discounts=[{"promotion_code": promo.id}])


def test_max_redemptions_and_expiry_stop_further_use(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    coupon = stripe_client.v1.coupons.create(params={"percent_off": 10, "max_redemptions": 1})
    customer, _ = customer_with_card(stripe_client)
    subscribe(stripe_client, customer, price, discounts=[{"coupon": coupon.id}])
    assert stripe_client.v1.coupons.retrieve(coupon.id).valid is False
    with pytest.raises(stripe.InvalidRequestError) as caught:
        subscribe(stripe_client, customer, price, discounts=[{"coupon": coupon.id}])
    assert caught.value.param == "discounts[0][coupon]"
    forever = stripe_client.v1.coupons.create(params={"percent_off": 10, "duration": "forever"})
    promo = stripe_client.v1.promotion_codes.create(params={
        "promotion": {"type": "coupon", "coupon": forever.id}, "expires_at": JAN_1 + DAY})
    controls("advance", seconds=2 * DAY)
    assert stripe_client.v1.promotion_codes.retrieve(promo.id).active is False
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.promotion_codes.update(promo.id, params={"active": True})
