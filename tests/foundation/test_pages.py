"""Error pages, htmx error handling, security headers and the health check."""
import pytest
import requests
from flask import abort

from portal_site.billing import BillingUnavailable
from portal_site.signin import login_links


def test_home_without_active_link_explains_how_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Use the billing link you received" in response.data


def test_home_links_to_the_active_login_link(app, client):
    with app.app_context():
        url = login_links.url(login_links.activate())
    assert url.encode() in client.get("/").data


def test_unknown_page_is_a_branded_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Billing portal" in response.data


def test_htmx_errors_are_retargeted_to_the_alert_region(client):
    response = client.get("/no-such-page", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#alerts"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert b'role="alert"' in response.data
    assert b"<html" not in response.data


def test_boosted_navigation_gets_the_whole_page(client):
    response = client.get("/no-such-page", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert b"<html" in response.data


@pytest.mark.csrf
def test_csrf_failure_is_a_clear_400(app, client):
    @app.post("/_probe")
    def probe():
        return "changed"

    response = client.post("/_probe", data={})
    assert response.status_code == 400
    assert b"This form has expired" in response.data


def test_stripe_outage_is_a_503_that_says_nothing_changed(app, client):
    @app.get("/_outage")
    def outage():
        raise BillingUnavailable()

    response = client.get("/_outage")
    assert response.status_code == 503
    assert b"Nothing was changed" in response.data


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_health_reports_database_stripe_and_redis(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    redis = True if app.config["REDIS_URL"] else None
    assert response.json == {"status": "ok", "database": True, "stripe": True, "redis": redis, "queue": True}


def test_health_is_503_when_stripe_is_unreachable(app_config, request):
    app_config["STRIPE_API_BASE"] = "http://127.0.0.1:9"
    response = request.getfixturevalue("client").get("/healthz")
    assert response.status_code == 503
    assert response.json["stripe"] is False


def test_real_stripe_key_for_emulator_is_refused(emulator):
    response = requests.get(f"{emulator}/v1/customers", headers={"Authorization": "Bearer rk_live_x"}, timeout=5)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "status, title",
    [(400, "Something in that request was not right"), (403, "You can't do that here"),
     (413, "That file is too large"), (429, "Too many attempts"), (500, "Something went wrong on our side"),
     (503, "Temporarily unavailable")],
)
def test_each_error_is_branded_and_reaches_htmx_in_the_alert_region(app, client, status, title):
    @app.get("/_probe")
    def probe():
        if status == 500:
            raise RuntimeError("boom")
        abort(status)

    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = client.get("/_probe")
    assert page.status_code == status
    assert title.encode() in page.data.replace(b"&#39;", b"'")
    assert b"Billing portal" in page.data

    fragment = client.get("/_probe", headers={"HX-Request": "true"})
    assert fragment.status_code == status
    assert fragment.headers["HX-Retarget"] == "#alerts"
    assert b"<html" not in fragment.data
    assert b"Traceback" not in page.data + fragment.data
