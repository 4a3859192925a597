"""Typed settings: one table between form and settings, validated loading, and Stripe's configuration shape."""
import json
import logging
from pathlib import Path

import pytest
import stripe
from werkzeug.datastructures import MultiDict

from admin_settings.conftest import features_form
from portal_site import settings
from portal_site.admin.settings_forms import (
    BUSINESS_FIELDS,
    FEATURE_FIELDS,
    BusinessForm,
    FeaturesForm,
    declare,
    form_data,
    settings_from_form,
)
from portal_site.extensions import db
from portal_site.models import PortalSettings
from portal_site.settings import schema

FIXTURES = Path("/work/shared/stripe/fixtures3.json")


def test_a_form_round_trips_through_storage_unchanged(app):
    submitted = features_form(cancel_mode="immediately", cancel_proration="create_prorations",
                              cancel_custom_question="What could we do better?", quantity_minimum="2",
                              allowed_prices=["price_a"], pause_enabled="y", account_picker_enabled="y")
    with app.test_request_context(method="POST", data=MultiDict(submitted)):
        form = FeaturesForm(meta={"csrf": False})
        form.allowed_prices.choices = [("price_a", "A"), ("price_b", "B")]
        form.offer_coupons([])
        assert form.validate(), form.errors
        settings.save(settings_from_form(FEATURE_FIELDS, form, settings.current()))
        first = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    with app.test_request_context():
        again = form_data(FEATURE_FIELDS, settings.current())
    assert again == first


def test_every_form_field_has_one_row_in_its_table():
    for form_class, rows in ((FeaturesForm, FEATURE_FIELDS), (BusinessForm, BUSINESS_FIELDS)):
        names = [name for name, _ in rows]
        declared = {name for name in dir(form_class) if hasattr(getattr(form_class, name), "field_class")}
        assert sorted(names) == sorted(declared - {"csrf_token"})
        assert len({path for _, path in rows}) == len(rows)


def test_a_misspelt_settings_path_fails_when_the_table_is_declared():
    with pytest.raises(KeyError, match="'mdoe' is not a field of SubscriptionCancel"):
        declare(FeaturesForm, [("cancel_mode", "features.subscription_cancel.mdoe")])


def test_a_misspelt_form_field_fails_when_the_table_is_declared():
    with pytest.raises(AttributeError, match="FeaturesForm has no field 'cancel_mdoe'"):
        declare(FeaturesForm, [("cancel_mdoe", "features.subscription_cancel.mode")])


GARBAGE = {
    "features": {
        "subscription_cancel": {"mode": "tomorrow", "enabled": "yes", "custom_question": "Why?"},
        "subscription_update": {"quantity": {"minimum": 50, "maximum": 3}, "allowed_prices": "price_a"},
        "customer_update": {"allowed_updates": ["name", "favourite_colour"]},
        "no_such_feature": {"enabled": True},
        "invoice_history": False,
    },
    "business": ["not", "an", "object"],
    "default_locale": None,
}


def test_stored_garbage_falls_back_to_defaults_with_a_log_line(app, client, caplog):
    with app.app_context():
        db.session.add(PortalSettings(id=1, values=GARBAGE))
        db.session.commit()
    caplog.set_level(logging.WARNING, logger="portal_site.settings.schema")

    with app.test_request_context():
        current = settings.current()

    defaults = schema.Settings()
    assert current.features.subscription_cancel.custom_question == "Why?"
    assert current.features.subscription_cancel.mode == defaults.features.subscription_cancel.mode
    assert current.features.subscription_cancel.enabled is True
    assert current.features.subscription_update == defaults.features.subscription_update
    assert current.features.customer_update == defaults.features.customer_update
    assert current.features.invoice_history == defaults.features.invoice_history
    assert current.business == defaults.business and current.default_locale == "en"
    logged = caplog.text
    for path in ("features.subscription_cancel.mode", "features.subscription_update.quantity",
                 "features.no_such_feature", "business", "default_locale"):
        assert f"Stored portal setting {path} ignored" in logged
    assert client.get("/").status_code == 200


def test_code_that_saves_a_bad_value_is_refused_and_nothing_is_stored(app):
    with app.test_request_context():
        with pytest.raises(schema.InvalidSettings, match="subscription_cancel.mode"):
            settings.save({"features": {"subscription_cancel": {"mode": "tomorrow"}}})
        assert db.session.get(PortalSettings, 1) is None


def _keys(sdk_class):
    return {name for name in getattr(sdk_class, "__annotations__", {}) if name != "OBJECT_NAME"}


def test_the_stripe_configuration_has_stripes_shape():
    current = schema.with_values(schema.Settings(), {
        "features.subscription_update.allowed_prices": ["price_a", "price_b", "price_orphan"],
        "features.subscription_update.downgrades_at_period_end": True,
        "features.promotion_codes.enabled": True,
        "business.headline": "Acme",
    })

    config = schema.to_stripe_configuration(current, {"price_a": "prod_1", "price_b": "prod_1"})

    sdk = stripe.billing_portal.Configuration
    fixture = json.loads(FIXTURES.read_text())["resources"]["billing_portal.configuration"]
    assert set(config) <= _keys(sdk) and set(config) <= set(fixture)
    assert set(config["business_profile"]) == _keys(sdk.BusinessProfile) == set(fixture["business_profile"])
    features = config["features"]
    assert set(features) == _keys(sdk.Features)
    for name, sdk_class in (("customer_update", sdk.Features.CustomerUpdate),
                            ("invoice_history", sdk.Features.InvoiceHistory),
                            ("subscription_cancel", sdk.Features.SubscriptionCancel)):
        assert set(features[name]) == _keys(sdk_class) == set(fixture["features"][name])
    assert set(features["subscription_update"]) <= _keys(sdk.Features.SubscriptionUpdate)
    assert set(features["subscription_cancel"]["cancellation_reason"]) <= _keys(
        sdk.Features.SubscriptionCancel.CancellationReason)
    assert features["subscription_update"]["products"] == [{"product": "prod_1", "prices": ["price_a", "price_b"]}]
    assert features["subscription_update"]["default_allowed_updates"] == ["price", "quantity", "promotion_code"]
    assert features["subscription_update"]["schedule_at_period_end"] == {
        "conditions": [{"type": "decreasing_item_amount"}]}
    assert config["business_profile"]["headline"] == "Acme" and config["default_return_url"] is None

    parsed = sdk.construct_from({"id": "bpc_test", "object": "billing_portal.configuration", **config}, "sk_test")
    assert parsed.features.subscription_cancel.cancellation_reason.options == list(schema.CANCELLATION_REASONS)
    assert parsed.features.customer_update.allowed_updates == list(schema.CUSTOMER_DETAILS)
