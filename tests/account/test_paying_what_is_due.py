"""Paying what is due: several open invoices at once, keeping the card that paid, the card that is charged."""
from account.helpers import HX, post


def test_three_open_invoices_are_paid_at_once_with_the_card_chosen(behind, client, stripe_v1, activity):
    page = client.get("/account/").get_data(as_text=True)
    assert "Pay all 3 invoices: $45.00" in page

    response = post(client, "/account/invoices/pay-all", {"payment_method": behind.cards[0]}, htmx=True)

    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "invoice-paid"
    assert "Thank you, invoices" in body and "are paid" in body and "Pay all" not in body
    assert [stripe_v1.invoices.retrieve(i).status for i in behind.open] == ["paid"] * 3
    assert stripe_v1.subscriptions.retrieve(behind.subscription.id).status == "active"
    assert activity(behind.id) == ["invoice.paid_all"]


def test_paying_all_with_the_declining_default_changes_nothing_and_says_why(behind, client, stripe_v1, activity):
    response = post(client, "/account/invoices/pay-all", htmx=True)
    assert response.status_code == 402 and response.headers["HX-Retarget"] == "#due-invoices-alerts"
    assert "Your card was declined" in response.get_data(as_text=True)
    assert [stripe_v1.invoices.retrieve(i).status for i in behind.open] == ["open"] * 3
    assert activity(behind.id) == []


def test_pay_all_without_javascript_redirects_with_what_was_paid(behind, client, stripe_v1):
    response = post(client, "/account/invoices/pay-all", {"payment_method": behind.cards[1]})
    location = response.headers["Location"]
    assert response.status_code == 303 and location.endswith(f"/account/?offer_card={behind.cards[1]}#due-invoices")
    page = client.get(location).get_data(as_text=True)
    assert "are paid" in page and "Payment due" not in page
    assert "Pay with Mastercard ending in 4444 from now on" in page


def test_a_subscription_stays_past_due_while_an_older_invoice_is_open(behind, client, stripe_v1):
    newest = behind.open[0]
    assert post(client, f"/account/invoices/{newest}/pay", {"payment_method": behind.cards[0]}).status_code == 303
    card = client.get("/account/").get_data(as_text=True).split(f'id="subscription-{behind.subscription.id}"')[1]
    assert "Past due" in card.split("</article>")[0]
    assert "2 invoices are waiting for payment." in card


def test_after_paying_with_another_card_the_customer_can_keep_it(debtor, client, stripe_v1):
    paid = post(client, f"/account/invoices/{debtor.invoice.id}/pay", {"payment_method": debtor.cards[1]}, htmx=True)
    body = paid.get_data(as_text=True)
    assert "Pay with Visa ending in 4242 from now on" in body
    form_url = f"/account/payment-methods/{debtor.cards[1]}/default"
    assert f'action="{form_url}"' in body

    kept = post(client, form_url, htmx=True)

    assert kept.status_code == 200 and "Your default card was changed." in kept.get_data(as_text=True)
    customer = stripe_v1.customers.retrieve(debtor.id)
    assert customer.invoice_settings.default_payment_method == debtor.cards[1]


def test_make_default_moves_a_subscription_that_names_its_own_card(customer, stripe_v1, price, client):
    visa, mastercard = customer.cards
    sub = stripe_v1.subscriptions.create(params={"customer": customer.id, "items": [{"price": price.id}],
                                                 "default_payment_method": visa})
    page = client.get("/account/", headers={}).get_data(as_text=True)
    assert "Charged to Visa ending in 4242." in page

    response = client.post(f"/account/payment-methods/{mastercard}/default", data={"nonce": "n1"}, headers=HX)

    assert response.status_code == 200
    assert stripe_v1.subscriptions.retrieve(sub.id).default_payment_method == mastercard
    assert stripe_v1.customers.retrieve(customer.id).invoice_settings.default_payment_method == mastercard
    assert "Charged to Mastercard ending in 4444." in client.get("/account/").get_data(as_text=True)


def test_without_javascript_the_page_after_paying_offers_to_keep_the_card(debtor, client, stripe_v1):
    paid = post(client, f"/account/invoices/{debtor.invoice.id}/pay", {"payment_method": debtor.cards[1]})
    assert paid.status_code == 303 and f"offer_card={debtor.cards[1]}" in paid.headers["Location"]
    page = client.get(paid.headers["Location"]).get_data(as_text=True)
    assert "is paid" in page and "Pay with Visa ending in 4242 from now on" in page

    kept = post(client, f"/account/payment-methods/{debtor.cards[1]}/default")

    assert kept.status_code == 303
    assert stripe_v1.customers.retrieve(debtor.id).invoice_settings.default_payment_method == debtor.cards[1]
    assert "from now on" not in client.get(paid.headers["Location"]).get_data(as_text=True)


def test_an_offer_for_a_card_that_is_not_the_customers_shows_nothing(debtor, other, client):
    page = client.get(f"/account/?offer_card={other.cards[0]}").get_data(as_text=True)
    assert "from now on" not in page


def test_paying_one_invoice_asks_pay_all_for_its_new_count_and_total(behind, client):
    response = post(client, f"/account/invoices/{behind.open[0]}/pay", {"payment_method": behind.cards[0]}, htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "invoice-paid, due-invoices-changed"

    form = client.get("/account/invoices/pay-all", headers=HX).get_data(as_text=True)
    assert form.startswith('<div id="pay-all"') and "Pay all 2 invoices: $30.00" in form

    post(client, f"/account/invoices/{behind.open[1]}/pay", {"payment_method": behind.cards[0]}, htmx=True)
    form = client.get("/account/invoices/pay-all", headers=HX).get_data(as_text=True)
    assert 'id="pay-all"' in form and "<form" not in form


def test_pay_all_on_its_own_without_javascript_is_the_account_page(behind, client):
    response = client.get("/account/invoices/pay-all")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/#due-invoices")


def test_pay_all_from_a_page_older_than_a_payment_charges_nothing_and_shows_what_is_left(behind, client, stripe_v1,
                                                                                        activity):
    page = client.get("/account/").get_data(as_text=True)
    shown = [value for value in behind.open if f'name="invoice" value="{value}"' in page]
    assert sorted(shown) == sorted(behind.open)
    stripe_v1.invoices.pay(behind.open[0], params={"payment_method": behind.cards[0]})

    response = post(client, "/account/invoices/pay-all", {"payment_method": behind.cards[0], "invoice": shown},
                    htmx=True)

    body = response.get_data(as_text=True)
    assert response.status_code == 409 and "What is due changed since this page was shown" in body
    assert body.startswith('<section id="due-invoices"') and "Pay all 2 invoices: $30.00" in body
    assert [stripe_v1.invoices.retrieve(i).status for i in behind.open] == ["paid", "open", "open"]
    assert activity(behind.id) == []

    without_js = post(client, "/account/invoices/pay-all", {"payment_method": behind.cards[0], "invoice": shown})
    assert without_js.status_code == 409 and "What is due changed" in without_js.get_data(as_text=True)
    assert [stripe_v1.invoices.retrieve(i).status for i in behind.open] == ["paid", "open", "open"]

    paid = post(client, "/account/invoices/pay-all", {"payment_method": behind.cards[0], "invoice": behind.open[1:]},
                htmx=True)
    assert paid.status_code == 200 and "are paid" in paid.get_data(as_text=True)
    assert [stripe_v1.invoices.retrieve(i).status for i in behind.open] == ["paid"] * 3
