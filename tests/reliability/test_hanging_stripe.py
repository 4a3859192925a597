"""A Stripe that accepts connections and never answers: the customer gets the 503 page within the budget.

The SDK's own timeouts are per attempt (3 attempts × 15 s read = 46 s); the request's budget bounds them all.
The test's own wait (40 s) is generous: it only stops the test when the answer never comes in time.
"""
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.reliability import figures


@pytest.fixture
def silent_stripe():
    """A TCP server that accepts every connection and never sends a byte; yields its base URL."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(5)
    for connection in held:
        connection.close()
    server.close()


@pytest.fixture
def app_config(app_config, silent_stripe):
    # The production retry count: the budget, not fewer retries, is what bounds the wait.
    return {**app_config, "STRIPE_API_BASE": silent_stripe, "STRIPE_MAX_NETWORK_RETRIES": 2}


def test_a_customer_action_answers_the_503_page_while_stripe_hangs(app, client, sign_in_customer):
    sign_in_customer(client, "cus_hanging", "ada@example.test")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1) as pool:
        answer = pool.submit(client.post, "/account/subscriptions/sub_1/renew", data={"nonce": "n1"})
        response = answer.result(timeout=40)
    figures.worst("worst answer time, Stripe hanging, production settings (s)", round(time.monotonic() - started, 2))
    assert time.monotonic() - started < 20
    assert response.status_code == 503
    assert "Nothing was changed" in response.text
