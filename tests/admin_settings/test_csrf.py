"""Every dashboard form of this area refuses a POST without the CSRF token, and accepts it with one."""
import re

import pytest

from admin_settings.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, features_form, html

pytestmark = pytest.mark.csrf


def token_from(page):
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page).group(1, 2)


def csrf_token(client, path):
    first, second = token_from(html(client.get(path)))
    return first or second


@pytest.fixture
def merchant(client, admin):
    token = csrf_token(client, "/admin/login")
    response = client.post("/admin/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


FORMS = [
    ("/admin/settings", "/admin/settings", features_form()),
    ("/admin/business", "/admin/business", {"headline": "Hi"}),
    ("/admin/branding", "/admin/branding", {"business_name": "Acme", "brand_color": "#123456", "accent_color": "#0a5c36"}),
    ("/admin/branding", "/admin/branding/preview", {"business_name": "Acme", "brand_color": "#123456", "accent_color": "#0a5c36"}),
    ("/admin/login-link", "/admin/login-link/activate", {}),
    ("/admin/login-link", "/admin/login-link/rotate", {}),
    ("/admin/login-link", "/admin/login-link/deactivate", {}),
]


@pytest.mark.parametrize(("page", "action", "data"), FORMS)
def test_a_post_without_the_token_is_refused(merchant, page, action, data, stripe_v1):
    response = merchant.post(action, data=data)

    assert response.status_code == 400
    assert "This form has expired. Reload the page and try again; nothing was changed." in html(response)


@pytest.mark.parametrize(("page", "action", "data"), FORMS)
def test_a_post_with_the_token_of_the_page_is_accepted(merchant, page, action, data, stripe_v1):
    response = merchant.post(action, data={**data, "csrf_token": csrf_token(merchant, page)})

    assert response.status_code in (200, 302)


def test_htmx_posts_carry_the_token_in_a_header(merchant, stripe_v1):
    token = csrf_token(merchant, "/admin/login-link")

    response = merchant.post("/admin/login-link/activate", headers={"HX-Request": "true", "X-CSRFToken": token})

    assert response.status_code == 200 and "The login link is active." in html(response)
