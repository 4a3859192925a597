"""A lost answer: Stripe makes the change, and the connection resets before its answer reaches the portal.

The portal talks to Stripe through `FaultProxy`, which forwards each request to the emulator and, for the writes
it is told to lose, reads the emulator's answer and cuts the connection instead of passing it on. Each write
sent again must carry the first one's idempotency key, so that Stripe makes the change once.
"""
import pytest

from account_subscriptions.helpers import HTMX, nonce, text
from tests.reliability.fault_proxy import FaultProxy


@pytest.fixture
def proxy(emulator):
    proxy = FaultProxy(emulator)
    yield proxy
    proxy.close()


@pytest.fixture
def app_config(app_config, proxy):
    return {**app_config, "STRIPE_API_BASE": proxy.url}


def _keys_sent(proxy, sub):
    """The idempotency key of each write to the subscription that reached Stripe, in order."""
    return [key for _method, path, key in proxy.writes if path == f"/v1/subscriptions/{sub.id}"]


def _change_quantity(client, sub, form_nonce):
    return client.post(f"/account/subscriptions/{sub.id}/quantity", headers=HTMX,
                       data={"quantity": "5", "nonce": form_nonce})


def test_a_lost_answer_is_recovered_under_the_same_key(signed_in, customer, catalog, subscribe, stripe_v1, proxy,
                                                       activity):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    proxy.fail("lost")
    response = _change_quantity(signed_in, sub, nonce())
    assert proxy.applied == [("lost", "POST", f"/v1/subscriptions/{sub.id}")]
    assert response.status_code == 200 and "Your quantity is now 5." in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 5
    assert len(activity("subscription.quantity_changed")) == 1
    sent = _keys_sent(proxy, sub)
    assert len(sent) == 2 and len(set(sent)) == 1  # sent again as the same write: Stripe makes it once


def test_an_answer_lost_twice_says_the_change_may_have_been_made(signed_in, customer, catalog, subscribe, stripe_v1,
                                                                  proxy, activity):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    signed_in.get("/account/")  # the account page's reads are cached
    proxy.fail("lost", times=2)
    form_nonce = nonce()
    response = _change_quantity(signed_in, sub, form_nonce)
    assert proxy.applied == [("lost", "POST", f"/v1/subscriptions/{sub.id}")] * 2
    assert response.status_code == 503
    page = text(response)
    assert "we cannot tell yet whether your change was made" in page and "Nothing was changed" not in page
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 5
    assert "5 seats" in text(signed_in.get(f"/account/subscriptions/{sub.id}"))

    proxy.heal()
    again = _change_quantity(signed_in, sub, form_nonce)
    assert again.status_code == 200 and "Your quantity is now 5." in text(again)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 5
    assert len(activity("subscription.quantity_changed")) == 1
    sent = _keys_sent(proxy, sub)
    assert len(sent) == 3 and len(set(sent)) == 1
