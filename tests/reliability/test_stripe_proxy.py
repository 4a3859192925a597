"""Stripe behind an outbound proxy: the environment's proxy settings for Stripe's address are honoured
(read once when the app starts, not on every call)."""
import http.server
import threading

import pytest
import requests

from portal_site.billing import client

PROXY_VARIABLES = ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY",
                   "all_proxy")


class Forwarding(http.server.BaseHTTPRequestHandler):
    """A forward proxy for plain HTTP: the request line carries the whole URL, which it fetches and relays."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.seen.append(self.path)
        with requests.Session() as direct:
            direct.trust_env = False  # not through itself
            answer = direct.get(self.path, headers={"Authorization": self.headers["Authorization"]}, timeout=10)
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(monkeypatch):
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    Forwarding.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forwarding)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", Forwarding.seen
    server.shutdown()
    server.server_close()


def test_stripe_calls_go_through_the_proxy_the_environment_names(proxy, app_config, make_app, monkeypatch):
    url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", url)
    app = make_app(app_config)
    with app.app_context():
        listed = client.read("/v1/customers", {"limit": 1})
    assert listed["object"] == "list"
    assert [path.split("?")[0] for path in seen] == [f"{app_config['STRIPE_API_BASE']}/v1/customers"]


def test_no_proxy_for_stripes_address_means_a_direct_call(proxy, app_config, make_app, monkeypatch):
    url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    app = make_app(app_config)
    with app.app_context():
        assert client.read("/v1/customers", {"limit": 1})["object"] == "list"
    assert seen == []
