"""In Chromium: a merchant signs in, creates a product with an image and a price, and sees it listed."""
import re

from playwright.sync_api import expect

from admin_catalog.helpers import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    image_bytes,
    stripe_client,
)


def test_create_a_product_with_an_image_and_a_price_and_see_it_in_the_list(page, live_server, admin, emulator):
    page.goto(f"{live_server}/admin/products")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Products")).to_be_visible()

    page.get_by_role("link", name="New product").click()
    page.get_by_label("Name").fill("Browser plan")
    page.get_by_label("Statement descriptor").fill("ACME <BROWSER>")
    page.get_by_label("Unit label").fill("seat")
    page.get_by_label("Image").set_input_files(
        files=[{"name": "plan.png", "mimeType": "image/png", "buffer": image_bytes("PNG", size=(120, 120))}])
    page.get_by_role("button", name="Create product").click()
    expect(page.locator("#statement_descriptor-error")).to_contain_text("remove < >")
    expect(page.get_by_label("Name")).to_have_value("Browser plan")
    expect(page.locator("#product-form")).to_contain_text("A new image is ready")

    page.get_by_label("Statement descriptor").fill("ACME BROWSER")
    page.get_by_label("Tax code").fill("txcd_10103001")
    page.get_by_role("button", name="Create product").click()
    expect(page.get_by_text("Product “Browser plan” created.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/products/prod_"))

    page.get_by_label("Amount").fill("12")
    page.get_by_label("Currency").select_option("usd")
    page.get_by_label("Billing period").select_option("month")
    page.get_by_label("Nickname").fill("Monthly")
    page.get_by_role("button", name="Add price").click()
    expect(page.locator("#price-list")).to_contain_text("$12.00 every month")
    expect(page.get_by_label("Amount")).to_have_value("")

    page.get_by_label("Amount").fill("99")
    page.get_by_label("Billing period").select_option("year")
    page.get_by_role("button", name="Add price").click()
    yearly = page.locator("#price-list li", has_text="$99.00 every year")
    yearly.get_by_role("button", name=re.compile("Archive")).click()
    expect(yearly).to_contain_text("Archived")
    expect(page.locator("#alerts")).to_contain_text("Price archived")

    page.get_by_role("navigation").get_by_role("link", name="Products").click()
    row = page.get_by_role("row", name=re.compile("Browser plan"))
    expect(row).to_contain_text("$12.00 every month")
    expect(row).to_contain_text("Active")
    expect(row).not_to_contain_text("$99.00")
    thumbnail = row.locator("img.thumbnail")
    expect(thumbnail).to_have_attribute("src", re.compile(rf"^{re.escape(live_server)}/media/[0-9a-f]{{64}}$"))
    expect(thumbnail).to_have_js_property("naturalWidth", 120)

    [product] = stripe_client(emulator).v1.products.list().data
    assert product.statement_descriptor == "ACME BROWSER"


def test_the_product_list_fits_a_320px_screen_with_prices_on_whole_lines(page, live_server, admin, stripe_v1):
    product = stripe_v1.products.create(params={"name": "Narrow plan"})
    for interval, amount in (("month", 1200), ("year", 12000)):
        stripe_v1.prices.create(params={"product": product.id, "currency": "usd", "unit_amount": amount,
                                        "recurring": {"interval": interval}, "nickname": f"Narrow {interval}ly"})
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Products").first.click()
    expect(page.get_by_role("heading", name="Products")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    prices = page.locator(".catalog-table tbody td:nth-child(3)").first
    assert prices.bounding_box()["width"] >= 180, "prices squeezed into a narrow column"
    assert page.get_by_role("link", name="Products").first.get_attribute("aria-current") == "page"


def test_a_new_error_replaces_the_earlier_success_notice(page, live_server, admin, stripe_v1):
    product = stripe_v1.products.create(params={"name": "Notice plan"})
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/admin/products/{product.id}")

    page.get_by_label("Amount").fill("12")
    page.get_by_role("button", name="Add price").click()
    expect(page.locator("#alerts")).to_have_text("Price added.")

    page.get_by_label("Amount").fill("-3")
    page.get_by_role("button", name="Add price").click()
    expect(page.locator("#price-form")).to_contain_text("The amount cannot be negative.")
    expect(page.locator("#alerts")).to_be_empty()
    expect(page.get_by_text("Price added.")).to_have_count(0)
    expect(page.get_by_label("Amount")).to_have_value("-3")
