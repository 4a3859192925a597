"""Chromium journeys on the account page, CSRF on as in production: cancel with a reason and renew; switch plan;
schedule a downgrade and keep the current plan."""
import pytest
from playwright.sync_api import expect


@pytest.fixture
def browser_page(live_server, page, client, sign_in, customer):
    """Chromium signed in as `customer` (the session cookie of a test client that signed in)."""
    sign_in(client, customer)
    page.context.add_cookies([{"name": "session", "value": client.get_cookie("session").value, "url": live_server}])
    problems = []
    def noted(message):
        # The catalogue's product image is on an unreachable host; Chromium asks for /favicon.ico on its own.
        source = message.location.get("url", "")
        if message.type == "error" and "cdn.example.test" not in source and not source.endswith("/favicon.ico"):
            problems.append(f"{message.text} ({source})")

    page.on("console", noted)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    assert problems == [], "the page logged errors (CSP violations included)"


@pytest.mark.csrf
def test_cancel_with_a_reason_then_renew(live_server, browser_page, customer, catalog, subscribe, stripe_v1):
    page = browser_page
    sub = subscribe(customer, catalog["pro_monthly"])
    page.goto(f"{live_server}/account/")
    card = page.locator(f"#subscription-{sub.id}")

    card.get_by_role("link", name="Cancel subscription").click()
    expect(card.get_by_role("heading", name="Cancel this subscription")).to_be_focused()
    card.get_by_label("I don't use it enough").check()
    card.get_by_label("Anything else you'd like to tell us? (optional)").fill("Back in spring")
    card.get_by_role("button", name="Cancel subscription").click()

    expect(card).to_contain_text("Cancels on")
    expect(card.get_by_role("status")).to_contain_text("Your subscription will end on")
    expect(card.get_by_role("status")).to_be_focused()
    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held.cancel_at_period_end is True
    assert (held.cancellation_details.feedback, held.cancellation_details.comment) == ("unused", "Back in spring")

    card.get_by_role("button", name="Renew subscription").click()

    expect(card).to_contain_text("Renews on")
    expect(card.get_by_role("link", name="Cancel subscription")).to_be_visible()
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is False


@pytest.mark.csrf
def test_switch_plan_after_the_preview(live_server, browser_page, customer, catalog, subscribe, stripe_v1):
    page = browser_page
    sub = subscribe(customer, catalog["pro_monthly"])
    page.goto(f"{live_server}/account/")
    card = page.locator(f"#subscription-{sub.id}")

    card.get_by_role("link", name="Change plan").click()
    card.get_by_label("Basic").check()

    preview = card.locator(f"#preview-{sub.id}")
    expect(preview).to_contain_text("Next invoice:")
    expect(preview).to_contain_text("Unused time on Pro (")
    expect(preview).to_contain_text("Remaining time on Basic (")
    expect(preview).to_contain_text("Credited to your next invoice on")
    card.get_by_role("button", name="Confirm the change").click()

    expect(card).to_contain_text("Your plan is now Basic, $5.00 per month.")
    expect(card).to_contain_text("$5.00 per month")
    expect(card.locator(f"#subscription-{sub.id}-upcoming")).to_contain_text("Next invoice:")
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].price.id == catalog["basic_monthly"].id


@pytest.mark.csrf
def test_schedule_a_downgrade_then_keep_the_current_plan(live_server, browser_page, customer, catalog, subscribe,
                                                         stripe_v1, configure):
    configure(subscription_update={"downgrades_at_period_end": True})
    page = browser_page
    sub = subscribe(customer, catalog["pro_monthly"])
    page.goto(f"{live_server}/account/")
    card = page.locator(f"#subscription-{sub.id}")

    card.get_by_role("link", name="Change plan").click()
    card.get_by_label("Basic").check()
    expect(card.locator(f"#preview-{sub.id}")).to_contain_text("at the end of your current billing period")
    card.get_by_role("button", name="Schedule the change").click()

    expect(card).to_contain_text("Changes to Basic on")
    assert stripe_v1.subscriptions.retrieve(sub.id).schedule is not None

    card.get_by_role("button", name="Keep my current plan").click()

    expect(card.get_by_role("status")).to_contain_text("Your plan stays Pro.")
    expect(card).not_to_contain_text("Changes to Basic")
    assert stripe_v1.subscriptions.retrieve(sub.id).schedule is None


def test_every_cards_next_invoice_arrives_with_one_request(live_server, browser_page, customer, catalog, subscribe):
    """Three cards, one follow-up request: each next invoice is swapped into its own card."""
    page = browser_page
    subs = [subscribe(customer, catalog["pro_monthly"]), subscribe(customer, catalog["basic_monthly"]),
            subscribe(customer, catalog["pro_monthly"], quantity=2)]
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/upcoming" in request.url else None)
    page.goto(f"{live_server}/account/")
    for sub, amount in zip(subs, ("$15.00", "$5.00", "$30.00"), strict=True):
        expect(page.locator(f"#subscription-{sub.id}-upcoming")).to_contain_text(f"Next invoice: {amount}")
    assert len(asked) == 1
