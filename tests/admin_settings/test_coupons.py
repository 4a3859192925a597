"""Coupons and promotion codes in the dashboard: listed from Stripe, created with checked input, offered for retention."""
from datetime import date, timedelta

import pytest

from admin_settings.conftest import html
from portal_site.models import ActivityLog

COUPON = {"name": "Stay with us", "coupon_id": "STAY20", "kind": "percent", "percent_off": "20",
          "amount_off": "", "currency": "usd", "duration": "repeating", "duration_in_months": "3", "nonce": "n-1"}


def coupon_ids(stripe_v1):
    return [coupon.id for coupon in stripe_v1.coupons.list().data]


def test_the_dashboard_menu_leads_to_coupons(signed_in):
    assert '<a href="/admin/coupons">Coupons</a>' in html(signed_in.get("/admin/"))


def test_the_page_lists_coupons_and_promotion_codes(signed_in, stripe_v1):
    stripe_v1.coupons.create(params={"id": "TENOFF", "name": "Ten off", "amount_off": 1000, "currency": "usd",
                                      "duration": "forever"})
    stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": "TENOFF"},
                                             "code": "WELCOME10", "max_redemptions": 50})

    page = html(signed_in.get("/admin/coupons"))

    assert "Ten off (10.00 USD off forever)" in page and "<code>TENOFF</code>" in page
    assert "<code>WELCOME10</code>" in page and "0 of 50" in page
    assert '<option value="TENOFF">Ten off</option>' in page


def test_a_percent_coupon_for_some_months_is_created_once_and_logged(app, signed_in, stripe_v1):
    first = signed_in.post("/admin/coupons", data=COUPON)
    again = signed_in.post("/admin/coupons", data=COUPON)

    assert first.status_code == again.status_code == 302 and first.headers["Location"] == "/admin/coupons"
    coupon = stripe_v1.coupons.retrieve("STAY20")
    assert (coupon.name, coupon.percent_off, coupon.duration, coupon.duration_in_months) == (
        "Stay with us", 20, "repeating", 3)
    assert coupon_ids(stripe_v1) == ["STAY20"]
    assert "Coupon “Stay with us” created (STAY20)." in html(signed_in.get("/admin/coupons"))
    with app.app_context():
        assert ActivityLog.query.filter_by(action="coupon.created").first().detail["coupon"] == "STAY20"


def test_an_amount_coupon_gets_a_stripe_id_when_none_is_given(signed_in, stripe_v1):
    form = {**COUPON, "coupon_id": "", "kind": "amount", "percent_off": "", "amount_off": "5.50",
            "currency": "eur", "duration": "once", "duration_in_months": ""}

    assert signed_in.post("/admin/coupons", data=form).status_code == 302

    [coupon] = stripe_v1.coupons.list().data
    assert (coupon.amount_off, coupon.currency, coupon.duration, coupon.duration_in_months) == (550, "eur", "once", None)


@pytest.mark.parametrize(("changes", "message"), [
    ({"name": ""}, "Give the coupon a name customers will see"),
    ({"coupon_id": "STAY 20"}, "Use only letters, digits, - and _, such as STAY20."),
    ({"percent_off": ""}, "Enter the percentage off, such as 20."),
    ({"percent_off": "150"}, "The percentage must be more than 0 and at most 100."),
    ({"percent_off": "lots"}, "Not a valid decimal value."),
    ({"kind": "amount", "amount_off": "0"}, "The amount off must be more than 0."),
    ({"kind": "amount", "amount_off": "1.234"}, "Use at most 2 decimal places for USD."),
    ({"duration_in_months": ""}, "Enter for how many months the discount applies, such as 3."),
    ({"duration_in_months": "40"}, "Enter between 1 and 36 months."),
    ({"duration": "sometimes"}, "Not a valid choice."),
])
def test_an_invalid_coupon_is_refused_with_its_message_and_nothing_is_created(signed_in, stripe_v1, changes, message):
    response = signed_in.post("/admin/coupons", data={**COUPON, **changes})

    assert response.status_code == 422
    assert message in html(response)
    assert 'value="Stay with us"' in html(response) or "name" in changes
    assert coupon_ids(stripe_v1) == []


def test_stripe_refusing_an_id_already_taken_shows_on_the_id_field(signed_in, stripe_v1):
    stripe_v1.coupons.create(params={"id": "STAY20", "percent_off": 10, "duration": "once"})

    response = signed_in.post("/admin/coupons", data={**COUPON, "nonce": "other"}, headers={"HX-Request": "true"})

    assert response.status_code == 422
    body = html(response)
    assert body.lstrip().startswith("<form") and 'id="coupon_id-error"' in body and "already exists" in body


def test_a_promotion_code_is_created_for_a_coupon(app, signed_in, stripe_v1):
    stripe_v1.coupons.create(params={"id": "STAY20", "percent_off": 20, "duration": "once"})
    expires = date.today() + timedelta(days=30)

    response = signed_in.post("/admin/coupons/promotion-codes", data={
        "code": " WELCOME10 ", "coupon": "STAY20", "max_redemptions": "100", "expires_on": expires.isoformat(),
        "nonce": "n-2"})

    assert response.status_code == 302
    [code] = stripe_v1.promotion_codes.list().data
    assert (code.code, code.promotion.coupon, code.max_redemptions) == ("WELCOME10", "STAY20", 100)
    assert date.fromtimestamp(code.expires_at) == expires
    assert "Promotion code WELCOME10 created." in html(signed_in.get("/admin/coupons"))


@pytest.mark.parametrize(("changes", "message"), [
    ({"code": ""}, "Enter the code customers will type, such as WELCOME10."),
    ({"code": "WELCOME 10"}, "Use only letters and digits, such as WELCOME10."),
    ({"coupon": ""}, "Choose the coupon this code applies."),
    ({"coupon": "NOPE"}, "That coupon can no longer be redeemed; choose another."),
    ({"max_redemptions": "0"}, "Enter 1 or more, or leave it empty for no limit."),
    ({"max_redemptions": "9" * 400}, "That number is too large."),
    ({"expires_on": date.today().isoformat()}, "Choose a date after today, or leave it empty."),
])
def test_an_invalid_promotion_code_is_refused(signed_in, stripe_v1, changes, message):
    stripe_v1.coupons.create(params={"id": "STAY20", "percent_off": 20, "duration": "once"})
    form = {"code": "WELCOME10", "coupon": "STAY20", "max_redemptions": "", "expires_on": "", "nonce": "n-3"}

    response = signed_in.post("/admin/coupons/promotion-codes", data={**form, **changes})

    assert response.status_code == 422 and message in html(response)
    assert stripe_v1.promotion_codes.list().data == []


def test_a_code_already_in_use_is_refused_by_stripe_on_the_code_field(signed_in, stripe_v1):
    stripe_v1.coupons.create(params={"id": "STAY20", "percent_off": 20, "duration": "once"})
    stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": "STAY20"}, "code": "WELCOME10"})

    response = signed_in.post("/admin/coupons/promotion-codes",
                              data={"code": "WELCOME10", "coupon": "STAY20", "nonce": "n-4"})

    assert response.status_code == 422
    assert 'id="code-error"' in html(response) and "already exists" in html(response)


def test_the_retention_coupon_is_chosen_from_redeemable_coupons_or_none(signed_in, stripe_v1):
    stripe_v1.coupons.create(params={"id": "STAY20", "name": "Stay with us", "percent_off": 20, "duration": "once"})

    page = html(signed_in.get("/admin/settings"))

    assert '<option selected value="">None: no offer before canceling</option>' in page
    assert '<option value="STAY20">Stay with us (20% off once)</option>' in page
    assert 'href="/admin/coupons"' in page
