"""Coupons and promotion codes as the merchant dashboard needs them: find, list and create.

Every create carries an idempotency key derived from the dashboard form's nonce, so a
double submit creates one coupon or one promotion code.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from portal_site.billing.client import call, idempotency_options, parallel, v1
from portal_site.billing.errors import NotFound
from portal_site.billing.money import Money

LIST_LIMIT = 100


@dataclass(frozen=True)
class Coupon:
    id: str
    name: str
    percent_off: float | None
    amount_off: Money | None
    duration: str
    duration_in_months: int | None
    valid: bool
    times_redeemed: int = 0


@dataclass(frozen=True)
class PromotionCode:
    id: str
    code: str
    coupon_id: str
    active: bool
    max_redemptions: int | None
    times_redeemed: int
    expires_at: datetime | None


@dataclass(frozen=True)
class CouponFields:
    """A new coupon: exactly one of `percent_off` and `amount_off` (with `currency`)."""

    name: str
    duration: str
    percent_off: float | None = None
    amount_off: int | None = None
    currency: str = "usd"
    duration_in_months: int | None = None
    id: str = ""


def _coupon(obj: Any) -> Coupon:
    amount_off = Money(obj.amount_off, obj.currency) if getattr(obj, "amount_off", None) else None
    return Coupon(
        id=obj.id,
        name=getattr(obj, "name", None) or obj.id,
        percent_off=getattr(obj, "percent_off", None),
        amount_off=amount_off,
        duration=getattr(obj, "duration", None) or "once",
        duration_in_months=getattr(obj, "duration_in_months", None),
        valid=bool(getattr(obj, "valid", True)),
        times_redeemed=getattr(obj, "times_redeemed", 0) or 0,
    )


def _promotion_code(obj: Any) -> PromotionCode:
    promotion = getattr(obj, "promotion", None)
    coupon = getattr(promotion, "coupon", None) if promotion else None
    expires_at = getattr(obj, "expires_at", None)
    return PromotionCode(
        id=obj.id,
        code=obj.code,
        coupon_id=coupon if isinstance(coupon, str) else getattr(coupon, "id", ""),
        active=bool(obj.active),
        max_redemptions=getattr(obj, "max_redemptions", None),
        times_redeemed=getattr(obj, "times_redeemed", 0) or 0,
        expires_at=datetime.fromtimestamp(expires_at, UTC) if expires_at else None,
    )


def find(coupon_id: str) -> Coupon | None:
    """The coupon with this id, or None when Stripe has no such coupon."""
    try:
        return _coupon(call(v1().coupons.retrieve, coupon_id))
    except NotFound:
        return None


def _all(list_method: Callable[..., Any]) -> list[Any]:
    return call(lambda: list(list_method(params={"limit": LIST_LIMIT}).auto_paging_iter()))


def all_coupons() -> list[Coupon]:
    """Every coupon, newest first."""
    return [_coupon(obj) for obj in _all(v1().coupons.list)]


def coupons_and_codes() -> tuple[list[Coupon], list[PromotionCode]]:
    """Every coupon and every promotion code, read at once."""
    coupons, codes = parallel(lambda: _all(v1().coupons.list), lambda: _all(v1().promotion_codes.list))
    return [_coupon(obj) for obj in coupons], [_promotion_code(obj) for obj in codes]


def create_coupon(fields: CouponFields, nonce: str | None) -> Coupon:
    params: dict[str, Any] = {"duration": fields.duration, "name": fields.name}
    if fields.id:
        params["id"] = fields.id
    if fields.percent_off is not None:
        params["percent_off"] = fields.percent_off
    else:
        params.update(amount_off=fields.amount_off, currency=fields.currency)
    if fields.duration == "repeating":
        params["duration_in_months"] = fields.duration_in_months
    obj = call(v1().coupons.create, params=params, options=idempotency_options("coupons", "create-coupon", nonce))
    return _coupon(obj)


def create_promotion_code(*, coupon_id: str, code: str, max_redemptions: int | None = None,
                          expires_at: datetime | None = None, nonce: str | None) -> PromotionCode:
    """A customer-facing code for a coupon; `expires_at` a datetime, both limits optional."""
    params: dict[str, Any] = {"promotion": {"type": "coupon", "coupon": coupon_id}, "code": code}
    if max_redemptions is not None:
        params["max_redemptions"] = max_redemptions
    if expires_at is not None:
        params["expires_at"] = int(expires_at.timestamp())
    obj = call(v1().promotion_codes.create, params=params,
               options=idempotency_options("promotion-codes", "create-promotion-code", nonce))
    return _promotion_code(obj)
