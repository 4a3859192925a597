"""Subscriptions through the SDK: creation and the first invoice, trials, declines, listing,
updates with proration, cancellation, pause_collection and discounts."""

import pytest
import stripe
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


def test_creating_charges_the_first_invoice_and_activates(stripe_client):
    (price,) = monthly_prices(stripe_client, 1500)
    customer, card = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, metadata={"plan": "gold"})
    assert sub.id.startswith("sub_") and sub.status == "active"
    item = sub["items"].data[0]
    assert (item.current_period_start, item.current_period_end) == (JAN_1, FEB_1)
    assert item.price.id == price.id and item.quantity == 1
    invoice = sub.latest_invoice
    assert invoice.status == "paid" and invoice.billing_reason == "subscription_create"
    assert (invoice.amount_due, invoice.amount_paid, invoice.amount_remaining) == (1500, 1500, 0)
    assert invoice.parent.subscription_details.subscription == sub.id
    assert invoice.lines.data[0].parent.subscription_item_details.subscription_item == item.id
    assert invoice.lines.data[0].period.start == JAN_1 and invoice.lines.data[0].period.end == FEB_1
    assert invoice.number.endswith("-0001") and invoice.status_transitions.paid_at == JAN_1
    assert sub.metadata["plan"] == "gold"


def test_the_subscriptions_own_payment_method_is_charged_first(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client, "pm_card_chargeDeclined")
    good = stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": customer.id})
    sub = subscribe(stripe_client, customer, price, default_payment_method=good.id)
    assert sub.status == "active" and sub.default_payment_method == good.id


def test_quantity_multiplies_the_amount(stripe_client):
    (price,) = monthly_prices(stripe_client, 700)
    customer, _ = customer_with_card(stripe_client)
    sub = stripe_client.v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": price.id, "quantity": 3}], "expand": ["latest_invoice"]})
    assert sub.latest_invoice.total == 2100
    assert sub.latest_invoice.lines.data[0].description.startswith("3 × Plan 700")


def test_a_decline_leaves_the_subscription_incomplete_with_an_open_invoice(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client, "pm_card_chargeDeclined")
    sub = subscribe(stripe_client, customer, price, payment_behavior="allow_incomplete")
    assert sub.status == "incomplete"
    assert sub.latest_invoice.status == "open" and sub.latest_invoice.attempt_count == 1
    assert sub.latest_invoice.amount_remaining == 1000


def test_error_if_incomplete_refuses_with_a_card_error_and_creates_nothing(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client, "pm_card_visa_chargeDeclinedInsufficientFunds")
    with pytest.raises(stripe.CardError) as caught:
        subscribe(stripe_client, customer, price, payment_behavior="error_if_incomplete")
    assert caught.value.http_status == 402
    assert caught.value.code == "card_declined" and caught.value.error.decline_code == "insufficient_funds"
    assert stripe_client.v1.subscriptions.list(params={"status": "all"}).data == []


def test_default_incomplete_waits_for_payment_then_paying_activates(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, payment_behavior="default_incomplete")
    assert sub.status == "incomplete" and sub.latest_invoice.status == "open"
    assert sub.latest_invoice.attempted is False
    stripe_client.v1.invoices.pay(sub.latest_invoice.id)
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "active"


def test_no_payment_method_at_all(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer = stripe_client.v1.customers.create(params={"email": "x@example.test"})
    with pytest.raises(stripe.InvalidRequestError):
        subscribe(stripe_client, customer, price, payment_behavior="error_if_incomplete")
    assert subscribe(stripe_client, customer, price).status == "incomplete"


def test_a_trial_starts_with_a_zero_invoice(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, trial_period_days=14)
    assert sub.status == "trialing"
    assert (sub.trial_start, sub.trial_end) == (JAN_1, JAN_1 + 14 * DAY)
    assert sub["items"].data[0].current_period_end == JAN_1 + 14 * DAY
    assert sub.latest_invoice.total == 0 and sub.latest_invoice.status == "paid"
    assert sub.latest_invoice.lines.data[0].description == "Trial period for Plan 1000"


def test_ending_a_trial_now_bills_a_full_period(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, trial_end=JAN_1 + 30 * DAY)
    controls("advance", seconds=2 * DAY)
    sub = stripe_client.v1.subscriptions.update(sub.id, params={"trial_end": "now", "expand": ["latest_invoice"]})
    assert sub.status == "active" and sub.trial_end == JAN_1 + 2 * DAY
    assert sub.latest_invoice.total == 1000 and sub.latest_invoice.status == "paid"
    assert sub["items"].data[0].current_period_start == JAN_1 + 2 * DAY


def test_listing_filters_by_customer_price_and_status(stripe_client):
    cheap, dear = monthly_prices(stripe_client, 500, 5000)
    ada, _ = customer_with_card(stripe_client)
    bob, _ = customer_with_card(stripe_client, "pm_card_chargeDeclined")
    active = subscribe(stripe_client, ada, cheap)
    trialing = subscribe(stripe_client, ada, dear, trial_period_days=7)
    incomplete = subscribe(stripe_client, bob, cheap)
    canceled = subscribe(stripe_client, ada, cheap)
    stripe_client.v1.subscriptions.cancel(canceled.id)

    def ids(**params):
        return {s.id for s in stripe_client.v1.subscriptions.list(params=params).data}

    assert ids(customer=ada.id) == {active.id, trialing.id}
    assert ids(customer=ada.id, status="all") == {active.id, trialing.id, canceled.id}
    assert ids(status="canceled") == {canceled.id}
    assert ids(status="incomplete") == {incomplete.id}
    assert ids(status="trialing") == {trialing.id}
    assert ids(price=cheap.id) == {active.id, incomplete.id}


def test_create_prorations_adds_pending_items_to_the_next_invoice(stripe_client, controls):
    basic, pro = monthly_prices(stripe_client, 3100, 6200)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, basic)
    controls("advance", seconds=10 * DAY)
    item = sub["items"].data[0]
    updated = stripe_client.v1.subscriptions.update(sub.id, params={
        "items": [{"id": item.id, "price": pro.id}], "proration_behavior": "create_prorations"})
    assert updated.latest_invoice == sub.latest_invoice.id
    assert updated["items"].data[0].price.id == pro.id and updated["items"].data[0].id == item.id
    upcoming = stripe_client.v1.invoices.create_preview(params={"subscription": sub.id})
    amounts = sorted(line.amount for line in upcoming.lines.data)
    # 21 of 31 days remain: credit 3100*21/31 = 2100, charge 6200*21/31 = 4200, next month 6200
    assert amounts == [-2100, 4200, 6200]
    assert upcoming.total == 8300
    controls("advance", seconds=21 * DAY)
    renewal = stripe_client.v1.invoices.list(params={"subscription": sub.id}).data[0]
    assert renewal.billing_reason == "subscription_cycle" and renewal.total == 8300


def test_always_invoice_bills_the_proration_now(stripe_client, controls):
    basic, pro = monthly_prices(stripe_client, 3100, 9300)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, basic)
    controls("advance", seconds=21 * DAY)
    sub = stripe_client.v1.subscriptions.update(sub.id, params={
        "items": [{"id": sub["items"].data[0].id, "price": pro.id}], "proration_behavior": "always_invoice",
        "expand": ["latest_invoice"]})
    invoice = sub.latest_invoice
    # 10 of 31 days remain: -3100*10/31 = -1000, +9300*10/31 = 3000
    assert sorted(line.amount for line in invoice.lines.data) == [-1000, 3000]
    assert invoice.total == 2000 and invoice.status == "paid"
    assert invoice.billing_reason == "subscription_update"
    assert all(line.parent.subscription_item_details.proration for line in invoice.lines.data)


def test_proration_none_changes_price_without_money(stripe_client, controls):
    basic, pro = monthly_prices(stripe_client, 1000, 2000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, basic)
    controls("advance", seconds=5 * DAY)
    stripe_client.v1.subscriptions.update(sub.id, params={
        "items": [{"id": sub["items"].data[0].id, "price": pro.id, "quantity": 2}], "proration_behavior": "none"})
    upcoming = stripe_client.v1.invoices.create_preview(params={"subscription": sub.id})
    assert [line.amount for line in upcoming.lines.data] == [4000]


def test_a_downgrade_with_always_invoice_leaves_a_credit_for_the_next_invoice(stripe_client, controls):
    basic, pro = monthly_prices(stripe_client, 3100, 6200)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, pro)
    controls("advance", seconds=21 * DAY)
    sub = stripe_client.v1.subscriptions.update(sub.id, params={
        "items": [{"id": sub["items"].data[0].id, "price": basic.id}], "proration_behavior": "always_invoice",
        "expand": ["latest_invoice"]})
    assert sub.latest_invoice.total == -1000 and sub.latest_invoice.amount_due == 0
    assert sub.latest_invoice.ending_balance == -1000
    assert stripe_client.v1.customers.retrieve(customer.id).balance == -1000
    controls("advance", seconds=10 * DAY)
    renewal = stripe_client.v1.invoices.list(params={"subscription": sub.id}).data[0]
    assert (renewal.total, renewal.starting_balance, renewal.amount_due) == (3100, -1000, 2100)


def test_cancel_at_period_end_and_undo(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    sub = stripe_client.v1.subscriptions.update(sub.id, params={
        "cancel_at_period_end": True, "cancellation_details": {"comment": "too pricey", "feedback": "too_expensive"}})
    assert sub.cancel_at_period_end is True and sub.cancel_at == FEB_1 and sub.status == "active"
    assert sub.cancellation_details.feedback == "too_expensive"
    assert sub.cancellation_details.comment == "too pricey"
    sub = stripe_client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": False})
    assert sub.cancel_at_period_end is False and sub.cancel_at is None and sub.canceled_at is None


def test_cancel_now_with_details(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    canceled = stripe_client.v1.subscriptions.cancel(sub.id, params={
        "cancellation_details": {"comment": "bye", "feedback": "unused"}})
    assert canceled.status == "canceled" and canceled.canceled_at == JAN_1 and canceled.ended_at == JAN_1
    assert canceled.cancellation_details.reason == "cancellation_requested"
    assert canceled.cancellation_details.feedback == "unused"
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})


def test_cancel_now_with_prorate_and_invoice_now_credits_unused_time(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 3100)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    controls("advance", seconds=21 * DAY)
    stripe_client.v1.subscriptions.cancel(sub.id, params={"prorate": True, "invoice_now": True})
    final = stripe_client.v1.invoices.list(params={"subscription": sub.id}).data[0]
    assert final.total == -1000 and final.amount_due == 0
    assert stripe_client.v1.customers.retrieve(customer.id).balance == -1000


def test_pause_collection_set_and_clear(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    sub = stripe_client.v1.subscriptions.update(sub.id, params={
        "pause_collection": {"behavior": "void", "resumes_at": JAN_1 + 40 * DAY}})
    assert sub.pause_collection.behavior == "void" and sub.pause_collection.resumes_at == JAN_1 + 40 * DAY
    sub = stripe_client.v1.subscriptions.update(sub.id, params={"pause_collection": ""})
    assert sub.pause_collection is None


def test_default_payment_method_and_metadata_updates(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    other = stripe_client.v1.payment_methods.attach("pm_card_mastercard", params={"customer": customer.id})
    sub = subscribe(stripe_client, customer, price, metadata={"a": "1", "b": "2"})
    sub = stripe_client.v1.subscriptions.update(sub.id, params={
        "default_payment_method": other.id, "metadata": {"a": "", "c": "3"}})
    assert sub.default_payment_method == other.id
    assert sub.metadata.to_dict() == {"b": "2", "c": "3"}
    stranger = stripe_client.v1.customers.create(params={"email": "s@example.test"})
    foreign = stripe_client.v1.payment_methods.attach("pm_card_visa", params={"customer": stranger.id})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.subscriptions.update(sub.id, params={"default_payment_method": foreign.id})
    assert caught.value.param == "default_payment_method"


def test_unknown_item_and_one_time_prices_are_refused(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    product = stripe_client.v1.products.create(params={"name": "Setup"})
    one_time = stripe_client.v1.prices.create(params={"product": product.id, "unit_amount": 500, "currency": "usd"})
    customer, _ = customer_with_card(stripe_client)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        subscribe(stripe_client, customer, one_time)
    assert caught.value.param == "items[0][price]"
    sub = subscribe(stripe_client, customer, price)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.subscriptions.update(sub.id, params={"items": [{"id": "si_nope", "quantity": 2}]})
    assert caught.value.param == "items[0][id]"


def test_events_follow_the_lifecycle(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    stripe_client.v1.subscriptions.update(sub.id, params={"metadata": {"x": "y"}})
    stripe_client.v1.subscriptions.cancel(sub.id)
    types = [event.type for event in reversed(stripe_client.v1.events.list(params={"limit": 100}).data)]
    wanted = ["customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid",
              "invoice.payment_succeeded", "customer.subscription.updated", "customer.subscription.deleted"]
    assert [t for t in types if t in wanted] == wanted
    updated = stripe_client.v1.events.list(params={"type": "customer.subscription.updated"}).data[0]
    assert updated.data.previous_attributes["metadata"].to_dict() == {"x": None}


def test_a_quantity_change_prorates_both_quantities(stripe_client, controls):
    (price,) = monthly_prices(stripe_client, 3100)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    controls("advance", seconds=21 * DAY)
    sub = stripe_client.v1.subscriptions.update(sub.id, params={
        "items": [{"id": sub["items"].data[0].id, "quantity": 3}], "proration_behavior": "always_invoice",
        "expand": ["latest_invoice"]})
    # 10 of 31 days remain: -3100*1*10/31 = -1000, +3100*3*10/31 = 3000
    assert sorted(line.amount for line in sub.latest_invoice.lines.data) == [-1000, 3000]
    assert sub["items"].data[0].quantity == 3


def test_subscription_items_are_listed_and_retrieved(stripe_client):
    cheap, dear = monthly_prices(stripe_client, 500, 900)
    customer, _ = customer_with_card(stripe_client)
    sub = stripe_client.v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": cheap.id}, {"price": dear.id, "quantity": 2}]})
    items = stripe_client.v1.subscription_items.list(params={"subscription": sub.id}).data
    assert [(i.price.id, i.quantity) for i in items] == [(cheap.id, 1), (dear.id, 2)]
    assert stripe_client.v1.subscription_items.retrieve(items[1].id).subscription == sub.id
    assert stripe_client.v1.invoices.retrieve(sub.latest_invoice).total == 2300


def test_switching_to_a_yearly_price_resets_the_cycle_and_bills_now(stripe_client, controls):
    (monthly,) = monthly_prices(stripe_client, 3100)
    (yearly,) = monthly_prices(stripe_client, 120000, interval="year")
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, monthly)
    controls("advance", seconds=21 * DAY)
    sub = stripe_client.v1.subscriptions.update(sub.id, params={
        "items": [{"id": sub["items"].data[0].id, "price": yearly.id}], "expand": ["latest_invoice"]})
    item = sub["items"].data[0]
    assert sub.billing_cycle_anchor == JAN_1 + 21 * DAY
    assert (item.current_period_start, item.current_period_end) == (JAN_1 + 21 * DAY, JAN_1 + 21 * DAY + 365 * DAY)
    # the unused 10 of 31 days are credited (-1000) against a full year charged now
    assert sorted(line.amount for line in sub.latest_invoice.lines.data) == [-1000, 120000]
    assert sub.latest_invoice.total == 119000 and sub.latest_invoice.status == "paid"


def test_items_show_their_price_as_it_is_now(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    stripe_client.v1.prices.update(price.id, params={"nickname": "Legacy", "active": False})
    item = stripe_client.v1.subscriptions.retrieve(sub.id)["items"].data[0]
    assert (item.price.nickname, item.price.active) == ("Legacy", False)


def test_billing_cycle_anchor_now_restarts_the_period_and_unchanged_refuses_a_new_interval(stripe_client, controls):
    low, high = monthly_prices(stripe_client, 1000, 3000)
    (yearly,) = monthly_prices(stripe_client, 10000, interval="year")
    customer, _card = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, low)
    controls("advance", seconds=10 * DAY)
    item = sub["items"].data[0]
    preview = stripe_client.v1.invoices.create_preview(params={
        "customer": customer.id, "subscription": sub.id,
        "subscription_details": {"items": [{"id": item.id, "price": high.id}], "billing_cycle_anchor": "now"}})
    assert preview.total > 0
    changed = stripe_client.v1.subscriptions.update(sub.id, params={
        "items": [{"id": item.id, "price": high.id}], "billing_cycle_anchor": "now"})
    assert changed.billing_cycle_anchor == JAN_1 + 10 * DAY
    assert changed["items"].data[0].current_period_start == JAN_1 + 10 * DAY
    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.subscriptions.update(sub.id, params={
            "items": [{"id": item.id, "price": yearly.id}], "billing_cycle_anchor": "unchanged"})
    assert refused.value.param == "billing_cycle_anchor"
