"""Quantity, pause and resume, promotion codes: each with its setting turning it off."""
import re
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from account_subscriptions.helpers import HTMX, nonce, text


def test_quantity_preview_then_change(signed_in, customer, catalog, subscribe, stripe_v1, activity):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/quantity", query_string={"quantity": "5"}))
    adjustment = re.search(r"Added to your next invoice on [^:]+: (\$[\d,.]+)", page).group(1)
    proration_date = re.search(r'name="proration_date" value="(\d+)"', page).group(1)
    assert "New quantity: 5 seats × $15.00 per seat per month, billed $75.00 per month." in page and "From 1 to 100." in page

    response = signed_in.post(f"/account/subscriptions/{sub.id}/quantity", headers=HTMX, data={
        "quantity": "5", "proration_date": proration_date, "nonce": nonce(),
    })

    assert response.status_code == 200 and "Quantity: 5" in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 5
    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    prorations = [line.amount for line in upcoming.lines.data if line.parent.subscription_item_details.proration]
    assert f"${sum(prorations) / 100:,.2f}" == adjustment
    [(_action, _cid, detail)] = activity("subscription.quantity_changed")
    assert (detail["from_quantity"], detail["to_quantity"]) == (2, 5)


@pytest.mark.parametrize("forged", ["period_end", "future"])
def test_a_forged_proration_date_is_not_used_to_price_the_change(signed_in, customer, catalog, subscribe, stripe_v1,
                                                                 forged):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/quantity", query_string={"quantity": "5"}))
    previewed = re.search(r"Added to your next invoice on [^:]+: \$([\d,.]+)", page).group(1)
    now = int(time.time())
    proration_date = {"period_end": sub["items"].data[0].current_period_end - 60, "future": now + 86400}[forged]

    signed_in.post(f"/account/subscriptions/{sub.id}/quantity", data={
        "quantity": "5", "proration_date": str(proration_date), "nonce": nonce(),
    })

    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 5
    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    prorations = sum(line.amount for line in upcoming.lines.data if line.parent.subscription_item_details.proration)
    assert abs(prorations - round(float(previewed.replace(",", "")) * 100)) <= 1, "priced as of now, as previewed"


def test_quantity_outside_the_limits_is_refused(signed_in, customer, catalog, subscribe, stripe_v1, configure):
    configure(subscription_update={"quantity": {"minimum": 2, "maximum": 10}})
    sub = subscribe(customer, catalog["pro_monthly"], quantity=3)
    for typed, message in [
        ("0", "Choose a number from 2 to 10."),
        ("11", "Choose a number from 2 to 10."),
        ("many", "Enter a whole number."),
        ("3", "That is your current quantity."),
    ]:
        response = signed_in.post(f"/account/subscriptions/{sub.id}/quantity", headers=HTMX,
                                  data={"quantity": typed, "nonce": nonce()})
        assert response.status_code == 422
        assert message in text(response) and f'value="{typed}"' in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 3


def test_quantity_turned_off(signed_in, customer, catalog, subscribe, configure, stripe_v1):
    configure(subscription_update={"quantity": {"enabled": False}})
    sub = subscribe(customer, catalog["pro_monthly"])
    assert "Change quantity" not in text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    assert "Change plan" in text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    response = signed_in.post(f"/account/subscriptions/{sub.id}/quantity", data={"quantity": "4", "nonce": nonce()})
    assert response.status_code == 403 and "Changing the quantity online is turned off" in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 1


def test_pause_with_a_resume_date_then_resume(signed_in, customer, catalog, subscribe, stripe_v1, configure,
                                              activity):
    configure(subscription_pause={"enabled": True})
    sub = subscribe(customer, catalog["pro_monthly"])
    resume_on = date.today() + timedelta(days=20)

    response = signed_in.post(f"/account/subscriptions/{sub.id}/pause", headers=HTMX,
                              data={"resumes_on": resume_on.isoformat(), "nonce": nonce()})

    assert response.status_code == 200 and "Payments paused until" in text(response)
    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held.pause_collection.behavior == "void"
    assert held.pause_collection.resumes_at == int(datetime(resume_on.year, resume_on.month, resume_on.day,
                                                            tzinfo=UTC).timestamp())
    assert "Resume payments" in text(response) and "Pause payments" not in text(response)

    resumed = signed_in.post(f"/account/subscriptions/{sub.id}/resume", headers=HTMX, data={"nonce": nonce()})

    assert resumed.status_code == 200 and "Active" in text(resumed)
    assert stripe_v1.subscriptions.retrieve(sub.id).pause_collection is None
    assert [row[0] for row in activity()] == ["subscription.paused", "subscription.resumed"]


def test_pause_without_a_date_and_a_date_in_the_past(signed_in, customer, catalog, subscribe, stripe_v1,
                                                     configure):
    configure(subscription_pause={"enabled": True})
    sub = subscribe(customer, catalog["pro_monthly"])
    refused = signed_in.post(f"/account/subscriptions/{sub.id}/pause", headers=HTMX,
                             data={"resumes_on": "2020-01-01", "nonce": nonce()})
    assert refused.status_code == 422 and "Choose a date after today" in text(refused)
    assert stripe_v1.subscriptions.retrieve(sub.id).pause_collection is None

    signed_in.post(f"/account/subscriptions/{sub.id}/pause", data={"resumes_on": "", "nonce": nonce()})
    held = stripe_v1.subscriptions.retrieve(sub.id).pause_collection
    assert held.behavior == "void" and held.resumes_at is None


def test_pause_is_off_by_default(signed_in, customer, catalog, subscribe, stripe_v1):
    sub = subscribe(customer, catalog["pro_monthly"])
    assert "Pause payments" not in text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    response = signed_in.post(f"/account/subscriptions/{sub.id}/pause", data={"nonce": nonce()})
    assert response.status_code == 403 and "Pausing payments online is turned off" in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id).pause_collection is None


@pytest.fixture
def promotion(stripe_v1):
    coupon = stripe_v1.coupons.create(params={"amount_off": 500, "currency": "usd", "duration": "once"})

    def create(code, **extra):
        return stripe_v1.promotion_codes.create(params={
            "promotion": {"type": "coupon", "coupon": coupon.id}, "code": code, **extra,
        })

    return create


def test_a_valid_promotion_code_discounts_the_next_invoice(signed_in, customer, catalog, subscribe, stripe_v1,
                                                           configure, promotion, activity):
    configure(promotion_codes={"enabled": True})
    code = promotion("SPRING5")
    sub = subscribe(customer, catalog["pro_monthly"])

    response = signed_in.post(f"/account/subscriptions/{sub.id}/promotion-code", headers=HTMX,
                              data={"code": " spring5 ", "nonce": nonce()})

    assert response.status_code == 200 and "has been applied" in text(response)
    assert len(stripe_v1.subscriptions.retrieve(sub.id).discounts) == 1
    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert upcoming.amount_due == 1000
    [(_action, _cid, detail)] = activity("subscription.promotion_code_applied")
    assert detail["promotion_code"] == code.id


def test_unknown_or_expired_promotion_codes_are_explained(signed_in, customer, catalog, subscribe, stripe_v1,
                                                          configure, promotion):
    configure(promotion_codes={"enabled": True})
    old = promotion("OLD", expires_at=int(time.time()) + 60)
    stripe_v1.promotion_codes.update(old.id, params={"active": False})
    sub = subscribe(customer, catalog["pro_monthly"])
    for typed, message in [
        ("NOPE", "We don't recognize that code."),
        ("OLD", "That code has expired or can no longer be used."),
        ("", "Enter a promotion code."),
        ("50% OFF", "Codes contain only letters, digits and dashes."),
    ]:
        response = signed_in.post(f"/account/subscriptions/{sub.id}/promotion-code", headers=HTMX,
                                  data={"code": typed, "nonce": nonce()})
        assert response.status_code == 422 and message in text(response)
        assert f'value="{typed}"' in text(response) or not typed
    assert stripe_v1.subscriptions.retrieve(sub.id).discounts == []


def test_promotion_codes_cannot_be_guessed(app, signed_in, customer, catalog, subscribe, configure, promotion):
    configure(promotion_codes={"enabled": True})
    promotion("SPRING5")
    app.config["RATE_LIMITS"] = {"promotion_code_customer": "2/hour"}
    sub = subscribe(customer, catalog["pro_monthly"])
    path = f"/account/subscriptions/{sub.id}/promotion-code"
    for guess in ("SPRING1", "SPRING2"):
        assert signed_in.post(path, headers=HTMX, data={"code": guess, "nonce": nonce()}).status_code == 422

    response = signed_in.post(path, headers=HTMX, data={"code": "SPRING5", "nonce": nonce()})

    assert response.status_code == 429 and "Too many attempts" in text(response)
    assert int(response.headers["Retry-After"]) > 0


def test_promotion_codes_are_off_by_default(signed_in, customer, catalog, subscribe, promotion):
    promotion("SPRING5")
    sub = subscribe(customer, catalog["pro_monthly"])
    assert "Add promotion code" not in text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    response = signed_in.post(f"/account/subscriptions/{sub.id}/promotion-code",
                              data={"code": "SPRING5", "nonce": nonce()})
    assert response.status_code == 403


def test_a_quantity_too_large_for_a_number_is_the_forms_own_error(signed_in, customer, catalog, subscribe, stripe_v1):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=3)
    huge = "9" * 400
    preview = signed_in.get(f"/account/subscriptions/{sub.id}/quantity", headers=HTMX, query_string={"quantity": huge})
    confirm = signed_in.post(f"/account/subscriptions/{sub.id}/quantity", headers=HTMX,
                             data={"quantity": huge, "proration_date": huge, "nonce": nonce()})
    for response in (preview, confirm):
        assert response.status_code == 422
        assert "That number is too large." in text(response) and f'value="{huge}"' in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 3


@pytest.mark.parametrize("forged", ["9" * 400, "²", "١٢٣"])
def test_a_forged_proration_date_is_ignored_and_the_change_made(signed_in, customer, catalog, subscribe, stripe_v1,
                                                                forged):
    sub = subscribe(customer, catalog["pro_monthly"], quantity=2)
    response = signed_in.post(f"/account/subscriptions/{sub.id}/quantity", headers=HTMX,
                              data={"quantity": "4", "proration_date": forged, "nonce": nonce()})
    assert response.status_code == 200
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].quantity == 4
