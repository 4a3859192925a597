"""The request log tests count Stripe calls with, and `customer.subscriptions` on expand, as Stripe shapes it."""
import requests

from tests.emulator.billing_helpers import customer_with_card, monthly_prices, subscribe


def test_request_log_lists_v1_calls_and_empties(stripe_client, emulator_url):
    requests.delete(f"{emulator_url}/_emulator/requests", timeout=5).raise_for_status()
    customer = stripe_client.v1.customers.create(params={"email": "log@example.test"})
    stripe_client.v1.customers.retrieve(customer.id)
    log = requests.get(f"{emulator_url}/_emulator/requests", timeout=5).json()["data"]
    assert log == [{"method": "POST", "path": "/v1/customers"},
                   {"method": "GET", "path": f"/v1/customers/{customer.id}"}]
    requests.delete(f"{emulator_url}/_emulator/requests", timeout=5).raise_for_status()
    assert requests.get(f"{emulator_url}/_emulator/requests", timeout=5).json()["data"] == []


def test_reset_empties_the_request_log(stripe_client, emulator_url):
    stripe_client.v1.customers.create(params={"email": "log@example.test"})
    requests.post(f"{emulator_url}/_emulator/reset", timeout=5).raise_for_status()
    assert requests.get(f"{emulator_url}/_emulator/requests", timeout=5).json()["data"] == []


def test_customer_subscriptions_only_when_expanded(stripe_client):
    [price] = monthly_prices(stripe_client, 1500)
    customer, _card = customer_with_card(stripe_client)
    first = subscribe(stripe_client, customer, price)
    second = subscribe(stripe_client, customer, price)
    stripe_client.v1.subscriptions.cancel(first.id)

    assert "subscriptions" not in stripe_client.v1.customers.retrieve(customer.id)
    found = stripe_client.v1.customers.list(params={"email": customer.email, "expand": ["data.subscriptions"]})
    [listed] = found.data
    embedded = listed.subscriptions
    assert embedded.object == "list" and embedded.has_more is False
    assert embedded.url == f"/v1/customers/{customer.id}/subscriptions"
    assert [sub.id for sub in embedded.data] == [second.id]
    assert embedded.data[0].status == "active"
    retrieved = stripe_client.v1.customers.retrieve(customer.id, params={"expand": ["subscriptions"]})
    assert [sub.id for sub in retrieved.subscriptions.data] == [second.id]
