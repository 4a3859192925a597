"""The preview of a plan or quantity change reads like a receipt: every line of the invoice preview written by the
portal (product, quantity, period in the customer's language), then what happens, under each proration behaviour;
and what it shows is what Stripe then bills."""
import re
from datetime import UTC, datetime

import pytest
from babel.dates import format_date, format_interval

from account_subscriptions.helpers import nonce, text

LINE = re.compile(r'<tr class="preview-line preview-line--(\w+)"><td>(.*?)</td><td class="amount">(.*?)</td></tr>')
CHANGES = {
    # name: (starting price, starting quantity, what the form sends)
    "upgrade": ("basic_monthly", 1, {"price": "pro_monthly"}),
    "downgrade": ("pro_monthly", 1, {"price": "basic_monthly"}),
    "quantity": ("pro_monthly", 2, {"quantity": "5"}),
}
NAMES = {"pro_monthly": "Pro", "basic_monthly": "Basic"}


def usd(cents):
    return f"{'-' if cents < 0 else ''}${abs(cents) / 100:,.2f}"


def day(timestamp, locale="en"):
    return format_date(datetime.fromtimestamp(timestamp, UTC), "medium", locale=locale)


def label(kind, product, quantity, period, locale="en"):
    days = format_interval(*(datetime.fromtimestamp(t, UTC) for t in (period.start, period.end)), "yMMMd",
                           locale=locale, tzinfo=UTC)
    what = product if quantity == 1 else f"{product} × {quantity}"
    return {"unused": f"Unused time on {what} ({days})", "remaining": f"Remaining time on {what} ({days})"}[kind]


def expected_lines(invoice, names):
    """The proration lines of a Stripe invoice as the preview must show them."""
    return [("unused" if line.amount < 0 else "remaining",
             label("unused" if line.amount < 0 else "remaining", names[line.pricing.price_details.product],
                   line.quantity, line.period), usd(line.amount))
            for line in invoice.lines.data if line.parent.subscription_item_details.proration]


def preview(client, sub, change, catalog):
    path = "plan" if "price" in change else "quantity"
    query = {"price": catalog[change["price"]].id} if "price" in change else change
    response = client.get(f"/account/subscriptions/{sub.id}/{path}", query_string=query)
    assert response.status_code == 200, text(response)
    page = text(response)
    form = {**query, "proration_date": re.search(r'name="proration_date" value="(\d+)"', page).group(1),
            "nonce": nonce()}
    return page, lambda: client.post(f"/account/subscriptions/{sub.id}/{path}", data=form)


@pytest.fixture
def start(customer, catalog, subscribe, configure, signed_in):
    def begin(name, behavior):
        configure(subscription_update={"proration_behavior": behavior})
        price, quantity, change = CHANGES[name]
        sub = subscribe(customer, catalog[price], quantity=quantity)
        page, confirm = preview(signed_in, sub, change, catalog)
        return sub, page, confirm

    return begin


@pytest.fixture
def names(catalog):
    return {catalog[key].product: name for key, name in NAMES.items()}


@pytest.mark.parametrize("name", CHANGES)
def test_always_invoice_shows_each_line_and_charges_what_stripe_invoices(start, name, names, stripe_v1, customer):
    sub, page, confirm = start(name, "always_invoice")
    shown = LINE.findall(page)
    charged = re.search(r"Charged now: (-?\$[\d,.]+)", page).group(1)

    assert confirm().status_code == 302

    invoice = stripe_v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]}).latest_invoice
    assert invoice.billing_reason == "subscription_update"
    assert shown == expected_lines(invoice, names) and [kind for kind, _l, _a in shown] == ["unused", "remaining"]
    assert charged == usd(invoice.amount_due)
    balance = stripe_v1.customers.retrieve(customer.id).balance
    if name == "downgrade":
        assert invoice.total < 0 and charged == "$0.00" and balance == invoice.total
        assert f"The remaining credit of {usd(-invoice.total)} is kept for your future invoices." in page
    else:
        assert invoice.total > 0 and balance == 0 and "kept for your future invoices" not in page


@pytest.mark.parametrize("name", CHANGES)
def test_create_prorations_shows_each_line_and_what_the_next_invoice_adds(start, name, names, stripe_v1, customer):
    sub, page, confirm = start(name, "create_prorations")
    shown = LINE.findall(page)

    assert confirm().status_code == 302

    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert shown == expected_lines(upcoming, names) and [kind for kind, _l, _a in shown] == ["unused", "remaining"]
    adjustment = sum(line.amount for line in upcoming.lines.data if line.parent.subscription_item_details.proration)
    when = day(upcoming.next_payment_attempt)
    if adjustment >= 0:
        assert f"Added to your next invoice on {when}: {usd(adjustment)}" in page
    else:
        assert f"Credited to your next invoice on {when}: {usd(-adjustment)}" in page
    assert f"Next invoice: {usd(upcoming.amount_due)} on {when}" in page
    assert "Charged now" not in page
    assert [i.billing_reason for i in stripe_v1.invoices.list(params={"customer": customer.id})] == [
        "subscription_create"]
    if name == "downgrade":
        assert upcoming.total < 0 and upcoming.amount_due == 0
        assert f"The remaining credit of {usd(-upcoming.total)} is kept for your future invoices." in page
    else:
        assert "kept for your future invoices" not in page


@pytest.mark.parametrize("name, recurring", [("upgrade", 1500), ("downgrade", 500), ("quantity", 7500)])
def test_none_charges_nothing_now_and_says_what_the_renewal_costs(start, name, recurring, stripe_v1, customer):
    sub, page, confirm = start(name, "none")

    assert LINE.findall(page) == [] and "Charged now" not in page and "Added to your next invoice" not in page

    assert confirm().status_code == 302

    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert upcoming.amount_due == recurring
    assert f"No charge now; from {day(upcoming.next_payment_attempt)} you pay {usd(recurring)} per month." in page
    assert len(stripe_v1.invoices.list(params={"customer": customer.id}).data) == 1


def test_a_new_billing_interval_shows_the_new_period_it_charges_now(signed_in, customer, catalog, subscribe,
                                                                     stripe_v1, names):
    sub = subscribe(customer, catalog["pro_monthly"])
    page, confirm = preview(signed_in, sub, {"price": "pro_yearly"}, catalog)
    shown = LINE.findall(page)

    assert confirm().status_code == 302

    invoice = stripe_v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]}).latest_invoice
    [period] = [line for line in invoice.lines.data if not line.parent.subscription_item_details.proration]
    days = format_interval(datetime.fromtimestamp(period.period.start, UTC),
                           datetime.fromtimestamp(period.period.end, UTC), "yMMMd", locale="en", tzinfo=UTC)
    assert ("period", f"Pro, new billing period ({days})", "$150.00") in shown
    assert [line for line in shown if line[0] != "period"] == expected_lines(invoice, names)
    assert f"Charged now: {usd(invoice.amount_due)}" in page


def test_the_preview_speaks_french(start, stripe_v1, customer, signed_in, catalog):
    sub = stripe_v1.subscriptions.create(params={
        "customer": customer.id, "items": [{"price": catalog["pro_monthly"].id, "quantity": 2}]})
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/quantity",
                              query_string={"quantity": "5", "locale": "fr"}))

    upcoming = stripe_v1.invoices.create_preview(params={
        "customer": customer.id, "subscription": sub.id,
        "subscription_details": {"items": [{"id": sub["items"].data[0].id, "quantity": 5}]}})
    [credit, charge] = [line for line in upcoming.lines.data if line.parent.subscription_item_details.proration]
    days = format_interval(datetime.fromtimestamp(credit.period.start, UTC),
                           datetime.fromtimestamp(credit.period.end, UTC), "yMMMd", locale="fr", tzinfo=UTC)
    assert f"Temps non utilisé sur Pro × 2 ({days})" in page
    assert f"Temps restant sur Pro × 5 ({days})" in page
    assert "Ajouté à votre prochaine facture du " in page and "$US" in page
    assert "Unused time" not in page and "Remaining time" not in page


def test_adjustments_already_waiting_for_the_next_invoice_are_listed_with_their_product(
        signed_in, customer, catalog, subscribe, stripe_v1, names):
    sub = subscribe(customer, catalog["basic_monthly"])
    stripe_v1.subscriptions.update(sub.id, params={
        "items": [{"id": sub["items"].data[0].id, "price": catalog["pro_monthly"].id}],
        "proration_behavior": "create_prorations"})
    page, confirm = preview(signed_in, sub, {"quantity": "3"}, catalog)
    shown = LINE.findall(page)

    assert confirm().status_code == 302

    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert shown == expected_lines(upcoming, names) and len(shown) == 4
    assert shown[0][1].startswith("Unused time on Basic (") and shown[-1][1].startswith("Remaining time on Pro × 3 (")
    assert f"Next invoice: {usd(upcoming.amount_due)}" in page


def test_a_trial_is_not_charged_now_even_with_always_invoice(signed_in, customer, catalog, subscribe, configure,
                                                              stripe_v1):
    configure(subscription_update={"proration_behavior": "always_invoice"})
    sub = subscribe(customer, catalog["basic_monthly"], trial_period_days=14)
    page, confirm = preview(signed_in, sub, {"price": "pro_monthly"}, catalog)

    assert "Charged now" not in page and LINE.findall(page) == []
    assert "No charge or credit for the current billing period." in page
    assert confirm().status_code == 302
    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert f"Next invoice: {usd(upcoming.amount_due)} on {day(upcoming.next_payment_attempt)}" in page
    assert upcoming.amount_due == 1500
    assert [i.billing_reason for i in stripe_v1.invoices.list(params={"customer": customer.id})] == [
        "subscription_create"]
