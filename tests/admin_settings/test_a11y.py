"""axe-core finds no serious or critical WCAG 2.1 AA problem on this area's dashboard pages, errors included."""
import pytest

from admin_settings.conftest import price
from portal_site import activity


@pytest.fixture
def filled(app, stripe_v1):
    price(stripe_v1, stripe_v1.products.create(params={"name": "Pro"}).id, 1500, "month")
    stripe_v1.customers.create(params={"email": "jenny@example.com", "name": "Jenny"})
    stripe_v1.coupons.create(params={"id": "STAY20", "name": "Stay with us", "percent_off": 20, "duration": "once"})
    stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": "STAY20"}, "code": "STAY"})
    with app.app_context():
        activity.record("subscription.canceled", actor_type="customer", actor="jenny@example.com",
                        customer_id="cus_1", reason="too_expensive", feedback="too_expensive", comment="")


PAGES = [
    "/admin/", "/admin/settings", "/admin/business", "/admin/branding", "/admin/login-link", "/admin/no-such-page",
    "/admin/lookup?email=jenny@example.com", "/admin/lookup?email=nope", "/admin/activity",
    "/admin/activity?date_from=tomorrow", "/admin/coupons",
]


def test_dashboard_pages(browser_admin, live_server, filled, check_axe):
    for path in PAGES:
        browser_admin.goto(f"{live_server}{path}")
        check_axe(browser_admin)


def test_forms_showing_errors_and_the_contrast_warning(browser_admin, live_server, filled, check_axe):
    page = browser_admin
    page.goto(f"{live_server}/admin/settings")
    page.get_by_label("Minimum quantity").fill("zero")
    page.get_by_role("button", name="Save settings").click()
    page.locator(".field__error").first.wait_for()
    check_axe(page)

    page.goto(f"{live_server}/admin/branding")
    page.get_by_label("Accent colour").fill("#ffd700")
    page.get_by_role("button", name="Save branding").click()
    page.locator("#contrast-warning").wait_for()
    check_axe(page, "#branding-form")  # the preview shows the unreadable colour on purpose

    page.goto(f"{live_server}/admin/coupons")
    page.get_by_label("Percent off").fill("150")
    page.get_by_role("button", name="Create coupon").click()
    page.locator("#coupon-form .field__error").first.wait_for()
    check_axe(page)

    page.goto(f"{live_server}/admin/login-link")
    page.get_by_role("button", name="Turn on the login link").click()
    page.get_by_label("Your login link").wait_for()
    check_axe(page)
