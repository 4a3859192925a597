"""A plan-change deep link in Chromium: the session opens on the plan choice alone, the customer previews and
confirms, and lands where the merchant's `after_completion` redirect says."""
import pytest
from playwright.sync_api import expect

THANKS = "https://shop.example.com/thanks"


@pytest.fixture
def shop(page):
    """The merchant's site, answered in the browser (nothing leaves the machine)."""
    page.route("https://shop.example.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Shop</title><h1>Thanks from the shop</h1>"))
    return page


@pytest.mark.csrf
def test_in_chromium_an_update_flow_changes_the_plan_and_returns_to_the_merchant(portal, subscriber, team_price,
                                                                                 shop, stripe_v1):
    customer, subscription = subscriber()
    session = portal.billing_portal.sessions.create(params={"customer": customer.id, "flow_data": {
        "type": "subscription_update", "subscription_update": {"subscription": subscription.id},
        "after_completion": {"type": "redirect", "redirect": {"return_url": THANKS}}}})

    shop.goto(session.url)
    expect(shop.get_by_role("heading", name="Payment methods")).to_have_count(0)
    expect(shop.get_by_role("heading", name="Invoice history")).to_have_count(0)
    shop.get_by_label("Team").check()
    shop.get_by_role("button", name="Preview the change").click()
    expect(shop.get_by_text("$30.00").first).to_be_visible()
    shop.get_by_role("button", name="Confirm the change").click()

    expect(shop.get_by_role("heading", name="Thanks from the shop")).to_be_visible()
    assert shop.url == THANKS
    assert stripe_v1.subscriptions.retrieve(subscription.id)["items"].data[0].price.id == team_price.id
