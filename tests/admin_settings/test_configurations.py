"""The dashboard's Configurations page: create, edit, deactivate and make default Stripe's portal configurations;
what the dashboard creates reads back unchanged through the official SDK, and the dashboard and the server API
refuse the same input with the same message."""
import re

import pytest
import stripe
from werkzeug.datastructures import MultiDict

from portal_site.merchants import api_keys
from tests.admin_settings.conftest import html, price

P = "features[subscription_update]"


@pytest.fixture
def catalog(stripe_v1):
    product = stripe_v1.products.create(params={"name": "Team"})
    monthly = price(stripe_v1, product.id, 2000, "month")
    yearly = price(stripe_v1, product.id, 20000, "year")
    return product, monthly, yearly


@pytest.fixture
def sdk(app, portal_sdk):
    with app.app_context():
        return portal_sdk(api_keys.create("server")[1])


def form(catalog, **changes):
    """What a browser sends from the new-configuration form: hidden "false" before each checkbox's "true"."""
    product, monthly, yearly = catalog
    fields = [
        ("name", "Enterprise"),
        ("business_profile[headline]", "Manage your Team plan"),
        ("business_profile[privacy_policy_url]", "https://example.com/privacy"),
        ("business_profile[terms_of_service_url]", ""),
        ("default_return_url", "https://example.com/account"),
        ("features[customer_update][enabled]", "false"), ("features[customer_update][enabled]", "true"),
        ("features[customer_update][allowed_updates][]", "email"),
        ("features[customer_update][allowed_updates][]", "tax_id"),
        ("features[invoice_history][enabled]", "false"),
        ("features[payment_method_update][enabled]", "false"), ("features[payment_method_update][enabled]", "true"),
        ("features[payment_method_update][payment_method_configuration]", ""),
        ("features[subscription_cancel][enabled]", "false"), ("features[subscription_cancel][enabled]", "true"),
        ("features[subscription_cancel][mode]", "immediately"),
        ("features[subscription_cancel][proration_behavior]", "create_prorations"),
        ("features[subscription_cancel][cancellation_reason][enabled]", "false"),
        ("features[subscription_cancel][cancellation_reason][enabled]", "true"),
        ("features[subscription_cancel][cancellation_reason][options][]", "too_expensive"),
        ("features[subscription_cancel][cancellation_reason][options][]", "other"),
        ("features[subscription_pause][enabled]", "false"),
        (f"{P}[enabled]", "false"), (f"{P}[enabled]", "true"),
        (f"{P}[default_allowed_updates][]", "price"),
        (f"{P}[default_allowed_updates][]", "quantity"),
        (f"{P}[products][0][product]", product.id),
        (f"{P}[products][0][prices][]", monthly.id),
        (f"{P}[products][0][prices][]", yearly.id),
        (f"{P}[products][0][adjustable_quantity][enabled]", "false"),
        (f"{P}[products][0][adjustable_quantity][enabled]", "true"),
        (f"{P}[products][0][adjustable_quantity][minimum]", "2"),
        (f"{P}[products][0][adjustable_quantity][maximum]", "20"),
        (f"{P}[proration_behavior]", "always_invoice"),
        (f"{P}[billing_cycle_anchor]", "now"),
        (f"{P}[schedule_at_period_end][conditions][][type]", "shortening_interval"),
        (f"{P}[trial_update_behavior]", "continue_trial"),
    ]
    replaced = dict(changes)
    kept = [(key, value) for key, value in fields if key not in replaced]
    return MultiDict(kept + [(key, value) for key, value in replaced.items() if value is not None])




def test_a_configuration_created_in_the_dashboard_reads_back_unchanged_through_the_sdk(signed_in, catalog, sdk):
    product, monthly, yearly = catalog
    page = signed_in.get("/admin/configurations/new")
    assert page.status_code == 200 and product.id in html(page) and monthly.id in html(page)

    response = signed_in.post("/admin/configurations", data=form(catalog))
    assert response.status_code == 303, html(response)
    listing = html(signed_in.get("/admin/configurations"))
    config_id = re.search(r'id="configuration-(bpc_[0-9a-f]{24})"', listing).group(1)
    assert "Enterprise" in listing

    config = sdk.billing_portal.configurations.retrieve(config_id)
    assert config.to_dict() == {
        "id": config_id, "object": "billing_portal.configuration", "active": True, "application": None,
        "business_profile": {"headline": "Manage your Team plan", "privacy_policy_url": "https://example.com/privacy",
                             "terms_of_service_url": None},
        "created": config.created, "updated": config.updated, "default_return_url": "https://example.com/account",
        "is_default": False, "livemode": False, "login_page": {"enabled": False, "url": None}, "metadata": {},
        "name": "Enterprise",
        "features": {
            "customer_update": {"allowed_updates": ["email", "tax_id"], "enabled": True},
            "invoice_history": {"enabled": False},
            "payment_method_update": {"enabled": True, "payment_method_configuration": None},
            "subscription_cancel": {"cancellation_reason": {"enabled": True, "options": ["too_expensive", "other"]},
                                    "enabled": True, "mode": "immediately", "proration_behavior": "create_prorations"},
            # the pause `duration` the editor does not show: the portal settings' (indefinite), not Stripe's default
            "subscription_pause": {"duration": {"interval_options": [], "type": "indefinite"}, "enabled": False},
            "subscription_update": {
                "billing_cycle_anchor": "now", "default_allowed_updates": ["price", "quantity"], "enabled": True,
                "products": [{"adjustable_quantity": {"enabled": True, "maximum": 20, "minimum": 2},
                              "prices": [monthly.id, yearly.id], "product": product.id}],
                "proration_behavior": "always_invoice",
                "schedule_at_period_end": {"conditions": [{"type": "shortening_interval"}]},
                "trial_update_behavior": "continue_trial"},
        },
    }

    # The edit form shows it as saved, and saving it unchanged changes nothing but `updated`.
    edit = html(signed_in.get(f"/admin/configurations/{config_id}"))
    assert 'value="Enterprise"' in edit and f'value="{yearly.id}" checked' in edit
    assert signed_in.post(f"/admin/configurations/{config_id}", data=form(catalog)).status_code == 303
    again = sdk.billing_portal.configurations.retrieve(config_id).to_dict()
    assert {**again, "updated": 0} == {**config.to_dict(), "updated": 0}


def test_editing_turns_features_off_and_drops_a_product_with_no_price_chosen(signed_in, catalog, sdk):
    signed_in.post("/admin/configurations", data=form(catalog))
    config_id = sdk.billing_portal.configurations.list(params={"is_default": False}).data[0].id
    changes = {f"{P}[products][0][prices][]": None, "features[customer_update][allowed_updates][]": None,
               f"{P}[schedule_at_period_end][conditions][][type]": None, f"{P}[billing_cycle_anchor]": ""}
    data = form(catalog, **changes)
    data.setlist("features[subscription_cancel][enabled]", ["false"])
    assert signed_in.post(f"/admin/configurations/{config_id}", data=data).status_code == 303
    config = sdk.billing_portal.configurations.retrieve(config_id).features
    assert config.subscription_update.products == [] and config.customer_update.allowed_updates == []
    assert config.subscription_update.schedule_at_period_end.conditions == []
    assert config.subscription_update.billing_cycle_anchor is None
    assert config.subscription_cancel.enabled is False


@pytest.mark.parametrize(("changes", "param", "message"), [
    ({f"{P}[products][0][adjustable_quantity][minimum]": "30"},
     f"{P}[products][0][adjustable_quantity][minimum]", "The minimum quantity cannot be more than the maximum."),
    ({f"{P}[products][0][adjustable_quantity][maximum]": "100"},
     f"{P}[products][0][adjustable_quantity][maximum]", "The maximum quantity must be between 1 and 99."),
    ({"default_return_url": "javascript:alert(1)"},
     "default_return_url", "Not a valid URL: default_return_url must be an absolute http or https URL."),
    ({f"{P}[proration_behavior]": "sometimes"}, f"{P}[proration_behavior]",
     f"Invalid {P}[proration_behavior]: must be one of always_invoice, create_prorations, none"),
])
def test_the_dashboard_and_the_api_refuse_the_same_input_with_the_same_message(
        signed_in, catalog, sdk, changes, param, message):
    refused = signed_in.post("/admin/configurations", data=form(catalog, **changes))
    assert refused.status_code == 400
    page = html(refused)
    assert "Nothing was saved: " + message.replace("'", "&#39;") in page
    assert 'value="Enterprise"' in page and 'value="Manage your Team plan"' in page  # nothing lost
    field_id = param.replace("[", "-").replace("]", "")
    assert f'id="{field_id}-error"' in page
    assert sdk.billing_portal.configurations.list(params={"is_default": False}).data == []

    product, monthly, yearly = catalog
    params = {"features": {"subscription_update": {
        "enabled": True, "products": [{"product": product.id, "prices": [monthly.id],
                                       "adjustable_quantity": {"enabled": True, "minimum": 2, "maximum": 20}}]}}}
    for key, value in changes.items():  # the same change, as the SDK sends it
        names = re.findall(r"[^\[\]]+", key)
        node = params
        for name in names[:-1]:
            node = node.setdefault(name, {}) if not name.isdigit() else node[int(name)]
            if isinstance(node, list):
                continue
        node[names[-1]] = int(value) if value.isdigit() else value
    with pytest.raises(stripe.InvalidRequestError) as api_refused:
        sdk.billing_portal.configurations.create(params=params)
    assert api_refused.value.error.message == message and api_refused.value.error.param == param


def test_deactivate_activate_and_make_default(signed_in, catalog, sdk):
    signed_in.post("/admin/configurations", data=form(catalog))
    config_id = sdk.billing_portal.configurations.list(params={"is_default": False}).data[0].id
    assert sdk.billing_portal.configurations.retrieve("bpc_default").is_default

    done = signed_in.post(f"/admin/configurations/{config_id}/active", data={"active": "false"},
                          follow_redirects=True)
    assert "is inactive" in html(done)
    assert sdk.billing_portal.configurations.retrieve(config_id).active is False
    refused = signed_in.post(f"/admin/configurations/{config_id}/default", follow_redirects=True)
    assert "An inactive configuration cannot be the default" in html(refused)

    signed_in.post(f"/admin/configurations/{config_id}/active", data={"active": "true"})
    made = signed_in.post(f"/admin/configurations/{config_id}/default", follow_redirects=True)
    assert "is now the default configuration" in html(made)
    assert sdk.billing_portal.configurations.retrieve(config_id).is_default
    assert not sdk.billing_portal.configurations.retrieve("bpc_default").is_default
    assert [c.id for c in sdk.billing_portal.configurations.list(params={"is_default": True}).data] == [config_id]

    # The default one cannot be deactivated, in the dashboard or through the API.
    with pytest.raises(stripe.InvalidRequestError) as refused_api:
        sdk.billing_portal.configurations.update(config_id, params={"active": False})
    assert refused_api.value.error.param == "active"
    back = signed_in.post("/admin/configurations/bpc_default/default", follow_redirects=True)
    assert "bpc_default is now the default configuration" in html(back)
    assert sdk.billing_portal.configurations.retrieve("bpc_default").is_default


def test_the_default_configuration_form_edits_the_portal_settings(signed_in, catalog, sdk, app):
    product, monthly, yearly = catalog
    page = html(signed_in.get("/admin/configurations/bpc_default"))
    assert 'name="name"' not in page and "payment_method_configuration" not in page
    data = form(catalog)
    for key in ("name", "features[payment_method_update][payment_method_configuration]",
                f"{P}[trial_update_behavior]"):
        data.pop(key)
    data.setlist("features[customer_update][allowed_updates][]", ["tax_id"])
    assert signed_in.post("/admin/configurations/bpc_default", data=data).status_code == 303
    update = sdk.billing_portal.configurations.retrieve("bpc_default").features.subscription_update
    assert update.billing_cycle_anchor == "now"
    assert update.schedule_at_period_end.conditions[0].type == "shortening_interval"
    assert update.products[0].adjustable_quantity.to_dict() == {"enabled": True, "minimum": 2,
                                                                          "maximum": 20}
    data.setlist(f"{P}[default_allowed_updates][]", ["quantity"])
    refused = signed_in.post("/admin/configurations/bpc_default", data=data)
    assert refused.status_code == 400
    assert "The portal always lets customers change their price when plan changes are on." in html(refused)


def test_an_unknown_configuration_is_a_404(signed_in):
    assert signed_in.get("/admin/configurations/bpc_nope").status_code == 404
    assert signed_in.post("/admin/configurations/bpc_nope", data={}).status_code == 404


@pytest.mark.parametrize(("extra", "message"), [
    (("features[unknown][enabled]", "true"), "Received unknown parameter: features[unknown]"),
    (("features[invoice_history]]", "x"), "Invalid parameter name: features[invoice_history]]"),
    (("features[subscription_pause][enabled]", "perhaps"), "Invalid boolean: perhaps"),
])
def test_a_tampered_form_gets_a_clear_400_not_a_500(signed_in, catalog, extra, message):
    data = form(catalog)
    data.add(*extra)
    refused = signed_in.post("/admin/configurations", data=data)
    assert refused.status_code == 400
    assert message in html(refused)
