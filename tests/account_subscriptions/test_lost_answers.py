"""A lost answer: Stripe makes the change, and the connection resets before its answer reaches the portal.

The portal talks to Stripe through a proxy that forwards each request to the emulator and, for the writes it is
told to lose, reads the emulator's answer and closes the connection instead of passing it on.
"""
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from account_subscriptions.helpers import HTMX, nonce, text


class LosingProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.upstream = upstream
        self.lose = 0  # how many of the next subscription writes lose their answer
        self.lost = 0


class ProxyHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _forward(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        upstream = requests.request(self.command, self.server.upstream + self.path, headers=headers, data=body,
                                    timeout=10)
        if self.command == "POST" and self.path.startswith("/v1/subscriptions/") and self.server.lose:
            self.server.lose -= 1
            self.server.lost += 1
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.send_response(upstream.status_code)
        for name, value in upstream.headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)

    do_GET = do_POST = do_DELETE = _forward


@pytest.fixture
def proxy(emulator):
    server = LosingProxy(emulator)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def app_config(app_config, proxy):
    return {**app_config, "STRIPE_API_BASE": f"http://127.0.0.1:{proxy.server_port}"}


def _change_quantity(client, sub):
    return client.post(f"/account/subscriptions/{sub.id}/quantity", headers=HTMX,
                       data={"quantity": "5", "nonce": nonce()})


def test_a_lost_answer_is_recovered_under_the_same_key(signed_in, customer, catalog, subscribe, stripe_v1, proxy,
                                                       activity):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    proxy.lose = 1
    response = _change_quantity(signed_in, sub)
    assert proxy.lost == 1
    assert response.status_code == 200 and "Your quantity is now 5." in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 5
    assert len(activity("subscription.quantity_changed")) == 1


def test_an_answer_lost_twice_says_the_change_may_have_been_made(signed_in, customer, catalog, subscribe, stripe_v1,
                                                                  proxy, activity):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    signed_in.get("/account/")  # the account page's reads are cached
    proxy.lose = 2
    response = _change_quantity(signed_in, sub)
    assert proxy.lost == 2
    assert response.status_code == 503
    page = text(response)
    assert "we cannot tell yet whether your change was made" in page and "Nothing was changed" not in page
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 5
    assert "5 seats" in text(signed_in.get(f"/account/subscriptions/{sub.id}"))
