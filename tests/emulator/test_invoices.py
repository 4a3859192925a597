"""Invoices through the SDK: list and retrieve, pay (declines stay open), void, create_preview,
and the hosted page and PDF the emulator serves."""

import pytest
import requests
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


def _past_due(client, controls):
    """A subscription whose renewal was declined: (subscription, open invoice, customer, good card)."""
    (price,) = monthly_prices(client, 1000)
    customer, good = customer_with_card(client)
    bad = client.v1.payment_methods.attach("pm_card_chargeDeclined", params={"customer": customer.id})
    sub = subscribe(client, customer, price)
    client.v1.subscriptions.update(sub.id, params={"default_payment_method": bad.id})
    controls("advance", seconds=31 * DAY)
    sub = client.v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    return sub, sub.latest_invoice, customer, good


def test_paying_with_another_card_settles_a_past_due_subscription(stripe_client, controls):
    sub, invoice, _, good = _past_due(stripe_client, controls)
    assert sub.status == "past_due" and invoice.status == "open" and invoice.attempt_count == 1
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.invoices.pay(invoice.id)
    assert caught.value.http_status == 402 and caught.value.code == "card_declined"
    assert caught.value.error.decline_code == "generic_decline"
    still_open = stripe_client.v1.invoices.retrieve(invoice.id)
    assert still_open.status == "open" and still_open.attempt_count == 2
    paid = stripe_client.v1.invoices.pay(invoice.id, params={"payment_method": good.id})
    assert paid.status == "paid" and paid.amount_paid == 1000 and paid.amount_remaining == 0
    assert paid.status_transitions.paid_at == FEB_1
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "active"
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.invoices.pay(invoice.id)


# Stripe's declining test cards and the card error each answers with (https://docs.stripe.com/testing).
DECLINING_CARDS = [
    ("pm_card_chargeDeclined", "card_declined", "generic_decline", None),
    ("pm_card_visa_chargeDeclined", "card_declined", "generic_decline", None),
    ("pm_card_chargeCustomerFail", "card_declined", "generic_decline", None),
    ("pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds", None),
    ("pm_card_visa_chargeDeclinedLostCard", "card_declined", "lost_card", None),
    ("pm_card_visa_chargeDeclinedStolenCard", "card_declined", "stolen_card", None),
    ("pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card", "exp_month"),
    ("pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc", "cvc"),
    ("pm_card_chargeDeclinedProcessingError", "processing_error", "processing_error", None),
    ("pm_card_visa_chargeDeclinedVelocityLimitExceeded", "card_declined", "card_velocity_exceeded", None),
]


@pytest.mark.parametrize("card, code, decline_code, param", DECLINING_CARDS)
def test_each_declining_test_card_answers_as_stripes_does(stripe_client, controls, card, code, decline_code, param):
    sub, invoice, customer, _ = _past_due(stripe_client, controls)
    declining = stripe_client.v1.payment_methods.attach(card, params={"customer": customer.id})
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.invoices.pay(invoice.id, params={"payment_method": declining.id})
    error = caught.value
    assert (error.http_status, error.code, error.error.decline_code, error.param) == (402, code, decline_code, param)
    assert error.user_message
    assert stripe_client.v1.invoices.retrieve(invoice.id).status == "open"


def test_void_only_open_invoices(stripe_client, controls):
    sub, invoice, _, _ = _past_due(stripe_client, controls)
    voided = stripe_client.v1.invoices.void_invoice(invoice.id)
    assert voided.status == "void" and voided.status_transitions.voided_at == FEB_1
    first = stripe_client.v1.invoices.list(params={"subscription": sub.id, "status": "paid"}).data[0]
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.invoices.void_invoice(first.id)


def test_listing_is_newest_first_and_filters(stripe_client, controls):
    sub, open_invoice, customer, _ = _past_due(stripe_client, controls)
    other, _ = customer_with_card(stripe_client)
    (price,) = monthly_prices(stripe_client, 200)
    subscribe(stripe_client, other, price)
    mine = stripe_client.v1.invoices.list(params={"customer": customer.id}).data
    assert [i.id for i in mine][0] == open_invoice.id and len(mine) == 2
    assert [i.id for i in stripe_client.v1.invoices.list(params={"status": "open"}).data] == [open_invoice.id]
    assert len(stripe_client.v1.invoices.list(params={"subscription": sub.id}).data) == 2
    lines = stripe_client.v1.invoices.line_items.list(open_invoice.id)
    assert [line.amount for line in lines.data] == [1000]


def test_a_plan_switch_preview_is_what_always_invoice_then_bills(stripe_client, controls):
    basic, pro = monthly_prices(stripe_client, 3100, 9300)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, basic)
    controls("advance", seconds=7 * DAY)
    change = {"items": [{"id": sub["items"].data[0].id, "price": pro.id}], "proration_behavior": "always_invoice",
              "proration_date": JAN_1 + 7 * DAY}
    preview = stripe_client.v1.invoices.create_preview(params={
        "customer": customer.id, "subscription": sub.id, "subscription_details": change})
    # 24 of 31 days remain: -3100*24/31 = -2400, +9300*24/31 = 7200
    assert sorted(line.amount for line in preview.lines.data) == [-2400, 7200]
    assert preview.parent.subscription_details.subscription_proration_date == JAN_1 + 7 * DAY
    assert stripe_client.v1.subscriptions.retrieve(sub.id)["items"].data[0].price.id == basic.id
    updated = stripe_client.v1.subscriptions.update(sub.id, params={**change, "expand": ["latest_invoice"]})
    billed = updated.latest_invoice
    assert (billed.total, billed.amount_due) == (preview.total, preview.amount_due) == (4800, 4800)
    assert sorted((line.description, line.amount) for line in billed.lines.data) == \
        sorted((line.description, line.amount) for line in preview.lines.data)


def test_a_change_previews_its_prorations_as_stripe_shapes_them(stripe_client, controls):
    basic, pro = monthly_prices(stripe_client, 3100, 9300)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, basic, items=[{"price": basic.id, "quantity": 2}])
    item = sub["items"].data[0]
    controls("advance", seconds=7 * DAY)
    preview = stripe_client.v1.invoices.create_preview(params={
        "customer": customer.id, "subscription": sub.id, "subscription_details": {
            "items": [{"id": item.id, "price": pro.id, "quantity": 3}], "proration_behavior": "create_prorations",
            "proration_date": JAN_1 + 7 * DAY}})
    prorations = [line for line in preview.lines.data if line.parent.subscription_item_details.proration]
    # the unused time of 2 × Basic, the remaining time of 3 × Pro: what the portal words itself
    assert [(line.amount, line.quantity, line.pricing.price_details.price, line.pricing.price_details.product)
            for line in prorations] == [(-4800, 2, basic.id, basic.product), (21600, 3, pro.id, pro.product)]
    for line in prorations:
        assert line.parent.type == "subscription_item_details"
        assert line.parent.subscription_item_details.subscription_item == item.id
        assert (line.period.start, line.period.end) == (JAN_1 + 7 * DAY, FEB_1)
    renewal = [line for line in preview.lines.data if not line.parent.subscription_item_details.proration]
    assert [(line.amount, line.period.start) for line in renewal] == [(27900, FEB_1)]


def test_the_upcoming_invoice_of_a_subscription(stripe_client):
    (price,) = monthly_prices(stripe_client, 1000)
    customer, _ = customer_with_card(stripe_client)
    sub = subscribe(stripe_client, customer, price)
    upcoming = stripe_client.v1.invoices.create_preview(params={"subscription": sub.id})
    assert upcoming.total == 1000 and upcoming.status == "draft"
    assert upcoming.lines.data[0].period.start == FEB_1
    assert upcoming.parent.subscription_details.subscription == sub.id
    assert upcoming.next_payment_attempt == FEB_1 and (upcoming.period_start, upcoming.period_end) == (JAN_1, FEB_1)
    stripe_client.v1.subscriptions.update(sub.id, params={"cancel_at_period_end": True})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        stripe_client.v1.invoices.create_preview(params={"subscription": sub.id})
    assert caught.value.code == "invoice_upcoming_none"


def test_previewing_a_new_subscription(stripe_client):
    (price,) = monthly_prices(stripe_client, 2500)
    customer, _ = customer_with_card(stripe_client)
    preview = stripe_client.v1.invoices.create_preview(params={
        "customer": customer.id, "subscription_details": {"items": [{"price": price.id, "quantity": 2}]}})
    assert preview.total == 5000 and preview.lines.data[0].period.end == FEB_1
    assert stripe_client.v1.subscriptions.list(params={"status": "all"}).data == []


def test_a_preview_needs_a_subscription_or_items(stripe_client):
    customer, _ = customer_with_card(stripe_client)
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.invoices.create_preview(params={"customer": customer.id})


def test_hosted_page_and_pdf_are_served(stripe_client):
    (price,) = monthly_prices(stripe_client, 1234)
    customer, _ = customer_with_card(stripe_client)
    invoice = subscribe(stripe_client, customer, price).latest_invoice
    page = requests.get(invoice.hosted_invoice_url, timeout=5)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert invoice.number in page.text and "$12.34" in page.text
    pdf = requests.get(invoice.invoice_pdf, timeout=5)
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    body = pdf.content
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    xref_at = int(body.split(b"startxref")[1].split()[0])
    table = body[xref_at:].split(b"trailer")[0].split(b"\n")
    assert table[0] == b"xref"
    count = int(table[1].split()[1])
    entries = table[3:3 + count - 1]
    assert all(len(entry) == 19 and entry.endswith(b" n ") for entry in entries)  # 20 bytes with the newline
    for number, entry in enumerate(entries, start=1):
        assert body[int(entry.split()[0]):].startswith(f"{number} 0 obj".encode())
    assert f"/Size {count}".encode() in body
    assert b"12.34" in body


def test_pages_for_unknown_invoices_are_404(emulator_url):
    assert requests.get(f"{emulator_url}/invoices/in_missing", timeout=5).status_code == 404
    assert requests.get(f"{emulator_url}/invoices/in_missing/pdf", timeout=5).status_code == 404
