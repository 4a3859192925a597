"""In Chromium: a merchant creates an API key (shown once) and a portal configuration in the dashboard, and the
official SDK then uses both against the portal."""
from playwright.sync_api import expect


def test_create_a_key_then_a_configuration_the_sdk_reads_back(browser_admin, live_server, stripe_v1, portal_sdk,
                                                              check_axe):
    product = stripe_v1.products.create(params={"name": "Team"})
    monthly = stripe_v1.prices.create(params={"product": product.id, "unit_amount": 2000, "currency": "usd",
                                              "recurring": {"interval": "month"}})
    page = browser_admin
    page.get_by_role("link", name="API keys").click()
    page.get_by_label("Name").fill("Production server")
    page.get_by_role("button", name="Create key").click()
    expect(page.get_by_text("Copy it now: it is not shown again.")).to_be_visible()
    secret = page.get_by_label("The new API key").input_value()
    assert secret.startswith("bpk_")
    expect(page.locator("#api-key-list")).to_contain_text("Production server")
    check_axe(page)

    page.get_by_role("link", name="Configurations").click()
    expect(page.locator("#configuration-list")).to_contain_text("bpc_default")
    page.get_by_role("link", name="New configuration").click()
    page.get_by_label("Configuration name").fill("Enterprise")
    page.get_by_label("Headline").fill("Your Team plan")
    page.get_by_label("Show invoice history").uncheck()
    page.get_by_label("Immediately").check()
    page.locator(f'#product-{product.id} input[value="{monthly.id}"]').check()
    page.locator(f"#product-{product.id}").get_by_label("Adjustable quantity").check()
    page.locator(f"#product-{product.id}").get_by_label("Maximum quantity").fill("120")
    page.get_by_label("the new plan bills more often (yearly to monthly)").check()
    check_axe(page)
    page.get_by_role("button", name="Create configuration").click()

    # Refused as the API refuses it, beside the field, with everything typed still there.
    expect(page.get_by_role("alert").first).to_contain_text("The maximum quantity must be between 1 and 99.")
    expect(page.get_by_label("Configuration name")).to_have_value("Enterprise")
    expect(page.get_by_label("Show invoice history")).not_to_be_checked()
    page.locator(f"#product-{product.id}").get_by_label("Maximum quantity").fill("12")
    page.get_by_role("button", name="Create configuration").click()
    expect(page.get_by_text("Configuration Enterprise created")).to_be_visible()

    sdk = portal_sdk(secret)
    [created] = sdk.billing_portal.configurations.list(params={"is_default": False}).data
    assert created.name == "Enterprise" and created.business_profile.headline == "Your Team plan"
    assert created.features.invoice_history.enabled is False
    assert created.features.subscription_cancel.mode == "immediately"
    assert created.features.subscription_update.products[0].to_dict() == {
        "product": product.id, "prices": [monthly.id],
        "adjustable_quantity": {"enabled": True, "minimum": 0, "maximum": 12}}
    assert created.features.subscription_update.schedule_at_period_end.conditions[0].type == "shortening_interval"

    page.get_by_role("button", name=f"Make {created.id} the default").click()
    expect(page.get_by_text(f"{created.id} is now the default configuration")).to_be_visible()
    assert sdk.billing_portal.configurations.retrieve(created.id).is_default
