"""Downgrades that wait for the period end: a Stripe subscription schedule holds them, the card shows
them, Stripe applies them at the renewal, and the customer can keep the current plan instead."""
import time

import pytest
import requests

from account_subscriptions.helpers import HTMX, nonce, text
from portal_site.i18n import date as format_date


@pytest.fixture(autouse=True)
def downgrades_wait(configure):
    configure(subscription_update={"downgrades_at_period_end": True})


@pytest.fixture
def schedule_downgrade(signed_in, catalog):
    """Post the plan form for a downgrade to `price` (Basic by default), as a browser without htmx does."""

    def post(sub, price=None, form_nonce=None, headers=None):
        price = price or catalog["basic_monthly"]
        return signed_in.post(f"/account/subscriptions/{sub.id}/plan", headers=headers,
                              data={"price": price.id, "nonce": form_nonce or nonce()})

    return post


def _advance_past(emulator, instant):
    requests.post(f"{emulator}/_emulator/advance", json={"seconds": instant - int(time.time()) + 60},
                  timeout=10).raise_for_status()


def _schedules(stripe_v1, customer):
    return stripe_v1.subscription_schedules.list(params={"customer": customer.id}).data


def test_a_downgrade_is_scheduled_at_stripe_and_shown_on_the_card(
        app, signed_in, customer, catalog, subscribe, stripe_v1, schedule_downgrade, activity):
    sub = subscribe(customer, catalog["pro_monthly"])
    period_end = sub["items"].data[0].current_period_end
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan",
                              query_string={"price": catalog["basic_monthly"].id}))
    assert "at the end of your current billing period" in page and "Schedule the change" in page

    response = schedule_downgrade(sub, headers=HTMX)

    with app.test_request_context():
        when = format_date(period_end)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "subscription-changed"
    assert f"Changes to Basic on {when}." in text(response) and "Keep my current plan" in text(response)
    held = stripe_v1.subscriptions.retrieve(sub.id, params={"expand": ["schedule"]})
    assert held["items"].data[0].price.id == catalog["pro_monthly"].id, "nothing changes before the period end"
    current, following = held.schedule.phases
    assert held.schedule.end_behavior == "release" and current.end_date == following.start_date == period_end
    assert [item.price for item in following["items"]] == [catalog["basic_monthly"].id]
    assert [row[0] for row in activity()] == ["subscription.plan_scheduled"]
    assert f"Changes to Basic on {when}." in text(signed_in.get("/account/"))


def test_at_the_period_end_stripe_switches_the_plan_and_the_renewal_bills_it(
        signed_in, customer, catalog, subscribe, stripe_v1, emulator, schedule_downgrade):
    sub = subscribe(customer, catalog["pro_monthly"])
    untouched = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)
    period_end = sub["items"].data[0].current_period_end

    _advance_past(emulator, period_end)

    held = stripe_v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert held["items"].data[0].price.id == catalog["basic_monthly"].id
    assert held.latest_invoice.billing_reason == "subscription_cycle" and held.latest_invoice.amount_paid == 500
    other = stripe_v1.subscriptions.retrieve(untouched.id, params={"expand": ["latest_invoice"]})
    assert other.latest_invoice.amount_paid == 1500
    card = text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    assert "$5.00 per month" in card and "Changes to" not in card and "Keep my current plan" not in card


def test_keep_my_current_plan_releases_the_schedule(
        signed_in, customer, catalog, subscribe, stripe_v1, emulator, schedule_downgrade, activity):
    sub = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)
    [schedule] = _schedules(stripe_v1, customer)

    response = signed_in.post(f"/account/subscriptions/{sub.id}/keep-plan", headers=HTMX, data={"nonce": nonce()})

    assert response.status_code == 200 and response.headers["HX-Trigger"] == "subscription-changed"
    assert "Your plan stays Pro." in text(response) and "Changes to" not in text(response)
    assert stripe_v1.subscription_schedules.retrieve(schedule.id).status == "released"
    assert stripe_v1.subscriptions.retrieve(sub.id).schedule is None
    [(_action, _cid, detail)] = activity("subscription.plan_kept")
    assert detail["subscription"] == sub.id and detail["dropped_price"] == catalog["basic_monthly"].id
    assert "Changes to" not in text(signed_in.get("/account/"))
    _advance_past(emulator, sub["items"].data[0].current_period_end)
    renewed = stripe_v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert renewed.latest_invoice.amount_paid == 1500


def test_keep_plan_without_javascript_redirects_with_a_flash_and_a_double_submit_releases_once(
        signed_in, customer, catalog, subscribe, stripe_v1, schedule_downgrade, activity):
    sub = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)
    form = {"nonce": nonce()}

    first = signed_in.post(f"/account/subscriptions/{sub.id}/keep-plan", data=form)
    second = signed_in.post(f"/account/subscriptions/{sub.id}/keep-plan", data=form)

    assert first.status_code == second.status_code == 303
    assert first.headers["Location"].endswith("/account/#subscriptions")
    assert "Your plan stays Pro." in text(signed_in.get("/account/"))
    assert len(activity("subscription.plan_kept")) == 1
    assert stripe_v1.subscriptions.retrieve(sub.id).schedule is None


def test_keep_plan_is_refused_when_nothing_is_scheduled(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.post(f"/account/subscriptions/{sub.id}/keep-plan", data={"nonce": nonce()})
    assert response.status_code == 403 and "That change isn't possible" in text(response)


def test_another_customers_scheduled_change_cannot_be_touched(
        client, sign_in, make_customer, catalog, subscribe, stripe_v1, schedule_downgrade, customer):
    sub = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)
    other = make_customer("bob@example.test")
    sign_in(client, other)

    response = client.post(f"/account/subscriptions/{sub.id}/keep-plan", data={"nonce": nonce()})

    assert response.status_code == 404
    assert stripe_v1.subscriptions.retrieve(sub.id, params={"expand": ["schedule"]}).schedule.status == "active"


def test_a_double_submit_schedules_once(customer, catalog, subscribe, stripe_v1, schedule_downgrade, activity):
    sub = subscribe(customer, catalog["pro_monthly"])
    form_nonce = nonce()
    first, second = schedule_downgrade(sub, form_nonce=form_nonce), schedule_downgrade(sub, form_nonce=form_nonce)
    assert first.status_code == second.status_code == 303
    assert len(_schedules(stripe_v1, customer)) == 1
    assert len(activity("subscription.plan_scheduled")) == 1


def test_a_second_downgrade_updates_the_same_schedule(
        signed_in, customer, catalog, subscribe, stripe_v1, schedule_downgrade):
    lite = stripe_v1.prices.create(params={"product_data": {"name": "Lite"}, "unit_amount": 300, "currency": "usd",
                                           "recurring": {"interval": "month"}})
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    schedule_downgrade(sub)
    schedule_downgrade(sub, price=lite)

    [schedule] = _schedules(stripe_v1, customer)
    assert [(item.price, item.quantity) for item in schedule.phases[1]["items"]] == [(lite.id, 2)]
    assert "Changes to Lite on" in text(signed_in.get(f"/account/subscriptions/{sub.id}"))


def test_a_plan_switched_now_replaces_a_scheduled_one(
        signed_in, customer, catalog, subscribe, stripe_v1, schedule_downgrade):
    sub = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)
    card = text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    assert "Changes to Basic on" in card and "Change quantity" not in card, "the schedule would undo a quantity"

    signed_in.post(f"/account/subscriptions/{sub.id}/plan", data={"price": catalog["pro_yearly"].id, "nonce": nonce()})

    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held["items"].data[0].price.id == catalog["pro_yearly"].id and held.schedule is None
    assert [schedule.status for schedule in _schedules(stripe_v1, customer)] == ["released"]
    assert "Changes to" not in text(signed_in.get("/account/"))


def test_cancelling_at_period_end_drops_the_scheduled_change(
        signed_in, customer, catalog, subscribe, stripe_v1, schedule_downgrade):
    sub = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)

    response = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"reason": "unused", "nonce": nonce()})

    assert response.status_code == 303
    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held.cancel_at_period_end is True and held.schedule is None
    assert "Changes to" not in text(signed_in.get("/account/"))


def test_the_cancel_step_says_the_scheduled_change_will_not_happen_before_the_customer_confirms(
        signed_in, customer, catalog, subscribe, schedule_downgrade):
    sub = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)

    step = text(signed_in.get(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX))

    assert "If you cancel, your scheduled change to Basic on" in step and "will not happen." in step


def test_the_scheduled_change_is_one_marked_notice_with_its_undo_button(signed_in, customer, catalog, subscribe,
                                                                        schedule_downgrade):
    sub = subscribe(customer, catalog["pro_monthly"])
    schedule_downgrade(sub)
    card = signed_in.get("/account/").get_data(as_text=True).split(f'id="subscription-{sub.id}"')[1]
    notice = card.split('<div class="subscription__pending">')[1].split("</div>")[0]
    assert 'class="badge badge--info">Scheduled</span>' in notice
    assert "Changes to Basic on" in notice and "Keep my current plan" in notice
