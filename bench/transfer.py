"""Bytes on the wire for the demo's customer alex: the account page's HTML, and what a first and a repeat
visit transfer (compressed bodies plus response headers), measured through the app's own answers."""
import re

import stripe

from bench.harness import Emulator, build_app, signed_in
from bench.report import Row

ACCEPT = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends


def _wire_bytes(response):
    headers = sum(len(f"{name}: {value}\r\n") for name, value in response.headers.items())
    return len(response.data) + headers + len("HTTP/1.1 200 OK\r\n\r\n")


def measure():
    with Emulator() as emulator:
        app, _recorder = build_app(emulator.url, STRIPE_WEBHOOK_SECRET="whsec_bench")
        from portal_site.demo.seed import seed

        with app.app_context():
            seed(echo=lambda *_args: None)
        v1 = stripe.StripeClient("sk_test_bench", base_addresses={"api": emulator.url}).v1
        alex = v1.customers.list(params={"email": "alex@example.com", "limit": 1}).data[0]
        client = signed_in(app, alex)
        client.get("/account/")
        html = client.get("/account/").data
        page = client.get("/account/", headers=ACCEPT)
        first = _wire_bytes(page)
        not_immutable = 0
        for url in re.findall(rb'(?:href|src)="(/static/[^"]+)"', html):
            with client.get(url.decode(), headers=ACCEPT) as answer:
                first += _wire_bytes(answer)
                not_immutable += "immutable" not in answer.headers.get("Cache-Control", "")
    encoding = page.headers.get("Content-Encoding")
    return [
        Row("account page HTML, KB (demo customer alex)", round(len(html) / 1024, 1), "<= 15", len(html) <= 15 * 1024),
        Row(f"account page sent {encoding or 'uncompressed'}, KB", round(len(page.data) / 1024, 1), "compressed",
            bool(encoding)),
        Row("first visit transferred, KB (page, CSS, JS, with headers)", round(first / 1024, 1), "<= 30",
            first <= 30 * 1024),
        Row("static files a repeat visit fetches or revalidates", not_immutable, "0", not_immutable == 0),
    ]
