"""Discounts on a customer's subscription: the retention coupon offered before a cancellation, and
promotion codes the customer types."""
import time
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from portal_site.billing.client import call, plain, v1
from portal_site.billing.errors import BillingError
from portal_site.billing.money import Money
from portal_site.billing.subscriptions import Subscription, update


def with_existing_discounts(subscription: Subscription, new_discount: dict[str, str]) -> list[dict[str, str]]:
    """`discounts` replaces the list, so keep the ones already on the subscription."""
    return [{"discount": discount.id} for discount in subscription.discounts] + [new_discount]


@dataclass(frozen=True)
class Offer:
    """A retention coupon as the customer reads it: "50% off for 3 months"."""

    coupon_id: str
    name: str
    percent_off: float | None
    amount_off: Money | None
    duration: str
    duration_in_months: int | None


def retention_offer(coupon_id: str) -> Offer | None:
    """The coupon to offer before a cancellation, or None when it is missing or no longer valid."""
    try:
        coupon = call(v1().coupons.retrieve, coupon_id)
    except BillingError as error:
        if error.status >= 500:
            raise
        return None
    coupon = plain(coupon)
    if not coupon.get("valid", True):
        return None
    amount_off = coupon.get("amount_off")
    return Offer(
        coupon_id=coupon["id"],
        name=coupon.get("name") or "",
        percent_off=coupon.get("percent_off"),
        amount_off=Money(int(amount_off), coupon["currency"]) if amount_off else None,
        duration=coupon.get("duration") or "once",
        duration_in_months=coupon.get("duration_in_months"),
    )


def apply_coupon(subscription: Subscription, coupon_id: str, nonce: str | None) -> Subscription:
    return update(subscription, "retain", nonce, {
        "discounts": with_existing_discounts(subscription, {"coupon": coupon_id}),
    })


def _redeemable(promo: dict[str, Any], now: float) -> bool:
    expired = promo.get("expires_at") and promo["expires_at"] <= now
    used_up = promo.get("max_redemptions") and (promo.get("times_redeemed") or 0) >= promo["max_redemptions"]
    return bool(promo.get("active") and not expired and not used_up)


def find_promotion_code(code: str, customer_id: str) -> str:
    """The id of a redeemable promotion code typed by a customer, or BillingError saying why not."""
    page = call(v1().promotion_codes.list, params={"code": code, "limit": 10})
    now = time.time()
    found = [promo for promo in map(plain, page.data) if promo.get("customer") in (None, customer_id)]
    if not found:
        raise BillingError(_l("We don't recognize that code. Check it and try again."), code="promotion_code_unknown")
    for promo in found:
        if _redeemable(promo, now):
            return promo["id"]
    raise BillingError(_l("That code has expired or can no longer be used."), code="promotion_code_expired")


def promotion_offer(promotion_code_id: str, customer_id: str) -> Offer | None:
    """The coupon of the promotion code `promotion_code_id` (an id, not the typed code) when `customer_id` may
    redeem it now, else None (missing, inactive, expired, used up, or another customer's)."""
    try:
        promo = plain(call(v1().promotion_codes.retrieve, promotion_code_id))
    except BillingError as error:
        if error.status >= 500:
            raise
        return None
    if promo.get("customer") not in (None, customer_id) or not _redeemable(promo, time.time()):
        return None
    coupon = (promo.get("promotion") or {}).get("coupon") or promo.get("coupon")
    coupon_id = coupon.get("id") if isinstance(coupon, dict) else coupon
    return retention_offer(coupon_id) if coupon_id else None


def apply_promotion_code(subscription: Subscription, promotion_code_id: str, nonce: str | None) -> Subscription:
    return update(subscription, "promotion-code", nonce, {
        "discounts": with_existing_discounts(subscription, {"promotion_code": promotion_code_id}),
    })
