"""Who may open what: every /account/ route needs a signed-in customer, every /admin/ route (but sign-in)
a signed-in merchant, and neither session opens the other's pages."""
import re

import pytest

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _routes(app, prefix, public=()):
    """(method, path) of every rule of the blueprint, with a plausible value in each URL part."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(prefix) or rule.endpoint in public:
            continue
        values = {}
        for name in rule.arguments:
            converter = rule._converters[name]
            values[name] = next(iter(converter.items)) if hasattr(converter, "items") else "sub_1"
        for method in METHODS:
            if method in rule.methods:
                yield method, adapter.build(rule.endpoint, values, method=method)


@pytest.fixture
def customer(app, sign_in_customer, stripe_v1):
    made = stripe_v1.customers.create(params={"email": "walk@example.test"})
    client = app.test_client()
    sign_in_customer(client, made.id, "walk@example.test")
    assert client.get("/account/").status_code == 200
    return client


def _refuses_customers_pages(client, app):
    routes = list(_routes(app, "account."))
    assert ("GET", "/account/") in routes and ("POST", "/account/invoices/sub_1/pay") in routes
    for method, path in routes:
        response = client.open(path, method=method)
        assert response.status_code in (302, 303), (method, path, response.status_code)
        assert response.headers["Location"] == "/p/signed-out", (method, path)
        htmx = client.open(path, method=method, headers={"HX-Request": "true"})
        assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/p/signed-out", (method, path)


def _refuses_merchants_pages(client, app):
    routes = list(_routes(app, "admin.", public={"admin.login"}))
    assert ("GET", "/admin/") in routes and ("POST", "/admin/logout") in routes
    for method, path in routes:
        response = client.open(path, method=method)
        assert response.status_code == 302, (method, path, response.status_code)
        assert re.match(r"/admin/login(\?|$)", response.headers["Location"]), (method, path)
        htmx = client.open(path, method=method, headers={"HX-Request": "true"})
        assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/admin/login"), (method, path)


def test_every_account_route_needs_a_signed_in_customer(app, client):
    _refuses_customers_pages(client, app)


def test_a_merchant_session_opens_no_customer_page(app, merchant):
    _refuses_customers_pages(merchant, app)


def test_every_admin_route_but_sign_in_needs_a_signed_in_merchant(app, client):
    _refuses_merchants_pages(client, app)


def test_a_customer_session_opens_no_dashboard_page(app, customer):
    _refuses_merchants_pages(customer, app)


def test_signed_in_pages_are_never_stored_by_the_browser(customer, merchant):
    for client, path in ((customer, "/account/"), (merchant, "/admin/")):
        assert client.get(path).headers["Cache-Control"] == "no-store", path
    assert "no-store" not in customer.get("/").headers.get("Cache-Control", "")
