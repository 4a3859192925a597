"""Subscription schedules through the SDK: from a subscription, phases, the clock entering the next
phase and billing it, release, cancel, and the params Stripe refuses."""

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

MAR_1 = FEB_1 + 28 * DAY


@pytest.fixture(autouse=True)
def frozen_clock(controls):
    controls("clock", frozen_time=JAN_1)


@pytest.fixture
def pro_then_basic(stripe_client):
    """A subscription on Pro ($20) with a schedule that moves it to Basic ($5) at its period end."""
    pro, basic = monthly_prices(stripe_client, 2000, 500)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, pro)
    schedule = stripe_client.v1.subscription_schedules.create(params={"from_subscription": sub.id})
    schedule = stripe_client.v1.subscription_schedules.update(schedule.id, params={"end_behavior": "release", "phases": [
        {"start_date": schedule.phases[0].start_date, "end_date": schedule.phases[0].end_date,
         "items": [{"price": pro.id, "quantity": 1}]},
        {"items": [{"price": basic.id, "quantity": 1}], "duration": {"interval": "month"}},
    ]})
    return customer, sub, schedule, pro, basic


def _events(client, type_):
    return [event.data.object for event in client.v1.events.list(params={"type": type_, "limit": 100}).data]


def test_from_subscription_copies_the_current_period_and_items(stripe_client):
    (price,) = monthly_prices(stripe_client, 1500)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price, items=[{"price": price.id, "quantity": 2}])
    schedule = stripe_client.v1.subscription_schedules.create(params={"from_subscription": sub.id})
    assert schedule.id.startswith("sub_sched_") and schedule.status == "active"
    assert schedule.subscription == sub.id and schedule.customer == customer.id
    assert schedule.end_behavior == "release"
    assert (schedule.current_phase.start_date, schedule.current_phase.end_date) == (JAN_1, FEB_1)
    [phase] = schedule.phases
    assert (phase.start_date, phase.end_date) == (JAN_1, FEB_1)
    assert [(item.price, item.quantity) for item in phase["items"]] == [(price.id, 2)]
    held = stripe_client.v1.subscriptions.retrieve(sub.id)
    assert held.schedule == schedule.id
    [updated] = _events(stripe_client, "customer.subscription.updated")
    assert updated.schedule == schedule.id and _events(stripe_client, "subscription_schedule.created")


def test_a_subscription_has_one_schedule(stripe_client, pro_then_basic):
    _customer, sub, _schedule, _pro, _basic = pro_then_basic
    with pytest.raises(stripe.InvalidRequestError, match="already attached"):
        stripe_client.v1.subscription_schedules.create(params={"from_subscription": sub.id})


def test_update_sets_the_next_phase_and_the_subscription_shows_it_expanded(stripe_client, pro_then_basic):
    _customer, sub, schedule, pro, basic = pro_then_basic
    assert [(phase.start_date, phase.end_date) for phase in schedule.phases] == [(JAN_1, FEB_1), (FEB_1, MAR_1)]
    held = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["schedule.phases.items.price"]})
    assert held["items"].data[0].price.id == pro.id, "nothing changes before the phase ends"
    assert held.schedule.phases[1]["items"][0].price.unit_amount == 500
    listed = stripe_client.v1.subscription_schedules.list(params={"customer": _customer.id})
    assert [found.id for found in listed.data] == [schedule.id]
    assert stripe_client.v1.subscription_schedules.list(params={"customer": "cus_other"}).data == []


def test_the_upcoming_invoice_bills_the_next_phase(stripe_client, pro_then_basic):
    customer, sub, _schedule, _pro, _basic = pro_then_basic
    upcoming = stripe_client.v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert upcoming.amount_due == 500 and upcoming.next_payment_attempt == FEB_1


def test_the_clock_enters_the_next_phase_and_the_renewal_bills_it(stripe_client, controls, pro_then_basic):
    _customer, sub, schedule, _pro, basic = pro_then_basic
    controls("advance", seconds=31 * DAY + 60)
    held = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert held["items"].data[0].price.id == basic.id and held.schedule == schedule.id
    assert held.latest_invoice.billing_reason == "subscription_cycle"
    assert held.latest_invoice.amount_paid == 500
    assert held.latest_invoice.lines.data[0].pricing.price_details.price == basic.id
    assert not [item for item in stripe_client.v1.invoices.create_preview(
        params={"customer": _customer.id, "subscription": sub.id}).lines.data if item.amount < 0], "no proration"
    current = stripe_client.v1.subscription_schedules.retrieve(schedule.id).current_phase
    assert (current.start_date, current.end_date) == (FEB_1, MAR_1)
    assert any(event.current_phase and event.current_phase.start_date == FEB_1
               for event in _events(stripe_client, "subscription_schedule.updated"))


def test_after_the_last_phase_the_schedule_is_released_and_the_subscription_goes_on(
        stripe_client, controls, pro_then_basic):
    _customer, sub, schedule, _pro, basic = pro_then_basic
    controls("advance", seconds=59 * DAY + 60)
    done = stripe_client.v1.subscription_schedules.retrieve(schedule.id)
    assert done.status == "released" and done.released_at == MAR_1 and done.released_subscription == sub.id
    assert done.subscription is None and done.current_phase is None
    held = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert held.schedule is None and held.status == "active" and held.latest_invoice.amount_paid == 500
    assert [event.id for event in _events(stripe_client, "subscription_schedule.released")] == [schedule.id]


def test_end_behavior_cancel_completes_the_schedule_and_ends_the_subscription(
        stripe_client, controls, pro_then_basic):
    _customer, sub, schedule, _pro, _basic = pro_then_basic
    stripe_client.v1.subscription_schedules.update(schedule.id, params={"end_behavior": "cancel"})
    controls("advance", seconds=59 * DAY + 60)
    assert stripe_client.v1.subscription_schedules.retrieve(schedule.id).status == "completed"
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "canceled"


def test_release_keeps_the_subscription_as_it_is(stripe_client, controls, pro_then_basic):
    _customer, sub, schedule, pro, _basic = pro_then_basic
    released = stripe_client.v1.subscription_schedules.release(schedule.id)
    assert released.status == "released" and released.released_subscription == sub.id
    assert stripe_client.v1.subscriptions.retrieve(sub.id).schedule is None
    controls("advance", seconds=31 * DAY + 60)
    held = stripe_client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert held["items"].data[0].price.id == pro.id and held.latest_invoice.amount_paid == 2000
    with pytest.raises(stripe.InvalidRequestError, match="`released` status"):
        stripe_client.v1.subscription_schedules.release(schedule.id)


def test_cancel_ends_the_subscription_now(stripe_client, pro_then_basic):
    _customer, sub, schedule, _pro, _basic = pro_then_basic
    canceled = stripe_client.v1.subscription_schedules.cancel(schedule.id, params={"invoice_now": False,
                                                                                  "prorate": False})
    assert canceled.status == "canceled" and canceled.canceled_at == JAN_1
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "canceled"
    assert [event.id for event in _events(stripe_client, "subscription_schedule.canceled")] == [schedule.id]


def test_canceling_the_subscription_cancels_its_schedule(stripe_client, pro_then_basic):
    _customer, sub, schedule, _pro, _basic = pro_then_basic
    stripe_client.v1.subscriptions.cancel(sub.id)
    assert stripe_client.v1.subscription_schedules.retrieve(schedule.id).status == "canceled"


def test_cancel_at_period_end_must_go_through_the_schedule(stripe_client, pro_then_basic):
    _customer, sub, _schedule, _pro, _basic = pro_then_basic
    with pytest.raises(stripe.InvalidRequestError, match="managed by the subscription schedule"):
        stripe_client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})


def test_a_schedule_for_a_customer_starts_its_subscription_now(stripe_client, controls):
    pro, basic = monthly_prices(stripe_client, 2000, 500)
    customer, _ = customer_with_card(stripe_client)
    schedule = stripe_client.v1.subscription_schedules.create(params={
        "customer": customer.id, "start_date": "now",
        "phases": [{"items": [{"price": pro.id}], "end_date": JAN_1 + 10 * DAY, "proration_behavior": "none"},
                   {"items": [{"price": basic.id, "quantity": 2}]}],
    })
    sub = stripe_client.v1.subscriptions.retrieve(schedule.subscription, params={"expand": ["latest_invoice"]})
    assert sub.status == "active" and sub.schedule == schedule.id and sub.latest_invoice.amount_paid == 2000
    controls("advance", seconds=10 * DAY)
    item = stripe_client.v1.subscriptions.retrieve(sub.id)["items"].data[0]
    assert (item.price.id, item.quantity) == (basic.id, 2)
    assert item.current_period_end == FEB_1, "the same interval keeps the billing period"


@pytest.mark.parametrize("params, message", [
    ({"from_subscription": "SUB", "phases": [{"items": [{"price": "PRICE"}]}]}, "You cannot set `phases`"),
    ({"from_subscription": "sub_missing"}, "No such subscription"),
    ({"customer": "CUSTOMER", "phases": []}, "Missing required param: phases"),
    ({"customer": "CUSTOMER", "start_date": JAN_1 + DAY, "phases": [{"items": [{"price": "PRICE"}]}]}, "start_date"),
])
def test_bad_create_params_are_refused(stripe_client, params, message):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    ids = {"SUB": sub.id, "PRICE": price.id, "CUSTOMER": customer.id}
    params = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in params.items()}
    for phase in params.get("phases") or []:
        phase["items"] = [{"price": ids[item["price"]]} for item in phase["items"]]
    with pytest.raises(stripe.InvalidRequestError, match=message):
        stripe_client.v1.subscription_schedules.create(params=params)


def test_the_current_phase_keeps_its_start(stripe_client, pro_then_basic):
    _customer, _sub, schedule, pro, _basic = pro_then_basic
    with pytest.raises(stripe.InvalidRequestError, match="start_date of the current phase") as caught:
        stripe_client.v1.subscription_schedules.update(schedule.id, params={"phases": [
            {"start_date": JAN_1 + DAY, "items": [{"price": pro.id}]}]})
    assert caught.value.param == "phases[0][start_date]"


def test_unknown_params_are_refused(stripe_client, pro_then_basic):
    _customer, _sub, schedule, pro, _basic = pro_then_basic
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.subscription_schedules.update(schedule.id, params={"phases": [
            {"start_date": JAN_1, "items": [{"price": pro.id}], "iterations": 2}]})
    assert caught.value.code == "parameter_unknown" and caught.value.param == "phases[0][iterations]"
