"""Deep-link flows (`flow_data`): a session opens on one task, shows only it, and ends where `after_completion` says."""
import pytest
import requests
import stripe
from playwright.sync_api import expect


def cancel_flow(subscription, after):
    return {"type": "subscription_cancel", "subscription_cancel": {"subscription": subscription.id},
            "after_completion": after}


def test_a_cancel_flow_shows_only_its_task_and_redirects_when_done(portal, subscriber, live_server, stripe_v1):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": cancel_flow(
        subscription, {"type": "redirect", "redirect": {"return_url": "https://shop.example.com/thanks"}})})
    assert session.flow.type == "subscription_cancel"
    assert session.flow.subscription_cancel.subscription == subscription.id
    assert session.flow.after_completion.redirect.return_url == "https://shop.example.com/thanks"

    browser = requests.Session()
    task = f"{live_server}/account/subscriptions/{subscription.id}/cancel"
    assert browser.get(session.url, timeout=10).url == task
    for elsewhere in ("/account/", "/account/invoices", "/account/payment-methods"):
        assert browser.get(f"{live_server}{elsewhere}", timeout=10).url == task

    done = browser.post(task, data={}, allow_redirects=False, timeout=10)
    assert done.status_code == 303 and done.headers["Location"] == "https://shop.example.com/thanks"
    assert stripe_v1.subscriptions.retrieve(subscription.id).cancel_at_period_end is True
    assert browser.get(f"{live_server}/account/", timeout=10).url == f"{live_server}/account/done"


def test_a_card_flow_ending_on_the_portal_homepage_opens_the_whole_portal(portal, subscriber, live_server, stripe_v1):
    customer, _subscription = subscriber()
    second = stripe_v1.payment_methods.attach("pm_card_mastercard", params={"customer": customer.id})
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": {
        "type": "payment_method_update", "after_completion": {"type": "portal_homepage"}}})

    browser = requests.Session()
    opened = browser.get(session.url, timeout=10)
    assert opened.url == f"{live_server}/account/payment-methods"
    assert "Subscriptions" not in opened.text
    assert browser.get(f"{live_server}/account/invoices", timeout=10).url == f"{live_server}/account/payment-methods"

    done = browser.post(f"{live_server}/account/payment-methods/{second.id}/default", data={}, timeout=10)
    assert done.url == f"{live_server}/account/"
    assert "Your default card was changed." in done.text
    assert stripe_v1.customers.retrieve(customer.id).invoice_settings.default_payment_method == second.id
    assert browser.get(f"{live_server}/account/invoices", timeout=10).url == f"{live_server}/account/invoices"


def test_leaving_a_flow_goes_back_to_the_merchant(portal, subscriber, live_server):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={
        "customer": customer.id, "return_url": "https://shop.example.com/account",
        "flow_data": cancel_flow(subscription, {"type": "portal_homepage"})})
    browser = requests.Session()
    browser.get(session.url, timeout=10)
    keep = browser.get(f"{live_server}/account/subscriptions/{subscription.id}", allow_redirects=False, timeout=10)
    assert keep.status_code == 303 and keep.headers["Location"] == "https://shop.example.com/account"


def test_a_cancel_flow_offers_its_retention_coupon(portal, subscriber, live_server, stripe_v1):
    customer, subscription = subscriber()
    coupon = stripe_v1.coupons.create(params={"percent_off": 20, "duration": "once"})
    flow = cancel_flow(subscription, {"type": "portal_homepage"})
    flow["subscription_cancel"]["retention"] = {"type": "coupon_offer", "coupon_offer": {"coupon": coupon.id}}
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": flow})
    assert session.flow.subscription_cancel.retention.coupon_offer.coupon == coupon.id

    browser = requests.Session()
    browser.get(session.url, timeout=10)
    offered = browser.post(f"{live_server}/account/subscriptions/{subscription.id}/cancel", data={}, timeout=10)
    assert "Before you go" in offered.text and "20% off" in offered.text
    assert stripe_v1.subscriptions.retrieve(subscription.id).cancel_at_period_end is False

    kept = browser.post(f"{live_server}/account/subscriptions/{subscription.id}/retain", data={}, timeout=10)
    assert kept.url == f"{live_server}/account/"
    assert stripe_v1.subscriptions.retrieve(subscription.id).discounts


def test_a_flow_for_someone_elses_subscription_is_refused(portal, subscriber):
    customer, _mine = subscriber()
    _other, theirs = subscriber("bob@example.com")
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": cancel_flow(
            theirs, {"type": "portal_homepage"})})
    assert refused.value.param == "flow_data[subscription_cancel][subscription]"
    assert refused.value.http_status == 404


def test_a_flow_the_configuration_does_not_enable_is_refused(portal, subscriber):
    customer, subscription = subscriber()
    config = portal.billing_portal.configurations.create(params={"features": {"invoice_history": {"enabled": True}}})
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.sessions.create(params={"customer": customer.id, "configuration": config.id,
                                                      "flow_data": cancel_flow(subscription, {})})
    assert refused.value.param == "flow_data[type]"


def test_a_retention_coupon_that_does_not_exist_is_refused(portal, subscriber):
    customer, subscription = subscriber()
    flow = cancel_flow(subscription, {"type": "portal_homepage"})
    flow["subscription_cancel"]["retention"] = {"type": "coupon_offer", "coupon_offer": {"coupon": "nope"}}
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": flow})
    assert refused.value.param == "flow_data[subscription_cancel][retention][coupon_offer][coupon]"


@pytest.mark.csrf
def test_in_chromium_a_cancel_flow_ends_on_the_merchants_confirmation(portal, subscriber, live_server, page,
                                                                       stripe_v1):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={
        "customer": customer.id, "return_url": "https://shop.example.com/account",
        "flow_data": cancel_flow(subscription, {"type": "hosted_confirmation",
                                                "hosted_confirmation": {"custom_message": "Sorry to see you go."}})})

    page.goto(session.url)
    expect(page.get_by_role("heading", name="Cancel this subscription")).to_be_visible()
    page.get_by_role("button", name="Cancel subscription").click()

    expect(page.get_by_role("heading", name="All done")).to_be_visible()
    expect(page.get_by_text("Sorry to see you go.")).to_be_visible()
    expect(page.get_by_role("link", name="Return to Billing portal").first).to_have_attribute(
        "href", "https://shop.example.com/account")
    assert stripe_v1.subscriptions.retrieve(subscription.id).cancel_at_period_end is True
    page.goto(f"{live_server}/account/")
    assert page.url == f"{live_server}/account/done"


THANKS = {"type": "redirect", "redirect": {"return_url": "https://shop.example.com/thanks"}}


def test_an_update_flow_opens_on_the_plan_choice_and_ends_when_the_plan_changes(portal, subscriber, team_price,
                                                                               live_server, stripe_v1):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": {
        "type": "subscription_update", "subscription_update": {"subscription": subscription.id},
        "after_completion": THANKS}})

    browser = requests.Session()
    task = f"{live_server}/account/subscriptions/{subscription.id}/plan"
    opened = browser.get(session.url, timeout=10)
    assert opened.url == task and "Team" in opened.text
    assert browser.get(f"{live_server}/account/subscriptions/{subscription.id}/cancel", timeout=10).url == task

    done = browser.post(task, data={"price": team_price.id}, allow_redirects=False, timeout=10)
    assert done.status_code == 303 and done.headers["Location"] == "https://shop.example.com/thanks"
    assert stripe_v1.subscriptions.retrieve(subscription.id)["items"].data[0].price.id == team_price.id


def test_a_confirm_flow_opens_on_the_chosen_price(portal, subscriber, team_price, live_server, stripe_v1):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": {
        "type": "subscription_update_confirm", "after_completion": THANKS,
        "subscription_update_confirm": {"subscription": subscription.id, "items": [
            {"id": subscription["items"].data[0].id, "price": team_price.id}]}}})
    assert session.flow.subscription_update_confirm["items"][0].quantity == 1

    browser = requests.Session()
    opened = browser.get(session.url, timeout=10)
    assert opened.url == f"{live_server}/account/subscriptions/{subscription.id}/confirm-update"
    assert "New plan: Team, $30.00 per month." in opened.text

    done = browser.post(opened.url, data={}, allow_redirects=False, timeout=10)
    assert done.headers["Location"] == "https://shop.example.com/thanks"
    assert stripe_v1.subscriptions.retrieve(subscription.id)["items"].data[0].price.id == team_price.id


@pytest.mark.parametrize("item, param", [
    ({"price": "price_missing"}, "[items][0][price]"),
    ({"price": "TEAM", "quantity": 500}, "[items][0][quantity]"),
    ({"price": "TEAM", "id": "si_other"}, "[items][0][id]"),
    ({"id": "ITEM"}, "[items][0][price]"),
])
def test_a_confirm_flow_refuses_what_the_portal_cannot_confirm(portal, subscriber, team_price, item, param):
    customer, subscription = subscriber()
    item = {key: {"TEAM": team_price.id, "ITEM": subscription["items"].data[0].id}.get(value, value)
            for key, value in item.items()}
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": {
            "type": "subscription_update_confirm",
            "subscription_update_confirm": {"subscription": subscription.id, "items": [item]}}})
    assert refused.value.param == "flow_data[subscription_update_confirm]" + param


@pytest.mark.csrf
def test_in_chromium_a_card_flow_adds_a_card_through_stripe_js_then_confirms(portal, subscriber, page, stripe_v1):
    customer, _subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": {
        "type": "payment_method_update",
        "after_completion": {"type": "hosted_confirmation",
                             "hosted_confirmation": {"custom_message": "Your card will be charged next month."}}}})
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(session.url)
    expect(page.get_by_role("heading", name="Payment methods")).to_be_visible()
    expect(page.get_by_role("heading", name="Subscriptions")).to_have_count(0)
    page.get_by_role("button", name="Add a card").click()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiration date (MM / YY)").fill("12 / 34")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Save card").click()

    expect(page.get_by_role("heading", name="All done")).to_be_visible()
    expect(page.get_by_text("Your Visa card ending in 4242 was added.")).to_be_visible()
    expect(page.get_by_text("Your card will be charged next month.")).to_be_visible()
    cards = stripe_v1.payment_methods.list(params={"customer": customer.id, "type": "card"}).data
    assert "4242" in {card.card.last4 for card in cards}
    assert problems == []
