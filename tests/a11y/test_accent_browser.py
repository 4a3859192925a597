"""In Chromium: the merchant's accent colour marks customers' success notices and highlights, readably."""
import os

from portal_site import settings
from portal_site.web.colors import marker_on_light

SHOTS = os.environ.get("PORTAL_SCREENSHOTS")


def rgb(hex_colour):
    return "rgb({}, {}, {})".format(*(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)))


def test_the_accent_colour_marks_the_success_notice_and_the_default_card(app, browser_sign_in, subscriber, stripe_v1):
    email = subscriber()
    [customer] = stripe_v1.customers.list(params={"email": email}).data
    stripe_v1.payment_methods.attach("pm_card_mastercard", params={"customer": customer.id})
    with app.test_request_context():
        settings.save({"branding": {"accent_color": "#7b2cbf"}})
    page = browser_sign_in(email)

    page.get_by_role("button", name="Make default").first.click()
    notice = page.locator("#payment-methods .alert--success")
    notice.wait_for()

    assert notice.evaluate("e => getComputedStyle(e).borderLeftColor") == rgb("#7b2cbf")
    assert notice.evaluate("e => getComputedStyle(e).color") == rgb("#146c2e"), "the notice's text stays AA"
    badge = page.locator("#payment-methods .badge--success")
    assert rgb("#7b2cbf") in badge.evaluate("e => getComputedStyle(e).boxShadow")
    if SHOTS:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=os.path.join(SHOTS, "accent-1280.png"), full_page=True)
        page.set_viewport_size({"width": 375, "height": 900})
        page.screenshot(path=os.path.join(SHOTS, "accent-375.png"), full_page=True)


def test_a_too_light_accent_is_darkened_on_customer_pages(app, client):
    with app.test_request_context():
        settings.save({"branding": {"accent_color": "#ffd700"}})
    page = client.get("/").get_data(as_text=True)
    assert f"--accent: {marker_on_light('#ffd700')};" in page and "--accent: #ffd700;" not in page
