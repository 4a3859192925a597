"""What advancing the emulator clock does: renewals, declines, trial ends, period-end
cancellation, pause_collection and incomplete expiry."""

import datetime

import pytest
from billing_helpers import (
    DAY,
    FEB_1,
    JAN_1,
    customer_with_card,
    monthly_prices,
    subscribe,
)


@pytest.fixture(autouse=True)
def frozen_clock(controls):
    controls("clock", frozen_time=JAN_1)


def _invoices(client, sub):
    return list(reversed(client.v1.invoices.list(params={"subscription": sub.id, "limit": 100}).data))


def _month_starts(count):
    return [int(datetime.datetime(2026 + (m // 12), m % 12 + 1, 1, tzinfo=datetime.UTC).timestamp())
            for m in range(count)]


def test_a_year_of_monthly_invoices(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    controls("advance", seconds=365 * DAY)
    invoices = _invoices(stripe_client, sub)
    renewals = [i for i in invoices if i.billing_reason == "subscription_cycle"]
    assert len(renewals) == 12 and len(invoices) == 13
    starts = _month_starts(14)
    assert [i.lines.data[0].period.start for i in renewals] == starts[1:13]
    assert [i.lines.data[0].period.end for i in renewals] == starts[2:14]
    assert all(i.status == "paid" and i.amount_paid == 1000 for i in renewals)
    assert [i.number[-4:] for i in invoices] == [f"{n:04d}" for n in range(1, 14)]
    sub = stripe_client.v1.subscriptions.retrieve(sub.id)
    assert sub.status == "active" and sub.latest_invoice == invoices[-1].id
    assert sub["items"].data[0].current_period_start == starts[12]


def test_month_end_anchors_clamp_to_shorter_months(stripe_client, controls):
    controls("clock", frozen_time=JAN_1 + 30 * DAY)  # 31 January
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    feb_28 = int(datetime.datetime(2026, 2, 28, tzinfo=datetime.UTC).timestamp())
    mar_31 = int(datetime.datetime(2026, 3, 31, tzinfo=datetime.UTC).timestamp())
    assert sub["items"].data[0].current_period_end == feb_28
    controls("advance", seconds=30 * DAY)
    assert stripe_client.v1.subscriptions.retrieve(sub.id)["items"].data[0].current_period_end == mar_31


def test_a_declined_renewal_makes_the_subscription_past_due(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    bad = stripe_client.v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer.id})
    stripe_client.v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": bad.id}})
    controls("advance", seconds=31 * DAY)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert sub.status == "past_due"
    assert sub.latest_invoice.status == "open" and sub.latest_invoice.amount_remaining == 1000
    failed = stripe_client.v1.events.list(params={"type": "invoice.payment_failed"}).data
    assert failed[0].data.object.id == sub.latest_invoice.id


def test_a_trial_end_bills_the_first_paid_period(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, trial_period_days=7)
    controls("advance", seconds=8 * DAY)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert sub.status == "active"
    assert sub.latest_invoice.total == 1000 and sub.latest_invoice.status == "paid"
    item = sub["items"].data[0]
    assert (item.current_period_start, item.current_period_end) == (JAN_1 + 7 * DAY, JAN_1 + 7 * DAY + 31 * DAY)


def test_a_trial_without_a_payment_method_can_pause_and_resume(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, card = customer_with_card(stripe_client, default=False)
    sub = subscribe(stripe_client, customer, price, trial_period_days=7,
                    trial_settings={"end_behavior": {"missing_payment_method": "pause"}})
    controls("advance", seconds=8 * DAY)
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "paused"
    assert stripe_client.v1.events.list(params={"type": "customer.subscription.paused"}).data
    stripe_client.v1.subscriptions.update(sub.id, params={"default_payment_method": card.id})
    resumed = stripe_client.v1.subscriptions.resume(sub.id, params={"expand": ["latest_invoice"]})
    assert resumed.status == "active" and resumed.latest_invoice.status == "paid"
    assert resumed["items"].data[0].current_period_start == JAN_1 + 8 * DAY


def test_cancel_at_period_end_cancels_when_the_period_ends(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    stripe_client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})
    controls("advance", seconds=10 * DAY)
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "active"
    controls("advance", seconds=30 * DAY)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id)
    assert sub.status == "canceled" and sub.ended_at == FEB_1
    assert len(_invoices(stripe_client, sub)) == 1
    deleted = stripe_client.v1.events.list(params={"type": "customer.subscription.deleted"}).data
    assert deleted[0].data.object.id == sub.id


def test_pause_collection_voids_renewals_until_it_resumes(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    resumes_at = JAN_1 + 45 * DAY
    stripe_client.v1.subscriptions.update(sub.id, params={
        "pause_collection": {"behavior": "void", "resumes_at": resumes_at}})
    controls("advance", seconds=70 * DAY)  # Feb 1 renewal (voided), resume Feb 15, Mar 1 renewal (charged)
    statuses = [i.status for i in _invoices(stripe_client, sub)]
    assert statuses == ["paid", "void", "paid"]
    sub = stripe_client.v1.subscriptions.retrieve(sub.id)
    assert sub.pause_collection is None and sub.status == "active"


def test_an_incomplete_subscription_expires_after_23_hours(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client, "pm_card_chargeDeclined")
    sub = subscribe(stripe_client, customer, price)
    controls("advance", seconds=22 * 3600)
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "incomplete"
    controls("advance", seconds=2 * 3600)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert sub.status == "incomplete_expired" and sub.latest_invoice.status == "void"


def _subscription_whose_card_now_declines(stripe_client):
    """A monthly subscription started with a good card, then switched to one that declines; and the good card."""
    (price,) = monthly_prices(stripe_client, 1000)
    customer, good = customer_with_card(stripe_client)
    bad = stripe_client.v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer.id})
    sub = subscribe(stripe_client, customer, price, default_payment_method=good.id)
    stripe_client.v1.subscriptions.update(sub.id, params={"default_payment_method": bad.id})
    return sub, good


def test_declined_renewals_are_retried_every_three_days_four_attempts_in_all(stripe_client, controls):
    sub, _good = _subscription_whose_card_now_declines(stripe_client)
    controls("advance", seconds=31 * DAY)
    invoice = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]}).latest_invoice
    assert invoice.next_payment_attempt == FEB_1 + 3 * DAY
    controls("advance", seconds=10 * DAY)
    invoice = stripe_client.v1.invoices.retrieve(invoice.id)
    assert invoice.attempt_count == 4 and invoice.next_payment_attempt is None and invoice.status == "open"
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "past_due"


def test_a_retry_with_a_fixed_card_collects_and_reactivates(stripe_client, controls):
    sub, good = _subscription_whose_card_now_declines(stripe_client)
    controls("advance", seconds=31 * DAY)
    stripe_client.v1.subscriptions.update(sub.id, params={"default_payment_method": good.id})
    controls("advance", seconds=3 * DAY)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert sub.status == "active"
    assert sub.latest_invoice.status == "paid" and sub.latest_invoice.attempt_count == 2


def test_a_trial_without_a_payment_method_can_cancel_at_its_end(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client, default=False)
    sub = subscribe(stripe_client, customer, price, trial_period_days=7,
                    trial_settings={"end_behavior": {"missing_payment_method": "cancel"}})
    controls("advance", seconds=8 * DAY)
    sub = stripe_client.v1.subscriptions.retrieve(sub.id)
    assert sub.status == "canceled" and sub.ended_at == JAN_1 + 7 * DAY


def test_a_subscription_with_two_items_bills_both_on_renewal_preview_and_prorated_cancel(stripe_client, controls):
    cheap, dear = monthly_prices(stripe_client, 500, 900)
    customer, _ = customer_with_card(stripe_client)
    sub = stripe_client.v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": cheap.id}, {"price": dear.id, "quantity": 2}]})
    preview = stripe_client.v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert preview.amount_due == 2300 and len(preview.lines.data) == 2
    controls("advance", seconds=31 * DAY)
    [renewal] = [i for i in _invoices(stripe_client, sub) if i.billing_reason == "subscription_cycle"]
    assert renewal.amount_paid == 2300
    assert sorted(line.amount for line in renewal.lines.data) == [500, 1800]
    controls("advance", seconds=14 * DAY)
    canceled = stripe_client.v1.subscriptions.cancel(sub.id, params={"prorate": True, "invoice_now": True})
    assert canceled.status == "canceled"
    credit = stripe_client.v1.invoices.retrieve(canceled.latest_invoice)
    assert len(credit.lines.data) == 2 and all(line.amount < 0 for line in credit.lines.data)
