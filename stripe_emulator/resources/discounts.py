"""Discount objects: redeeming `discounts[]` (coupon / promotion_code / discount) and which apply when."""

from typing import Any

from ..errors import invalid_request
from ..ids import new_id
from .billing_math import add_months
from .coupons import refresh_validity
from .promotion_codes import refresh_active

DISCOUNT_SPEC = {"coupon": str, "discount": str, "promotion_code": str}


def _has_paid(store: Any, customer: str) -> bool:
    return any(invoice["customer"] == customer and invoice["amount_paid"] > 0
               for invoice in store.iter_kind("invoice"))


def _coupon_for(store: Any, spec: dict[str, Any], customer: str, index: int) -> tuple[dict, dict | None]:
    """The (coupon, promotion code) a discount spec names, checked as Stripe checks them."""
    if spec.get("promotion_code"):
        param = f"discounts[{index}][promotion_code]"
        promo = refresh_active(store.get("promotion_code", spec["promotion_code"], param=param), store.now())
        if not promo["active"]:
            raise invalid_request(f"This promotion code is inactive: '{promo['code']}'.", param=param)
        if promo["customer"] and promo["customer"] != customer:
            raise invalid_request("This promotion code cannot be redeemed by this customer.", param=param)
        if promo["restrictions"]["first_time_transaction"] and _has_paid(store, customer):
            raise invalid_request("This promotion code is only for customers who have never made a payment.",
                                  param=param)
        coupon = store.get("coupon", promo["promotion"]["coupon"], param=param)
    elif spec.get("coupon"):
        param = f"discounts[{index}][coupon]"
        promo, coupon = None, store.get("coupon", spec["coupon"], param=param)
    else:
        raise invalid_request("Each discount needs a coupon or a promotion_code.", param=f"discounts[{index}]")
    if not refresh_validity(coupon, store.now())["valid"]:
        raise invalid_request(f"Coupon {coupon['id']} is no longer valid.", param=param)
    return coupon, promo


def redeem(store: Any, specs: list[dict[str, Any]] | None, *, customer: str,
           current: list[str] | None = None) -> list[str]:
    """Discount ids for `discounts[]` params, checked as Stripe checks them; new ones are stored unclaimed.

    `{"discount": "di_..."}` keeps a discount the subscription already has, and a
    coupon it already has keeps its discount. New discounts count as redemptions
    only once `claim`ed (a preview or a refused request never claims them).
    """
    ids: list[str] = []
    for index, spec in enumerate(specs or []):
        if spec.get("discount"):
            if spec["discount"] not in (current or []):
                raise invalid_request(f"No such discount: '{spec['discount']}'", param=f"discounts[{index}][discount]")
            ids.append(spec["discount"])
            continue
        coupon, promo = _coupon_for(store, spec, customer, index)
        existing = next((d for d in current or [] if store.find(d)["source"]["coupon"] == coupon["id"]), None)
        if existing:
            ids.append(existing)
            continue
        now = store.now()
        months = coupon["duration_in_months"] if coupon["duration"] == "repeating" else None
        discount = {
            "id": new_id("di"), "object": "discount", "checkout_session": None, "customer": customer,
            "customer_account": None, "end": add_months(now, months) if months else None, "invoice": None,
            "invoice_item": None, "promotion_code": promo["id"] if promo else None,
            "source": {"coupon": coupon["id"], "type": "coupon"}, "start": now,
            "subscription": None, "subscription_item": None, "_claimed": False,
        }
        store.add(discount)
        ids.append(discount["id"])
    return ids


def claim(store: Any, discount_ids: list[str], subscription: str) -> None:
    """Attach new discounts to the subscription and count their coupon and code redemptions."""
    for discount_id in discount_ids:
        discount = store.find(discount_id)
        if discount["_claimed"]:
            continue
        discount.update({"_claimed": True, "subscription": subscription})
        coupon = store.find(discount["source"]["coupon"])
        coupon["times_redeemed"] += 1
        refresh_validity(coupon, store.now())
        if discount["promotion_code"]:
            promo = store.find(discount["promotion_code"])
            promo["times_redeemed"] += 1
            refresh_active(promo, store.now())


def active_coupons(store: Any, discount_ids: list[str], at: int) -> list[tuple[str, dict[str, Any]]]:
    """(discount id, coupon) for each discount in effect at `at` (repeating ones end after their months)."""
    result = []
    for discount_id in discount_ids:
        discount = store.find(discount_id)
        if discount is None or (discount["end"] is not None and at >= discount["end"]):
            continue
        result.append((discount_id, store.find(discount["source"]["coupon"])))
    return result


def drop_used_once(store: Any, subscription: dict[str, Any], invoice: dict[str, Any]) -> None:
    """`duration: once` discounts leave the subscription after the first invoice they reduced."""
    used = {entry["discount"] for entry in invoice["total_discount_amounts"] if entry["amount"]}
    subscription["discounts"] = [
        discount_id for discount_id in subscription["discounts"]
        if discount_id not in used or store.find(store.find(discount_id)["source"]["coupon"])["duration"] != "once"
    ]
