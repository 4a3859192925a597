"""The discounts in effect on a subscription, on its card: named by the promotion code, else the coupon's name."""
import pytest
import requests

from account_subscriptions.helpers import HTMX, nonce, text

JAN_1_2027 = 1_798_761_600  # 2027-01-01T00:00:00Z


@pytest.fixture(autouse=True)
def new_year(emulator):
    requests.post(f"{emulator}/_emulator/clock", data={"frozen_time": JAN_1_2027}, timeout=5).raise_for_status()


@pytest.mark.parametrize(("coupon", "code", "english", "french"), [
    ({"percent_off": 20, "duration": "repeating", "duration_in_months": 2}, "SUMMER20",
     "SUMMER20 · 20% off until Mar 1, 2027", "SUMMER20 · 20\u00a0% de réduction jusqu’au 1 mars 2027"),
    ({"amount_off": 500, "currency": "usd", "duration": "once"}, "FIVE",
     "FIVE · $5.00 off once", "FIVE · 5,00\u00a0$US de réduction, une seule fois"),
    ({"percent_off": 50, "duration": "forever", "name": "Half price"}, "HALF",
     "HALF · 50% off forever", "HALF · 50\u00a0% de réduction pour toujours"),
])
def test_a_promotion_code_applied_in_the_portal_is_on_the_card(signed_in, customer, catalog, subscribe, stripe_v1,
                                                              configure, coupon, code, english, french):
    configure(promotion_codes={"enabled": True})
    coupon = stripe_v1.coupons.create(params=coupon)
    stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": coupon.id}, "code": code})
    sub = subscribe(customer, catalog["pro_monthly"])
    assert "subscription__discounts" not in text(signed_in.get("/account/"))

    card = signed_in.post(f"/account/subscriptions/{sub.id}/promotion-code", headers=HTMX,
                          data={"code": code.lower(), "nonce": nonce()})

    assert card.status_code == 200 and english in text(card)
    assert english in text(signed_in.get("/account/?locale=en"))
    assert french in text(signed_in.get("/account/?locale=fr"))


def test_the_accepted_retention_coupon_is_named_by_the_coupon(signed_in, customer, catalog, subscribe, stripe_v1,
                                                              configure):
    coupon = stripe_v1.coupons.create(params={"percent_off": 50, "duration": "repeating", "duration_in_months": 3,
                                              "name": "Stay with us"})
    configure(subscription_cancel={"retention_coupon": coupon.id})
    sub = subscribe(customer, catalog["pro_monthly"])
    signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": nonce()})

    card = signed_in.post(f"/account/subscriptions/{sub.id}/retain", headers=HTMX, data={"nonce": nonce()})

    assert "Stay with us · 50% off until Apr 1, 2027" in text(card)
    assert "Stay with us · 50\u00a0% Rabatt bis 01.04.2027" in text(signed_in.get("/account/?locale=de"))


def test_each_discount_is_listed_and_one_without_a_name_shows_its_coupon_id(
        signed_in, customer, catalog, subscribe, stripe_v1, configure):
    configure(promotion_codes={"enabled": True})
    unnamed = stripe_v1.coupons.create(params={"id": "WELCOME", "amount_off": 200, "currency": "usd",
                                               "duration": "forever"})
    sub = subscribe(customer, catalog["pro_monthly"], discounts=[{"coupon": unnamed.id}])
    second = stripe_v1.coupons.create(params={"percent_off": 10, "duration": "forever"})
    stripe_v1.promotion_codes.create(params={"promotion": {"type": "coupon", "coupon": second.id}, "code": "TEN"})

    card = text(signed_in.post(f"/account/subscriptions/{sub.id}/promotion-code", headers=HTMX,
                               data={"code": "TEN", "nonce": nonce()}))

    assert "WELCOME · $2.00 off forever" in card and "TEN · 10% off forever" in card
    assert len(stripe_v1.subscriptions.retrieve(sub.id).discounts) == 2
