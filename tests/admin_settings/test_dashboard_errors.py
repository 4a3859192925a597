"""Errors under /admin/ are dashboard pages: its layout and menu, in English, without the customer language switcher."""
from admin_settings.conftest import html


def test_an_unknown_dashboard_page_is_a_dashboard_404(signed_in):
    response = signed_in.get("/admin/no-such-page", headers={"Accept-Language": "fr"})

    assert response.status_code == 404
    page = html(response)
    assert "Page not found" in page and "Error 404" in page
    assert "· Dashboard</span>" in page
    assert '<a href="/admin/products">Products</a>' in page
    assert 'href="/admin/">Back to the dashboard</a>' in page
    assert "language-switcher" not in page and "?locale=" not in page


def test_a_dashboard_404_before_sign_in_offers_the_sign_in_page(client, admin):
    response = client.get("/admin/products/prod_missing/prices/price_x/archive")

    page = html(response)
    assert response.status_code in (404, 405)
    assert "language-switcher" not in page
    assert 'href="/admin/login"' in page


def test_the_dashboard_sign_in_page_has_no_language_switcher(client):
    assert "language-switcher" not in html(client.get("/admin/login"))


def test_customer_404s_keep_the_customer_layout_and_switcher(client):
    page = html(client.get("/account/no-such-page"))

    assert "language-switcher" in page and "· Dashboard" not in page
