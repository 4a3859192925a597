"""A cold account page with N subscriptions costs at most 5 + N Stripe calls, follow-up included, and makes
one follow-up request whatever N: its subscriptions are not listed again to check they are the customer's."""
import pytest
import requests

from account_subscriptions.helpers import HTMX, follow_up, follow_up_url, text


def stripe_calls(emulator):
    return requests.get(f"{emulator}/_emulator/requests", timeout=5).json()["data"]


def forget_calls(emulator):
    requests.delete(f"{emulator}/_emulator/requests", timeout=5).raise_for_status()


@pytest.mark.parametrize("n", [1, 3])
def test_a_cold_page_costs_five_plus_n_calls_with_one_follow_up(n, emulator, signed_in, customer, catalog, subscribe):
    subscriptions = [subscribe(customer, catalog["pro_monthly"]) for _ in range(n)]
    forget_calls(emulator)

    page = signed_in.get("/account/")
    follow_ups = page.get_data(as_text=True).count('hx-trigger="load"')
    loaded = follow_up(signed_in, page)

    calls = stripe_calls(emulator)
    assert follow_ups == 1
    assert len(calls) <= 5 + n, calls
    assert sum(call["path"] == "/v1/subscriptions" for call in calls) == 1, "listed once, by the page"
    assert sum(call["path"] == "/v1/invoices/create_preview" for call in calls) == n
    for sub in subscriptions:
        assert f'id="subscription-{sub.id}-upcoming" hx-swap-oob="true"' in text(loaded)
    assert text(loaded).count("Next invoice: $15.00") == n

    forget_calls(emulator)
    warm = signed_in.get("/account/")
    assert follow_up_url(warm.get_data(as_text=True)) is None, "the next invoices now come from the cache"
    assert stripe_calls(emulator) == []


def test_the_follow_up_only_answers_for_the_ids_signed_for_this_customer(
        emulator, client, signed_in, customer, catalog, subscribe, make_customer, sign_in):
    mine = subscribe(customer, catalog["pro_monthly"])
    theirs = subscribe(make_customer("bob@example.test"), catalog["pro_monthly"])
    url = follow_up_url(signed_in.get("/account/").get_data(as_text=True))
    forget_calls(emulator)

    assert signed_in.get(url.replace(mine.id, theirs.id), headers=HTMX).status_code == 404
    assert signed_in.get(f"{url}&id={theirs.id}", headers=HTMX).status_code == 404
    assert signed_in.get(url.split("&sig=")[0], headers=HTMX).status_code == 404
    assert stripe_calls(emulator) == [], "a refused follow-up asks Stripe nothing"

    sign_in(client, make_customer("eve@example.test"))
    assert client.get(url, headers=HTMX).status_code == 404, "signed for another customer"


def test_a_card_on_its_own_loads_its_next_invoice_with_one_request(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    card = signed_in.get(f"/account/subscriptions/{sub.id}", headers=HTMX)
    assert "Next invoice: $15.00" in text(card), "the card's own page reads it at once"
    signed_in.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX, data={"reason": "other", "nonce": "n1"})
    renewed = signed_in.post(f"/account/subscriptions/{sub.id}/renew", headers=HTMX, data={"nonce": "n2"})
    url = follow_up_url(renewed.get_data(as_text=True))
    assert url and sub.id in url
    assert "Next invoice: $15.00" in text(signed_in.get(url, headers=HTMX))
