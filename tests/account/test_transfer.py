"""What goes over the wire: a small account page, compressed only when asked, static files at fingerprinted URLs
cached for a year, the edit forms fetched on demand, and an icon at /favicon.ico."""
import re

import flask

from account.conftest import Customer
from account.helpers import HX
from portal_site.demo.seed import seed

COMPRESSED = {"br", "gzip", "deflate", "zstd"}
TEXT = ("text/html", "text/css", "text/javascript", "application/javascript")


def static_urls(page):
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_the_demo_customer_alexs_account_page_is_at_most_15_kb_of_html_before_compression(app, stripe_v1, sign_in):
    """The demo's alex, as `make bench` measures him: a subscription with its picture and description, a card, an
    address, a year of invoices (ten shown), every billing detail editable and seventeen languages to pick from."""
    with app.app_context():
        seed(echo=lambda *_args: None)
    alex = stripe_v1.customers.list(params={"email": "alex@example.com", "limit": 1}).data[0]
    client = sign_in(Customer(alex.id, alex.email))
    client.get("/account/")
    page = client.get("/account/")
    html = page.get_data(as_text=True)
    for shown in ("Pro", "$29.00 per month", "Visa ending in 4242", "12 Market St", "Edit billing address",
                  "Load more invoices", "Français", "Sign out"):
        assert shown in html
    assert html.count(">Download PDF<") == 10
    assert len(page.data) <= 15 * 1024, f"the account page grew to {len(page.data)} bytes"


def test_pages_are_compressed_only_when_the_client_asks(customer, client):
    plain = client.get("/account/")
    assert "Content-Encoding" not in plain.headers and "<!doctype html>" in plain.get_data(as_text=True)
    assert "Accept-Encoding" in plain.headers["Vary"]
    for encoding in ("br", "gzip"):
        packed = client.get("/account/", headers={"Accept-Encoding": encoding})
        assert packed.headers["Content-Encoding"] == encoding and len(packed.data) < len(plain.data) / 3
    partial = client.get("/account/billing/address/edit", headers={**HX, "Accept-Encoding": "gzip"})
    assert partial.headers["Content-Encoding"] == "gzip"
    assert {"HX-Request", "Accept-Encoding"} <= {v.strip() for v in partial.headers["Vary"].split(",")}
    assert client.get("/account/", headers={"Accept-Encoding": "identity"}).headers.get("Content-Encoding") is None


def test_static_files_have_fingerprinted_urls_cached_for_a_year(customer, client):
    urls = static_urls(client.get("/account/").get_data(as_text=True))
    assert {url.split("?")[0] for url in urls} >= {
        "/static/css/portal.css", "/static/vendor/htmx-2.0.11.min.js", "/static/js/portal.js"}
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{16}$", url)
        with client.get(url) as answer:
            assert answer.status_code == 200
            assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/css/portal.css?v=0123456789abcdef") as stale:
        assert stale.status_code == 200 and "immutable" not in stale.headers["Cache-Control"]


def test_favicon_is_the_portals_icon_or_the_merchants(client):
    with client.get("/favicon.ico", follow_redirects=True) as answer:
        assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"


def test_a_browser_gets_everything_compressed_and_fetches_no_static_file_again(make_customer, browser_as, live_server,
                                                                              app, page):
    reached = []

    def note():
        reached.append(flask.request.path)

    app.before_request(note)
    answers = []
    page.on("response", lambda answer: answers.append(answer))
    browser_as(make_customer())
    page.wait_for_load_state("networkidle")
    assert [a.url for a in answers if a.status >= 400] == []
    texts = [a for a in answers if a.all_headers().get("content-type", "").startswith(TEXT)]
    assert {a.url.split("?")[0].removeprefix(live_server) for a in texts} >= {
        "/account/", "/static/css/portal.css", "/static/vendor/htmx-2.0.11.min.js", "/static/js/portal.js"}
    assert {a.url: a.all_headers().get("content-encoding") in COMPRESSED for a in texts} == {a.url: True for a in texts}
    assert all("immutable" in a.all_headers()["cache-control"] for a in answers if "/static/" in a.url)

    reached.clear()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server + "/account/billing/name/edit")
    page.wait_for_load_state("networkidle")
    assert len([url for url in asked if "/static/" in url]) >= 3  # the page asks, Chromium answers from its cache
    assert reached == ["/account/billing/name/edit"]  # so no static file and no revalidation reaches the server

    icon = page.request.get(live_server + "/favicon.ico")
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
