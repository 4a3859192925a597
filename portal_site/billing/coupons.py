"""Coupons as the merchant dashboard needs them: does this id exist in Stripe, and can it still be redeemed."""
from dataclasses import dataclass

from portal_site.billing.client import call, v1
from portal_site.billing.errors import NotFound
from portal_site.billing.money import Money


@dataclass(frozen=True)
class Coupon:
    id: str
    name: str
    percent_off: float | None
    amount_off: Money | None
    duration: str
    duration_in_months: int | None
    valid: bool


def find(coupon_id):
    """The coupon with this id, or None when Stripe has no such coupon."""
    try:
        coupon = call(v1().coupons.retrieve, coupon_id)
    except NotFound:
        return None
    amount_off = Money(coupon.amount_off, coupon.currency) if getattr(coupon, "amount_off", None) else None
    return Coupon(
        id=coupon.id,
        name=getattr(coupon, "name", None) or coupon.id,
        percent_off=getattr(coupon, "percent_off", None),
        amount_off=amount_off,
        duration=getattr(coupon, "duration", None) or "once",
        duration_in_months=getattr(coupon, "duration_in_months", None),
        valid=bool(getattr(coupon, "valid", True)),
    )
