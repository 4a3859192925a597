"""Stripe's rules for a subscription's status and for the card a renewal charges, through the SDK."""

import pytest
from billing_helpers import DAY, JAN_1, customer_with_card, monthly_prices, subscribe


@pytest.fixture(autouse=True)
def frozen_clock(controls):
    controls("clock", frozen_time=JAN_1)


def _declining_default(client, customer):
    bad = client.v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer.id})
    client.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": bad.id}})
    return bad


def _open_invoices(client, sub):
    return list(reversed(client.v1.invoices.list(params={"subscription": sub.id, "status": "open"}).data))


def test_paying_an_older_invoice_leaves_the_subscription_past_due_until_the_latest_is_paid(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, good = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    _declining_default(stripe_client, customer)
    controls("advance", seconds=(31 + 28 + 31) * DAY)
    oldest, middle, latest = _open_invoices(stripe_client, sub)
    assert stripe_client.v1.subscriptions.retrieve(sub.id).latest_invoice == latest.id

    stripe_client.v1.invoices.pay(oldest.id, params={"payment_method": good.id})
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "past_due"

    stripe_client.v1.invoices.pay(latest.id, params={"payment_method": good.id})
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "active"
    assert [i.id for i in _open_invoices(stripe_client, sub)] == [middle.id]


def test_an_automatic_retry_of_an_older_invoice_does_not_make_the_subscription_active(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, good = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    _declining_default(stripe_client, customer)
    controls("advance", seconds=31 * DAY)  # February's renewal declines; retries every 3 days
    controls("advance", seconds=28 * DAY)  # March's renewal declines too
    stripe_client.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": good.id}})
    feb, mar = _open_invoices(stripe_client, sub)
    assert feb.next_payment_attempt is None and mar.next_payment_attempt == JAN_1 + (31 + 28 + 3) * DAY
    stripe_client.v1.invoices.pay(feb.id)
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "past_due"
    controls("advance", seconds=3 * DAY)  # March's retry now succeeds with the good card
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "active"


def test_a_renewal_charges_the_subscriptions_default_before_the_customers(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, good = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, default_payment_method=good.id)
    _declining_default(stripe_client, customer)
    controls("advance", seconds=31 * DAY)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert sub.status == "active" and sub.latest_invoice.status == "paid"


def test_a_declining_subscription_default_is_not_rescued_by_the_customers_card(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    bad = stripe_client.v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer.id})
    stripe_client.v1.subscriptions.update(sub.id, params={"default_payment_method": bad.id})
    controls("advance", seconds=31 * DAY)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert sub.status == "past_due" and sub.latest_invoice.status == "open"
