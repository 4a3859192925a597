"""A subscription with several products: every item on its card, and, as in Stripe's hosted portal,
no plan switch or quantity change (a sentence says whom to ask), while cancel, renew, pause and codes work."""
import re

import pytest

from account_subscriptions.helpers import HTMX, follow_up, nonce, text
from portal_site import settings


@pytest.fixture
def two_items(stripe_v1, customer, catalog):
    """Pro for 2 seats ($30) and Basic ($5), monthly: $35 a month."""
    return stripe_v1.subscriptions.create(params={"customer": customer.id, "items": [
        {"price": catalog["pro_monthly"].id, "quantity": 2}, {"price": catalog["basic_monthly"].id},
    ]})


@pytest.fixture
def business_name(app):
    with app.test_request_context():
        settings.save({"branding": {"business_name": "Acme Cloud"}})
    return "Acme Cloud"


def _card(page, sub):
    match = re.search(rf'<article id="subscription-{sub.id}".*?</article>', page, re.S)
    assert match, f"no card for {sub.id}"
    return match.group(0)


def _items(stripe_v1, sub):
    return [(item.price.id, item.quantity) for item in stripe_v1.subscriptions.retrieve(sub.id)["items"].data]


def test_the_card_shows_every_item_the_total_and_the_next_invoice(signed_in, customer, two_items, stripe_v1):
    response = signed_in.get("/account/")
    card = _card(text(response), two_items)

    pro, basic = re.findall(r"<li class=\"subscription__head\">.*?</li>", card, re.S)
    assert "Pro" in pro and "$15.00 per seat per month" in pro and "Quantity: 2 seats" in pro
    assert 'src="https://cdn.example.test/pro.png"' in pro
    assert "Basic" in basic and "$5.00 per month" in basic and "Quantity: 1" in basic
    assert "Total: $35.00 per month" in card

    loaded = text(follow_up(signed_in, response))
    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": two_items.id})
    assert upcoming.amount_due == 3500 and "Next invoice: $35.00" in loaded


def test_switch_and_quantity_are_not_offered_and_the_card_says_whom_to_ask(signed_in, two_items, business_name):
    card = _card(text(signed_in.get("/account/")), two_items)
    assert "Change plan" not in card and "Change quantity" not in card
    assert "Cancel subscription" in card
    assert "This subscription has several products. To change its plan or quantity, contact Acme Cloud." in card


@pytest.mark.parametrize("step, data", [("plan", {"price": "basic_monthly"}), ("quantity", {"quantity": "5"})])
def test_switch_and_quantity_endpoints_refuse_without_changing_stripe(
        signed_in, customer, catalog, two_items, stripe_v1, business_name, step, data):
    data = {key: catalog[value].id if value in catalog else value for key, value in data.items()}
    before = _items(stripe_v1, two_items)
    url = f"/account/subscriptions/{two_items.id}/{step}"
    for response in (signed_in.get(url), signed_in.get(url, query_string=data),
                     signed_in.post(url, data={**data, "nonce": nonce()}),
                     signed_in.post(url, headers=HTMX, data={**data, "nonce": nonce()})):
        assert response.status_code == 403
        assert "several products" in text(response) and "contact Acme Cloud" in text(response)
    assert _items(stripe_v1, two_items) == before
    assert len(stripe_v1.invoices.list(params={"customer": customer.id}).data) == 1


def test_cancel_then_renew_work(signed_in, two_items, stripe_v1, activity):
    canceled = signed_in.post(f"/account/subscriptions/{two_items.id}/cancel", headers=HTMX,
                              data={"feedback": "too_expensive", "nonce": nonce()})
    assert canceled.status_code == 200 and "Cancels on" in text(canceled)
    assert stripe_v1.subscriptions.retrieve(two_items.id).cancel_at_period_end is True

    renewed = signed_in.post(f"/account/subscriptions/{two_items.id}/renew", headers=HTMX, data={"nonce": nonce()})
    assert renewed.status_code == 200 and "Total: $35.00 per month" in text(renewed)
    assert stripe_v1.subscriptions.retrieve(two_items.id).cancel_at_period_end is False
    assert [row[0] for row in activity()] == ["subscription.canceled", "subscription.renewed"]


def test_pause_and_a_promotion_code_work(signed_in, customer, two_items, stripe_v1, configure):
    configure(subscription_pause={"enabled": True}, promotion_codes={"enabled": True})
    coupon = stripe_v1.coupons.create(params={"amount_off": 500, "currency": "usd", "duration": "once"})
    stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": coupon.id}, "code": "TWO"})

    applied = signed_in.post(f"/account/subscriptions/{two_items.id}/promotion-code", headers=HTMX,
                             data={"code": "TWO", "nonce": nonce()})
    assert applied.status_code == 200 and "has been applied" in text(applied)
    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": two_items.id})
    assert upcoming.amount_due == 3000

    paused = signed_in.post(f"/account/subscriptions/{two_items.id}/pause", headers=HTMX, data={"nonce": nonce()})
    assert paused.status_code == 200 and "Payments paused until you resume them." in text(paused)
    assert stripe_v1.subscriptions.retrieve(two_items.id).pause_collection.behavior == "void"
