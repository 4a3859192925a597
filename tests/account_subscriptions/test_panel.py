"""The subscriptions panel: one card per subscription, plain-language status, next invoice, ownership, failures."""
import re
import time

import pytest
import requests

from account_subscriptions.helpers import HTMX, follow_up, follow_up_url, nonce, text
from portal_site.account.subscriptions import panel


def _card(page, sub):
    match = re.search(rf'<article id="subscription-{sub.id}".*?</article>', page, re.S)
    assert match, f"no card for {sub.id}"
    return match.group(0)


def test_each_subscription_has_a_card_with_price_quantity_status_and_next_invoice(
        signed_in, customer, catalog, subscribe, stripe_v1, make_customer):
    seats = subscribe(customer, catalog["pro_monthly"], quantity=2)
    trial = subscribe(customer, catalog["basic_monthly"], trial_period_days=14)
    someone_else = subscribe(make_customer("bob@example.test"), catalog["pro_yearly"])

    response = signed_in.get("/account/")
    page = text(response)

    card = _card(page, seats)
    assert "Pro" in card and "$15.00 per seat per month" in card and "Quantity: 2 seats" in card
    assert 'src="https://cdn.example.test/pro.png"' in card and "Active" in card
    assert "Free trial until" in _card(page, trial)
    assert someone_else.id not in page
    assert "See your next invoice" in card, "the next invoice loads after the page (one Stripe round trip first)"

    loaded = follow_up(signed_in, response)

    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": seats.id})
    assert upcoming.amount_due == 3000
    assert re.search(r"Next invoice: \$30\.00 on \w{3} \d{1,2}, \d{4}", text(loaded))
    assert f'id="subscription-{seats.id}-upcoming" hx-swap-oob="true"' in text(loaded)
    again = _card(text(signed_in.get("/account/")), seats)
    assert "Next invoice: $30.00" in again and "See your next invoice" not in again, "now from the cache"


def test_without_javascript_the_next_invoice_is_on_the_card_page(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    link = signed_in.get(follow_up_url(signed_in.get("/account/").get_data(as_text=True)))
    assert link.status_code == 302 and link.headers["Location"].endswith(f"/account/subscriptions/{sub.id}")
    assert "Next invoice: $30.00" in text(signed_in.get(f"/account/subscriptions/{sub.id}"))


def test_a_cancelling_and_a_paused_subscription_say_so(signed_in, customer, catalog, subscribe, stripe_v1):
    ending = subscribe(customer, catalog["pro_monthly"], cancel_at_period_end=True)
    paused = subscribe(customer, catalog["basic_monthly"])
    stripe_v1.subscriptions.update(paused.id, params={"pause_collection": {"behavior": "void"}})
    page = text(signed_in.get("/account/"))
    assert "Cancels on" in _card(page, ending) and "Next invoice" not in _card(page, ending)
    assert "Payments paused until you resume them." in _card(page, paused)
    assert "next invoice" not in _card(page, paused).lower(), "a paused subscription's invoices are voided"


def test_no_subscriptions(signed_in):
    assert "You have no subscriptions." in text(signed_in.get("/account/"))


def test_the_page_is_never_stale_after_the_customers_own_change(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    assert "Renews on" in _card(text(signed_in.get("/account/")), sub)
    signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": nonce()})
    assert "Cancels on" in _card(text(signed_in.get("/account/")), sub)


def test_a_stripe_failure_is_a_message_in_the_panel(app, customer):
    app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"
    app.extensions.pop("stripe_client")
    from portal_site import billing

    billing.init_app(app)
    with app.test_request_context("/account/"):
        context = panel(customer.id)
    assert context["subscriptions"] == []
    assert "not responding" in str(context["subscriptions_error"])


OTHERS_ENDPOINTS = [
    ("get", "", None),
    ("get", "/cancel", None),
    ("post", "/cancel", {"reason": "other"}),
    ("post", "/renew", {}),
    ("post", "/retain", {}),
    ("get", "/plan", None),
    ("post", "/plan", {"price": "PRICE"}),
    ("get", "/quantity", None),
    ("post", "/quantity", {"quantity": "7"}),
    ("post", "/pause", {}),
    ("post", "/resume", {}),
    ("post", "/promotion-code", {"code": "SPRING5"}),
]


def test_another_customers_subscription_is_not_found_and_left_alone(
        signed_in, catalog, subscribe, stripe_v1, make_customer, configure):
    configure(subscription_pause={"enabled": True}, promotion_codes={"enabled": True})
    theirs = subscribe(make_customer("bob@example.test"), catalog["pro_monthly"], quantity=3)

    for method, path, data in OTHERS_ENDPOINTS:
        if data is not None:
            data = {key: value.replace("PRICE", catalog["pro_yearly"].id) for key, value in data.items()}
            data["nonce"] = nonce()
        response = getattr(signed_in, method)(f"/account/subscriptions/{theirs.id}{path}", data=data)
        assert response.status_code == 404, (method, path)

    held = stripe_v1.subscriptions.retrieve(theirs.id)
    assert held.cancel_at_period_end is False and held.pause_collection is None and held.discounts == []
    assert held["items"].data[0].quantity == 3 and held["items"].data[0].price.id == catalog["pro_monthly"].id


def test_a_made_up_id_is_not_found_without_asking_stripe(signed_in):
    response = signed_in.post("/account/subscriptions/cus_123/cancel", headers=HTMX, data={"nonce": nonce()})
    assert response.status_code == 404 and response.headers["HX-Retarget"] == "#alerts"


def test_signed_out_visitors_are_sent_to_sign_in(client, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    assert client.post(f"/account/subscriptions/{sub.id}/cancel").status_code == 302
    response = client.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX)
    assert response.status_code == 401 and response.headers["HX-Redirect"]


def test_a_double_submitted_cancel_is_one_change(signed_in, customer, catalog, subscribe, stripe_v1, activity):
    sub = subscribe(customer, catalog["pro_monthly"])
    form = {"reason": "unused", "nonce": nonce()}
    first = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX, data=form)
    second = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX, data=form)
    assert first.status_code == second.status_code == 200
    assert "Cancels on" in text(second)
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is True
    assert len(activity("subscription.canceled")) == 1


def test_a_past_due_subscription_says_what_to_do(signed_in, customer, catalog, subscribe, stripe_v1, emulator):
    sub = subscribe(customer, catalog["pro_monthly"])
    declining = stripe_v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer.id})
    stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": declining.id}})
    period_end = sub["items"].data[0].current_period_end
    requests.post(f"{emulator}/_emulator/advance", json={"seconds": period_end - int(time.time()) + 60},
                  timeout=10).raise_for_status()
    assert stripe_v1.subscriptions.retrieve(sub.id).status == "past_due"

    card = _card(text(signed_in.get("/account/")), sub)

    assert "Past due" in card and "The last payment failed." in card


@pytest.fixture
def no_cache(app_config):
    app_config["ACCOUNT_CACHE_TTL"] = 0


def test_without_the_cache_every_page_reads_stripe(no_cache, signed_in, customer, catalog, subscribe, stripe_v1):
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.get("/account/")
    assert "See your next invoice" in _card(text(response), sub)
    loaded = follow_up(signed_in, response)
    assert "Next invoice: $15.00" in text(loaded)
    stripe_v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})
    assert "Cancels on" in _card(text(signed_in.get("/account/")), sub)


def test_every_step_page_without_javascript_keeps_the_signed_in_header(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    for step in ("", "/cancel", "/plan", "/quantity"):
        page = text(signed_in.get(f"/account/subscriptions/{sub.id}{step}"))
        header = page.split("<main")[0]
        assert customer.email in header and "Sign out" in header and "Français" in header, step


def test_a_customer_with_many_subscriptions_sees_every_one(signed_in, customer, catalog, subscribe):
    made = [subscribe(customer, catalog["basic_monthly"]).id for _ in range(23)]
    page = text(signed_in.get("/account/"))
    assert all(f'id="subscription-{sub_id}"' in page for sub_id in made)
