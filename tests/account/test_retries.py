"""Retrying an action: after a refusal, with other values, or sent twice: each does what the customer meant."""
from account.helpers import post


def test_after_a_decline_the_same_form_pays_with_the_card_chosen_next(debtor, client, stripe_v1, activity):
    url = f"/account/invoices/{debtor.invoice.id}/pay"
    refused = post(client, url, nonce="one-form", htmx=True)
    assert refused.status_code == 402

    retried = post(client, url, {"payment_method": debtor.cards[1]}, nonce="one-form", htmx=True)

    assert retried.status_code == 200 and "is paid" in retried.get_data(as_text=True)
    assert "not responding" not in retried.get_data(as_text=True)
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "paid"
    assert activity(debtor.id) == ["invoice.paid"]


def test_a_retry_with_the_same_card_after_a_decline_asks_stripe_again(debtor, client, stripe_v1):
    url = f"/account/invoices/{debtor.invoice.id}/pay"
    assert post(client, url, nonce="one-form").status_code == 402
    stripe_v1.customers.update(debtor.id, params={"invoice_settings": {"default_payment_method": debtor.cards[1]}})

    retried = post(client, url, nonce="one-form")

    assert retried.status_code == 303, "a new attempt, not Stripe's replay of the first decline"
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "paid"


def test_the_same_nonce_on_a_changed_form_is_a_new_change(customer, client, stripe_v1, activity):
    first = post(client, "/account/billing/name", {"name-name": "Ada Lovelace"}, nonce="back-button")
    second = post(client, "/account/billing/name", {"name-name": "Ada King"}, nonce="back-button")

    assert first.status_code == second.status_code == 303
    assert stripe_v1.customers.retrieve(customer.id).name == "Ada King"
    assert activity(customer.id) == ["billing.name", "billing.name"]


def test_a_double_submit_of_the_same_form_changes_and_logs_once(customer, client, stripe_v1, activity):
    for _ in range(2):
        assert post(client, "/account/billing/name", {"name-name": "Ada King"}, nonce="twice").status_code == 303
    assert stripe_v1.customers.retrieve(customer.id).name == "Ada King"
    assert activity(customer.id) == ["billing.name"]
