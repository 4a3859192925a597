"""Invoices: history, "load more", ownership, paying an open invoice with the default or a chosen card."""
import pytest

from account.helpers import HX, post


def test_history_lists_invoices_with_links(debtor, client):
    body = client.get("/account/invoices", headers=HX).get_data(as_text=True)
    assert body.lstrip().startswith('<section id="invoices"')
    assert debtor.invoice.number in body and "$15.00" in body and "Past due" in body
    assert f'href="{debtor.invoice.invoice_pdf}"' in body
    assert 'hx-trigger="subscription-changed from:body, invoice-paid from:body"' in body
    # Stripe's page of the invoice is on the invoice's own page, one click away, not in every row.
    assert f'href="{debtor.invoice.hosted_invoice_url}"' not in body
    page = client.get(f"/account/invoices/{debtor.invoice.id}").get_data(as_text=True)
    assert f'href="/account/invoices/{debtor.invoice.id}"' in body and f'href="{debtor.invoice.hosted_invoice_url}"' in page


def test_history_is_newest_first_and_loads_more(make_customer, sign_in, subscribe, client, stripe_v1):
    made = make_customer(cards=("pm_card_visa",))
    for _ in range(12):
        subscribe(made)
    sign_in(made)
    numbers = [inv.number for inv in stripe_v1.invoices.list(params={"customer": made.id, "limit": 100}).data]
    first = client.get("/account/").get_data(as_text=True)
    assert all(number in first for number in numbers[:10]) and numbers[10] not in first
    assert first.index(numbers[0]) < first.index(numbers[9])
    more_url = f"/account/invoices?after={stripe_v1.invoices.list(params={'customer': made.id}).data[9].id}"
    assert f'href="{more_url}"' in first

    rows = client.get(more_url, headers=HX).get_data(as_text=True)
    assert rows.lstrip().startswith("<tr") or rows.strip().startswith("<tr")
    assert numbers[10] in rows and numbers[11] in rows and numbers[0] not in rows
    assert "Load more invoices" not in rows

    page = client.get(more_url)
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    assert numbers[11] in page.get_data(as_text=True)


def test_load_more_after_another_customers_invoice_is_refused(debtor, make_customer, subscribe, client, stripe_v1):
    stranger = make_customer(email="s@example.test", cards=("pm_card_visa",))
    subscribe(stranger)
    foreign = stripe_v1.invoices.list(params={"customer": stranger.id}).data[0]
    assert client.get(f"/account/invoices?after={foreign.id}", headers=HX).status_code == 404


def test_open_invoices_are_at_the_top_with_pay_now(debtor, client):
    page = client.get("/account/").get_data(as_text=True)
    assert page.index('id="due-invoices"') < page.index('id="payment-methods"')
    assert "Pay now" in page and debtor.invoice.number in page
    assert "Past due" in page


def test_a_declined_default_card_shows_the_banks_message_and_the_invoice_stays_open(debtor, client, stripe_v1, activity):
    response = post(client, f"/account/invoices/{debtor.invoice.id}/pay", htmx=True)
    assert response.status_code == 402
    assert "Your card was declined. Please use another card" in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == f"#invoice-{debtor.invoice.id}-alerts"
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "open"
    assert activity(debtor.id) == []


def test_a_decline_without_javascript_is_a_page_with_the_message(debtor, client):
    response = post(client, f"/account/invoices/{debtor.invoice.id}/pay")
    assert response.status_code == 402
    body = response.get_data(as_text=True)
    assert "Your card was declined. Please use another card" in body and f"/account/invoices/{debtor.invoice.id}" in body


def test_pay_with_a_chosen_card(debtor, client, stripe_v1, activity):
    response = post(client, f"/account/invoices/{debtor.invoice.id}/pay", {"payment_method": debtor.cards[1]}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "invoice-paid, due-invoices-changed"
    assert body.lstrip().startswith(f'<div id="invoice-{debtor.invoice.id}"')
    assert "is paid" in body and "Pay now" not in body
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "paid"
    assert activity(debtor.id) == ["invoice.paid"]


def test_double_submitted_payment_pays_once(debtor, client, stripe_v1, activity):
    for _ in range(2):
        response = post(client, f"/account/invoices/{debtor.invoice.id}/pay", {"payment_method": debtor.cards[1]},
                        nonce="same", htmx=True)
        assert response.status_code == 200
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "paid"
    assert activity(debtor.id) == ["invoice.paid"]


def test_pay_without_javascript_redirects_to_the_invoice(debtor, client):
    response = post(client, f"/account/invoices/{debtor.invoice.id}/pay", {"payment_method": debtor.cards[1]})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/account/invoices/{debtor.invoice.id}?offer_card={debtor.cards[1]}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is paid" in page and "Paid" in page


@pytest.fixture
def strangers_invoice(make_customer, subscribe, stripe_v1):
    stranger = make_customer(email="s@example.test", cards=("pm_card_chargeDeclined", "pm_card_visa"))
    subscribe(stranger)
    stranger.invoice = stripe_v1.invoices.list(params={"customer": stranger.id}).data[0]
    return stranger


def test_another_customers_invoice_cannot_be_seen_or_paid(debtor, strangers_invoice, client, stripe_v1):
    invoice_id = strangers_invoice.invoice.id
    assert client.get(f"/account/invoices/{invoice_id}").status_code == 404
    response = post(client, f"/account/invoices/{invoice_id}/pay", {"payment_method": debtor.cards[1]}, htmx=True)
    assert response.status_code == 404
    assert stripe_v1.invoices.retrieve(invoice_id).status == "open"


def test_another_customers_card_cannot_pay(debtor, strangers_invoice, client, stripe_v1):
    response = post(client, f"/account/invoices/{debtor.invoice.id}/pay",
                    {"payment_method": strangers_invoice.cards[1]}, htmx=True)
    assert response.status_code == 404
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "open"


@pytest.mark.parametrize("invoice_id", ["in_x%0Ay", "in_x%0D%0AX-Injected:%201", "in_1%20%23alerts,%20body"])
def test_a_malformed_invoice_id_is_not_found_and_never_reaches_a_header(debtor, client, invoice_id):
    for path in (f"/account/invoices/{invoice_id}", f"/account/invoices/{invoice_id}/pay"):
        response = client.open(path, method="POST" if path.endswith("/pay") else "GET", headers=HX)
        assert response.status_code == 404, path
        assert response.headers["HX-Retarget"] in {"#alerts", "#invoices-alerts"}, path
        assert "X-Injected" not in response.headers


def test_the_invoice_page_states_its_status_once_and_does_not_link_to_itself(debtor, client):
    url = f"/account/invoices/{debtor.invoice.id}"
    body = client.get(url).get_data(as_text=True)
    facts = body.split('<dl class="facts">')[1].split("</dl>")[0]
    assert "Status" in facts and "Past due" in facts and "$15.00" in facts
    assert body.count("Past due") == 1
    assert f'href="{url}"' not in body
    assert "Pay now" in body
