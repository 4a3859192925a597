"""The notices Stripe sends ahead of time as the clock moves: `customer.subscription.trial_will_end`
three days before a trial ends (or when it is ended now) and `invoice.upcoming` seven days before a renewal."""

import pytest
from billing_helpers import DAY, JAN_1, customer_with_card, monthly_prices, subscribe


@pytest.fixture(autouse=True)
def frozen_clock(controls):
    controls("clock", frozen_time=JAN_1)


def _events(client, type_):
    return client.v1.events.list(params={"type": type_}).data


def test_trial_will_end_arrives_three_days_before_the_trial_ends_and_only_once(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, trial_period_days=14)
    controls("advance", seconds=11 * DAY - 1)
    assert _events(stripe_client, "customer.subscription.trial_will_end") == []
    controls("advance", seconds=1)
    (notice,) = _events(stripe_client, "customer.subscription.trial_will_end")
    assert notice.created == JAN_1 + 11 * DAY
    assert notice.data.object.id == sub.id and notice.data.object.status == "trialing"
    controls("advance", seconds=2 * DAY)
    assert len(_events(stripe_client, "customer.subscription.trial_will_end")) == 1


def test_ending_a_trial_now_sends_trial_will_end(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, trial_period_days=14)
    stripe_client.v1.subscriptions.update(sub.id, params={"trial_end": "now"})
    (notice,) = _events(stripe_client, "customer.subscription.trial_will_end")
    assert notice.data.object.id == sub.id


def test_invoice_upcoming_arrives_seven_days_before_each_renewal_with_the_renewal_invoice(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    controls("advance", seconds=24 * DAY - 1)  # February's renewal is on day 31
    assert _events(stripe_client, "invoice.upcoming") == []
    controls("advance", seconds=1)
    (upcoming,) = _events(stripe_client, "invoice.upcoming")
    assert upcoming.created == JAN_1 + 24 * DAY
    invoice = upcoming.data.object
    assert invoice.billing_reason == "upcoming" and invoice.amount_due == 1000
    assert invoice.parent.subscription_details.subscription == sub.id
    assert invoice.lines.data[0].period.start == JAN_1 + 31 * DAY
    controls("advance", seconds=28 * DAY)  # past the renewal to 7 days before March's
    assert len(_events(stripe_client, "invoice.upcoming")) == 2


def test_no_upcoming_invoice_for_a_subscription_ending_at_period_end(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    stripe_client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})
    controls("advance", seconds=40 * DAY)
    assert _events(stripe_client, "invoice.upcoming") == []
