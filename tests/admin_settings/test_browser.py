"""In Chromium: the branding preview follows the typing and the login page follows the save; the login link opens."""
import re

from playwright.sync_api import expect

from admin_settings.conftest import image_bytes
from portal_site.signin import login_links


def test_brand_colour_changes_the_preview_then_the_login_page(browser_admin, live_server, app):
    with app.app_context():
        token = login_links.activate().token
    page = browser_admin
    page.goto(f"{live_server}/admin/branding")
    preview_header = page.locator(".brand-preview .site-header")
    expect(preview_header).to_have_css("background-color", "rgb(11, 92, 173)")

    page.get_by_label("Brand colour").fill("#7a1f5c")
    page.get_by_label("Business name").fill("Acme Cloud")

    expect(preview_header).to_have_css("background-color", "rgb(122, 31, 92)")
    expect(preview_header).to_contain_text("Acme Cloud")
    expect(page.locator(".site-header").first).to_have_css("background-color", "rgb(11, 92, 173)")

    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_text("Branding saved. Customers see it on their next page.")).to_be_visible()

    page.goto(f"{live_server}/p/login/{token}")
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(122, 31, 92)")
    expect(page.locator(".site-header")).to_contain_text("Acme Cloud")


def test_an_unreadable_colour_is_saved_only_after_save_anyway(browser_admin, live_server):
    page = browser_admin
    page.goto(f"{live_server}/admin/branding")
    page.get_by_label("Accent colour").fill("#ffd700")
    expect(page.locator("#preview-contrast")).to_contain_text("The accent colour used as text on white has a contrast of 1.4:1")

    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_role("alert")).to_contain_text("Some text would be hard to read with these colors.")
    page.get_by_role("button", name="Save anyway").click()

    expect(page.get_by_text("Branding saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Accent colour")).to_have_value("#ffd700")


def test_turn_on_the_login_link_copy_it_and_open_it(browser_admin, live_server):
    page = browser_admin
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(f"{live_server}/admin/login-link")

    page.get_by_role("button", name="Turn on the login link").click()

    link = page.get_by_label("Your login link")
    expect(link).to_have_value(re.compile(rf"^{re.escape(live_server)}/p/login/[\w-]+$"))
    page.get_by_role("button", name="Copy link", exact=True).click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == link.input_value()

    page.goto(link.input_value())
    expect(page.get_by_role("heading", name="Sign in to manage your billing")).to_be_visible()


def test_settings_save_in_place_and_activity_filters_update_the_address(browser_admin, live_server, stripe_v1):
    page = browser_admin
    page.goto(f"{live_server}/admin/settings")
    page.get_by_label("Customers can pause payment collection").check()
    page.get_by_label("Maximum quantity").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_label("Maximum quantity")).to_be_focused()
    expect(page.locator("#quantity_maximum-error")).to_have_text("The maximum must be between 1 and 9999.")

    page.get_by_label("Maximum quantity").fill("12")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Portal settings saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Customers can pause payment collection")).to_be_checked()

    page.goto(f"{live_server}/admin/activity")
    page.get_by_label("Action").select_option("settings.saved")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/admin/activity\?.*action=settings\.saved"))
    expect(page.locator(".activity-table tbody tr")).to_have_count(1)
    expect(page.locator(".activity-table")).to_contain_text("subscription pause enabled")


def test_upload_a_logo_and_see_it_in_the_preview(browser_admin, live_server, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(image_bytes("PNG", (160, 40)))
    page = browser_admin
    page.goto(f"{live_server}/admin/branding")

    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_role("button", name="Save branding").click()

    expect(page.get_by_text("Branding saved.")).to_be_visible()
    preview_logo = page.locator(".brand-preview img.brand__logo")
    expect(preview_logo).to_have_attribute("src", re.compile(r"^/media/[0-9a-f]{64}$"))
    expect(preview_logo).to_have_js_property("naturalWidth", 160)
