"""A `subscription_update_confirm` flow: the merchant names a new price, quantity and discount; the customer sees the
preview and confirms; Stripe then holds all three. What the configuration does not allow is refused naming the param."""
import html

import pytest
import requests
import stripe
from playwright.sync_api import expect

THANKS = {"type": "redirect", "redirect": {"return_url": "https://shop.example.com/thanks"}}


@pytest.fixture
def coupon(stripe_v1):
    return stripe_v1.coupons.create(params={"percent_off": 20, "duration": "forever"})


def confirm(subscription, item=None, discounts=None, after=None):
    spec = {"subscription": subscription.id, "items": [{"id": subscription["items"].data[0].id, **(item or {})}]}
    if discounts is not None:
        spec["discounts"] = discounts
    return {"type": "subscription_update_confirm", "subscription_update_confirm": spec,
            "after_completion": after or THANKS}


def _held(stripe_v1, subscription):
    held = stripe_v1.subscriptions.retrieve(subscription.id, params={"expand": ["discounts"]})
    return held["items"].data[0], held.discounts


def test_a_new_price_quantity_and_coupon_are_previewed_then_held_by_stripe(portal, subscriber, team_price, coupon,
                                                                            live_server, stripe_v1):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": confirm(
        subscription, {"price": team_price.id, "quantity": 3}, [{"coupon": coupon.id}])})
    flow = session.flow.subscription_update_confirm
    assert (flow["items"][0].price, flow["items"][0].quantity) == (team_price.id, 3)
    assert flow.discounts[0].coupon == coupon.id and flow.discounts[0].promotion_code is None

    browser = requests.Session()
    task = f"{live_server}/account/subscriptions/{subscription.id}/confirm-update"
    opened = browser.get(session.url, timeout=10)
    page = html.unescape(opened.text)
    assert opened.url == task
    assert "New plan: Team, 3 × $30.00 per month, billed $90.00 per month." in page
    assert "20% off forever" in page and "What changes on your bill" in page
    assert _held(stripe_v1, subscription)[0].price.id != team_price.id  # a preview changes nothing
    assert browser.get(f"{live_server}/account/subscriptions/{subscription.id}/plan", timeout=10).url == task

    done = browser.post(task, data={"nonce": "confirm-1"}, allow_redirects=False, timeout=10)
    assert done.status_code == 303 and done.headers["Location"] == "https://shop.example.com/thanks"
    item, discounts = _held(stripe_v1, subscription)
    assert (item.price.id, item.quantity) == (team_price.id, 3)
    assert [discount.source.coupon for discount in discounts] == [coupon.id]


def test_a_quantity_and_promotion_code_under_a_configuration_that_allows_them(portal, subscriber, coupon, live_server,
                                                                               stripe_v1):
    customer, subscription = subscriber()
    code = stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": coupon.id},
                                                    "code": "WELCOME"})
    config = portal.billing_portal.configurations.create(params={"features": {"subscription_update": {
        "enabled": True, "default_allowed_updates": ["price", "quantity", "promotion_code"],
        "proration_behavior": "create_prorations"}}})
    session = portal.billing_portal.sessions.create(params={
        "customer": customer.id, "configuration": config.id,
        "flow_data": confirm(subscription, {"quantity": 2}, [{"promotion_code": code.id}],
                             {"type": "hosted_confirmation", "hosted_confirmation": {"custom_message": "Thanks!"}})})
    assert session.flow.subscription_update_confirm["items"][0].price == subscription["items"].data[0].price.id

    browser = requests.Session()
    opened = browser.get(session.url, timeout=10)
    assert "New quantity: 2 × $15.00 per month, billed $30.00 per month." in html.unescape(opened.text)
    done = browser.post(opened.url, data={"nonce": "confirm-2"}, timeout=10)
    assert done.url == f"{live_server}/account/done" and "Thanks!" in done.text
    assert "Your quantity is now 2." in done.text
    item, discounts = _held(stripe_v1, subscription)
    assert item.quantity == 2 and [discount.promotion_code for discount in discounts] == [code.id]


def test_a_discount_alone_is_confirmed_and_the_portal_opens(portal, subscriber, coupon, live_server, stripe_v1):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": confirm(
        subscription, {"quantity": 1}, [{"coupon": coupon.id}], {"type": "portal_homepage"})})
    browser = requests.Session()
    opened = browser.get(session.url, timeout=10)
    assert "20% off forever" in html.unescape(opened.text) and "Next invoice: $12.00" in opened.text

    done = browser.post(opened.url, data={"nonce": "confirm-3"}, timeout=10)
    assert done.url == f"{live_server}/account/" and "Your discount has been applied." in done.text
    assert [discount.source.coupon for discount in _held(stripe_v1, subscription)[1]] == [coupon.id]
    assert browser.get(opened.url, timeout=10).status_code == 404  # done: the page is gone with the flow


def _adjustable(portal, subscription, enabled):
    item = subscription["items"].data[0]
    return portal.billing_portal.configurations.create(params={"features": {"subscription_update": {
        "enabled": True, "default_allowed_updates": ["price", "quantity"], "proration_behavior": "none",
        "products": [{"product": item.price.product, "prices": [item.price.id],
                      "adjustable_quantity": {"enabled": enabled, "minimum": 1, "maximum": 5}}]}}})


@pytest.mark.parametrize("case, param", [
    ("promotion code, not allowed", "[discounts][0][promotion_code]"),
    ("coupon that does not exist", "[discounts][0][coupon]"),
    ("two discounts", "[discounts]"),
    ("quantity above the product's maximum", "[items][0][quantity]"),
    ("quantity of a product that is not adjustable", "[items][0][quantity]"),
    ("price the configuration does not offer", "[items][0][price]"),
    ("nothing changes", "[items][0][price]"),
    ("several items", "[items]"),
])
def test_what_the_configuration_does_not_allow_is_refused_naming_the_param(portal, subscriber, coupon, team_price,
                                                                           stripe_v1, case, param):
    customer, subscription = subscriber()
    item, discounts, configuration = {"quantity": 2}, None, None
    if case == "promotion code, not allowed":
        code = stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": coupon.id}})
        discounts = [{"promotion_code": code.id}]
    elif case == "coupon that does not exist":
        discounts = [{"coupon": "nope"}]
    elif case == "two discounts":
        discounts = [{"coupon": coupon.id}, {"coupon": coupon.id}]
    elif case.startswith("quantity"):
        configuration = _adjustable(portal, subscription, enabled="not adjustable" not in case).id
        item = {"quantity": 6 if "maximum" in case else 2}
    elif case == "price the configuration does not offer":
        configuration = _adjustable(portal, subscription, enabled=True).id
        item = {"price": team_price.id}
    elif case == "nothing changes":
        item = {"quantity": 1}
    else:
        subscription = stripe_v1.subscriptions.update(subscription.id, params={"items": [{"price": team_price.id}]})
    params = {"customer": customer.id, "flow_data": confirm(subscription, item, discounts)}
    if configuration:
        params["configuration"] = configuration
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.sessions.create(params=params)
    assert refused.value.param == "flow_data[subscription_update_confirm]" + param
    assert refused.value.http_status == (404 if "exist" in case else 400)


def test_the_confirm_page_is_only_for_a_sessions_own_update(portal, subscriber, team_price, live_server):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id})
    browser = requests.Session()
    browser.get(session.url, timeout=10)
    page = browser.get(f"{live_server}/account/subscriptions/{subscription.id}/confirm-update", timeout=10)
    assert page.status_code == 404


@pytest.mark.csrf
def test_in_chromium_the_customer_confirms_the_update_and_lands_on_the_confirmation(portal, subscriber, team_price,
                                                                                   coupon, page, stripe_v1,
                                                                                   check_axe):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": confirm(
        subscription, {"price": team_price.id, "quantity": 2}, [{"coupon": coupon.id}],
        {"type": "hosted_confirmation", "hosted_confirmation": {"custom_message": "Welcome to Team."}})})
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(session.url)
    expect(page.get_by_text("New plan: Team, 2 × $30.00 per month, billed $60.00 per month.")).to_be_visible()
    expect(page.get_by_text("20% off forever")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Confirm the change").click()

    expect(page.get_by_role("heading", name="All done")).to_be_visible()
    expect(page.get_by_text("Welcome to Team.")).to_be_visible()
    item, discounts = _held(stripe_v1, subscription)
    assert (item.price.id, item.quantity) == (team_price.id, 2)
    assert [discount.source.coupon for discount in discounts] == [coupon.id]
    assert problems == []


def test_a_refused_card_leaves_the_subscription_as_it_was_and_says_why(portal, subscriber, team_price, live_server,
                                                                       stripe_v1):
    customer, subscription = subscriber()
    declined = stripe_v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer.id})
    stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": declined.id}})
    config = portal.billing_portal.configurations.create(params={"features": {"subscription_update": {
        "enabled": True, "default_allowed_updates": ["price"], "proration_behavior": "always_invoice"}}})
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "configuration": config.id,
                                                            "flow_data": confirm(subscription, {"price": team_price.id})})
    browser = requests.Session()
    opened = browser.get(session.url, timeout=10)
    assert "Charged now:" in opened.text

    refused = browser.post(opened.url, data={"nonce": "confirm-4"}, allow_redirects=False, timeout=10)
    assert refused.status_code == 402 and "declined" in refused.text
    assert "Confirm the change" in refused.text  # still on its task, free to try again
    assert _held(stripe_v1, subscription)[0].price.id == subscription["items"].data[0].price.id


def test_a_cheaper_price_the_configuration_defers_is_scheduled_for_the_period_end(portal, subscriber, live_server,
                                                                                  stripe_v1):
    customer, subscription = subscriber()
    lite = stripe_v1.prices.create(params={"product": stripe_v1.products.create(params={"name": "Lite"}).id,
                                           "unit_amount": 500, "currency": "usd", "recurring": {"interval": "month"}})
    config = portal.billing_portal.configurations.create(params={"features": {"subscription_update": {
        "enabled": True, "default_allowed_updates": ["price", "quantity"], "proration_behavior": "create_prorations",
        "schedule_at_period_end": {"conditions": [{"type": "decreasing_item_amount"}]}}}})
    with pytest.raises(stripe.InvalidRequestError) as refused:
        portal.billing_portal.sessions.create(params={"customer": customer.id, "configuration": config.id,
                                                      "flow_data": confirm(subscription, {"price": lite.id,
                                                                                          "quantity": 2})})
    assert refused.value.param == "flow_data[subscription_update_confirm][items][0][price]"

    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "configuration": config.id,
                                                            "flow_data": confirm(subscription, {"price": lite.id})})
    browser = requests.Session()
    opened = browser.get(session.url, timeout=10)
    assert "at the end of your current billing period" in html.unescape(opened.text)
    done = browser.post(opened.url, data={"nonce": "confirm-5"}, allow_redirects=False, timeout=10)
    assert done.headers["Location"] == "https://shop.example.com/thanks"
    held = stripe_v1.subscriptions.retrieve(subscription.id)
    assert held.schedule and held["items"].data[0].price.id == subscription["items"].data[0].price.id
