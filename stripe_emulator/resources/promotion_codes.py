"""Promotion codes: customer-facing codes for a coupon (`promotion.coupon`); create, retrieve, update, list."""

import copy
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param
from ..ids import new_id, random_token
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata
from .coupons import refresh_validity

CREATE = {"active": bool, "code": str, "customer": str, "expand": EXPAND, "expires_at": int,
          "max_redemptions": int, "metadata": METADATA,
          "promotion": {"coupon": str, "type": Enum("coupon")},
          "restrictions": {"first_time_transaction": bool}}
UPDATE = {"active": bool, "expand": EXPAND, "metadata": METADATA}
LIST = {**LIST_PARAMS, "active": bool, "code": str, "coupon": str, "created": CREATED, "customer": str}


def refresh_active(promo: dict[str, Any], now: int) -> dict[str, Any]:
    """A code deactivates once it expires or reaches `max_redemptions`, as Stripe does."""
    expired = promo["expires_at"] is not None and now >= promo["expires_at"]
    used_up = promo["max_redemptions"] is not None and promo["times_redeemed"] >= promo["max_redemptions"]
    if expired or used_up:
        promo["active"] = False
    return promo


def _restrictions(spec: dict[str, Any] | None) -> dict[str, Any]:
    return {"currency_options": {}, "first_time_transaction": bool((spec or {}).get("first_time_transaction")),
            "minimum_amount": None, "minimum_amount_currency": None}


@endpoint("POST", "/v1/promotion_codes", params=CREATE, sdk_params="PromotionCodeCreateParams")
def create_promotion_code(call: Call) -> dict:
    p = call.params
    promotion = p.get("promotion") or {}
    if not promotion.get("coupon"):
        raise missing_param("promotion[coupon]")
    coupon = refresh_validity(call.store.get("coupon", promotion["coupon"], param="promotion[coupon]"), call.now())
    if not coupon["valid"]:
        raise invalid_request(f"Coupon {coupon['id']} is no longer valid.", param="promotion[coupon]")
    if p.get("customer"):
        call.store.get("customer", p["customer"], param="customer")
    code = p.get("code") or random_token(8).upper()
    if any(other["code"].lower() == code.lower() and other["active"]
           for other in call.store.iter_kind("promotion_code")):
        raise invalid_request("An active promotion code with `code` already exists.", param="code")
    if p.get("expires_at") is not None and p["expires_at"] <= call.now():
        raise invalid_request("expires_at must be in the future.", param="expires_at")
    promo = {
        "id": new_id("promo"), "object": "promotion_code", "active": p.get("active", True), "code": code,
        "created": call.now(), "customer": p.get("customer"), "customer_account": None,
        "expires_at": p.get("expires_at"), "livemode": False, "max_redemptions": p.get("max_redemptions"),
        "metadata": merge_metadata({}, p.get("metadata") or {}),
        "promotion": {"coupon": coupon["id"], "type": "coupon"},
        "restrictions": _restrictions(p.get("restrictions")), "times_redeemed": 0,
    }
    call.store.add(promo)
    call.emit("promotion_code.created", promo)
    return promo


@endpoint("GET", "/v1/promotion_codes/<promotion_code>", params={"expand": EXPAND},
          sdk_params="PromotionCodeRetrieveParams")
def retrieve_promotion_code(call: Call, promotion_code: str) -> dict:
    return refresh_active(call.store.get("promotion_code", promotion_code), call.now())


@endpoint("POST", "/v1/promotion_codes/<promotion_code>", params=UPDATE, sdk_params="PromotionCodeUpdateParams")
def update_promotion_code(call: Call, promotion_code: str) -> dict:
    promo = refresh_active(call.store.get("promotion_code", promotion_code), call.now())
    before = copy.deepcopy(promo)
    if call.params.get("active") and not before["active"] and (
            promo["expires_at"] is not None and call.now() >= promo["expires_at"]):
        raise invalid_request("An expired promotion code cannot be reactivated.", param="active")
    if call.params.get("active") is not None:
        promo["active"] = call.params["active"]
    if "metadata" in call.params:
        promo["metadata"] = merge_metadata(promo["metadata"], call.params["metadata"])
    call.emit("promotion_code.updated", promo, previous=before)
    return promo


@endpoint("GET", "/v1/promotion_codes", params=LIST, sdk_params="PromotionCodeListParams")
def list_promotion_codes(call: Call) -> dict:
    p = call.params
    codes = [
        promo for promo in (refresh_active(item, call.now()) for item in call.store.all("promotion_code"))
        if (p.get("active") is None or promo["active"] == p["active"])
        and (not p.get("code") or promo["code"].lower() == p["code"].lower())
        and (not p.get("coupon") or promo["promotion"]["coupon"] == p["coupon"])
        and (not p.get("customer") or promo["customer"] == p["customer"])
        and created_matches(promo["created"], p.get("created"))
    ]
    return paginate(codes, p, url="/v1/promotion_codes", object_name="promotion_code")
