"""The portal settings form: what it offers, what it saves, and every way it refuses."""
import time

import pytest
import requests

from admin_settings.conftest import features_form, html, price
from portal_site import settings
from portal_site.models import ActivityLog
from portal_site.settings.schema import to_storage


def test_the_form_offers_active_recurring_prices_grouped_by_product(signed_in, stripe_v1):
    pro = stripe_v1.products.create(params={"name": "Pro plan"})
    monthly = price(stripe_v1, pro.id, 1500, "month", nickname="Pro monthly")
    yearly = price(stripe_v1, pro.id, 15000, "year")
    one_time = stripe_v1.prices.create(params={"product": pro.id, "unit_amount": 900, "currency": "usd"})
    archived = price(stripe_v1, pro.id, 1000, "month")
    stripe_v1.prices.update(archived.id, params={"active": False})

    page = html(signed_in.get("/admin/settings"))

    assert "Pro plan" in page
    assert f'value="{monthly.id}"' in page and "Pro monthly" in page and "$15.00" in page
    assert f'value="{yearly.id}"' in page and "per year" in page
    assert one_time.id not in page
    assert archived.id not in page


def test_saving_round_trips_into_the_settings_and_is_logged(app, signed_in, stripe_v1):
    pro = stripe_v1.products.create(params={"name": "Pro"})
    monthly = price(stripe_v1, pro.id, 1500, "month")
    form = features_form(
        customer_update_fields=["name", "tax_id"],
        invoice_history_enabled=None,
        cancel_mode="immediately",
        cancel_proration="create_prorations",
        cancel_reason_options=["too_expensive", "other"],
        cancel_custom_question="What could we do better?",
        allowed_prices=[monthly.id],
        quantity_minimum="2",
        quantity_maximum="20",
        update_proration="always_invoice",
        downgrades_at_period_end="y",
        pause_enabled="y",
        promotion_codes_enabled="y",
        account_picker_enabled="y",
    )

    response = signed_in.post("/admin/settings", data=form)

    assert response.status_code == 302 and response.headers["Location"] == "/admin/settings"
    assert "Portal settings saved." in html(signed_in.get("/admin/settings"))
    with app.test_request_context():
        features = to_storage(settings.current().features)
        assert features["customer_update"] == {"enabled": True, "allowed_updates": ["name", "tax_id"]}
        assert features["invoice_history"] == {"enabled": False}
        assert features["payment_method_update"] == {"enabled": True}
        assert features["subscription_cancel"] == {
            "enabled": True,
            "mode": "immediately",
            "proration_behavior": "create_prorations",
            "cancellation_reason": {"enabled": True, "options": ["too_expensive", "other"]},
            "custom_question": "What could we do better?",
            "retention_coupon": "",
        }
        assert features["subscription_update"] == {
            "enabled": True,
            "allowed_prices": [monthly.id],
            "quantity": {"enabled": True, "minimum": 2, "maximum": 20},
            "proration_behavior": "always_invoice",
            "downgrades_at_period_end": True,
            # Kept as they were: the Configurations page edits them (bpc_default).
            "shorter_intervals_at_period_end": False,
            "billing_cycle_anchor": "",
            "product_quantities": [],
        }
        assert features["subscription_pause"]["enabled"] is True
        assert features["promotion_codes"]["enabled"] is True
        assert features["account_picker"]["enabled"] is True
        entry = ActivityLog.query.filter_by(action="settings.saved").one()
        assert entry.actor == "merchant@example.test" and entry.actor_type == "admin"
        assert "subscription_pause.enabled" in entry.detail["changed"]
        assert "invoice_history.enabled" in entry.detail["changed"]


def test_the_saved_form_shows_the_saved_values(signed_in, stripe_v1):
    signed_in.post("/admin/settings", data=features_form(cancel_custom_question="Why leave?", quantity_maximum="7"))

    page = html(signed_in.get("/admin/settings"))

    assert 'value="Why leave?"' in page
    assert 'id="quantity_maximum" inputmode="numeric" name="quantity_maximum" type="text" value="7"' in page


def test_htmx_save_answers_with_the_form_fragment(signed_in, stripe_v1):
    response = signed_in.post("/admin/settings", data=features_form(), headers={"HX-Request": "true"})

    assert response.status_code == 200
    body = html(response)
    assert body.lstrip().startswith("<form") and "<html" not in body
    assert "Portal settings saved." in body
    assert "HX-Request" in response.headers["Vary"]


INVALID = [
    ({"customer_update_fields": None}, "Choose at least one detail, or turn off detail updates."),
    ({"cancel_reason_options": None}, "Choose at least one reason, or turn off the question."),
    ({"cancel_mode": "at_period_end", "cancel_proration": "create_prorations"},
     "Proration only applies to immediate cancellations"),
    ({"cancel_custom_question": "x" * 201}, "Keep the question to 200 characters or fewer."),
    ({"quantity_minimum": "two"}, "Enter a whole number, such as 1 or 10."),
    ({"quantity_maximum": ""}, "Enter a whole number, such as 1 or 10."),
    ({"quantity_minimum": "0"}, "The minimum must be between 1 and 9999."),
    ({"quantity_maximum": "10000"}, "The maximum must be between 1 and 9999."),
    ({"quantity_minimum": "5", "quantity_maximum": "3"}, "The maximum must be at least the minimum."),
    ({"update_proration": "sometimes"}, "Not a valid choice."),
    ({"cancel_mode": "tomorrow"}, "Not a valid choice."),
    ({"cancel_reason_options": ["too_expensive", "bored"]}, "bored is not one of the options; reload the page and choose again."),
    ({"allowed_prices": ["price_not_offered"]}, "price_not_offered is not one of the options; reload the page and choose again."),
    ({"retention_coupon": "NO_SUCH_COUPON"},
     "Stripe has no coupon with the ID “NO_SUCH_COUPON”. Choose another coupon, or none."),
]


@pytest.mark.parametrize(("changes", "message"), INVALID)
def test_invalid_settings_are_refused_with_a_message_and_nothing_is_saved(app, signed_in, stripe_v1, changes, message):
    form = features_form(**{"cancel_custom_question": "Kept as typed", **changes})

    response = signed_in.post("/admin/settings", data=form)

    assert response.status_code == 422
    body = html(response)
    assert message in body
    assert "Some settings need your attention; nothing was saved." in body
    assert 'value="Kept as typed"' in body or "cancel_custom_question" in changes
    with app.test_request_context():
        assert to_storage(settings.current().features) == settings.DEFAULTS["features"]


def test_htmx_invalid_save_answers_422_with_the_form_fragment(signed_in, stripe_v1):
    response = signed_in.post(
        "/admin/settings", data=features_form(quantity_minimum="x"), headers={"HX-Request": "true"}
    )

    assert response.status_code == 422
    assert html(response).lstrip().startswith("<form")
    assert 'aria-invalid="true"' in html(response)


def test_an_existing_retention_coupon_is_accepted(app, signed_in, stripe_v1):
    coupon = stripe_v1.coupons.create(params={"id": "STAY20", "percent_off": 20, "duration": "once"})

    response = signed_in.post("/admin/settings", data=features_form(retention_coupon="STAY20"))

    assert response.status_code == 302
    with app.test_request_context():
        assert to_storage(settings.current().features)["subscription_cancel"]["retention_coupon"] == coupon.id


def test_an_expired_retention_coupon_is_refused(signed_in, stripe_v1, emulator):
    redeem_by = int(time.time()) + 60
    stripe_v1.coupons.create(params={"id": "ONCE", "percent_off": 50, "duration": "once", "redeem_by": redeem_by})
    requests.post(f"{emulator}/_emulator/advance", data={"seconds": 3600}, timeout=5).raise_for_status()

    response = signed_in.post("/admin/settings", data=features_form(retention_coupon="ONCE"))

    assert response.status_code == 422
    assert "The coupon “ONCE” can no longer be redeemed (expired or used up)." in html(response)


@pytest.fixture
def stripe_down(app_config):
    app_config["STRIPE_API_BASE"] = "http://127.0.0.1:9"


def test_without_stripe_the_page_says_so_and_saving_keeps_the_chosen_prices(stripe_down, app, signed_in):
    with app.test_request_context():
        settings.save({"features": {"subscription_update": {"allowed_prices": ["price_kept"]}}})

    page = html(signed_in.get("/admin/settings"))
    assert "Stripe could not be reached, so the prices cannot be listed right now." in page

    response = signed_in.post("/admin/settings", data=features_form(pause_enabled="y"))
    assert response.status_code == 302
    with app.test_request_context():
        update = to_storage(settings.current().features)["subscription_update"]
        assert update["allowed_prices"] == ["price_kept"]
        assert to_storage(settings.current().features)["subscription_pause"]["enabled"] is True


def test_signed_out_merchants_are_sent_to_sign_in(client):
    response = client.get("/admin/settings")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_saved_retention_coupon_is_summarised(signed_in, stripe_v1):
    stripe_v1.coupons.create(params={"id": "STAY20", "name": "Stay with us", "percent_off": 20,
                                      "duration": "repeating", "duration_in_months": 3})
    signed_in.post("/admin/settings", data=features_form(retention_coupon="STAY20"))

    page = html(signed_in.get("/admin/settings"))

    summary = " ".join(page.split('id="coupon-summary">')[1].split("</p>")[0].split())
    assert summary == "Offer: Stay with us, 20% off for 3 months."
