"""Coupons: create, retrieve, update (name, metadata), delete, list; validity from redeem_by and redemptions."""

import copy
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param
from ..ids import random_token
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata

DURATIONS = Enum("forever", "once", "repeating")
CREATE = {"amount_off": int, "applies_to": {"products": [str]}, "currency": str, "duration": DURATIONS,
          "duration_in_months": int, "expand": EXPAND, "id": str, "max_redemptions": int,
          "metadata": METADATA, "name": str, "percent_off": float, "redeem_by": int}
UPDATE = {"expand": EXPAND, "metadata": METADATA, "name": str}
LIST = {**LIST_PARAMS, "created": CREATED}


def refresh_validity(coupon: dict[str, Any], now: int) -> dict[str, Any]:
    """A coupon stops being valid once `redeem_by` passes or `max_redemptions` is reached."""
    expired = coupon["redeem_by"] is not None and now >= coupon["redeem_by"]
    used_up = coupon["max_redemptions"] is not None and coupon["times_redeemed"] >= coupon["max_redemptions"]
    coupon["valid"] = not (expired or used_up)
    return coupon


def _check_create(p: dict[str, Any], now: int) -> None:
    if (p.get("percent_off") is None) == (p.get("amount_off") is None):
        raise invalid_request("You must pass exactly one of percent_off or amount_off.", param="percent_off")
    if p.get("percent_off") is not None and not 0 < p["percent_off"] <= 100:
        raise invalid_request("Percent off must be between 0 and 100.", param="percent_off")
    if p.get("amount_off") is not None:
        if p["amount_off"] <= 0:
            raise invalid_request("Amount off must be a positive integer.", param="amount_off")
        if not p.get("currency"):
            raise invalid_request("You must pass currency when passing amount_off.", param="currency")
    duration = p.get("duration") or "once"
    if duration == "repeating" and not p.get("duration_in_months"):
        raise missing_param("duration_in_months")
    if duration != "repeating" and p.get("duration_in_months") is not None:
        raise invalid_request("You may only specify duration_in_months when duration is repeating.",
                              param="duration_in_months")
    if p.get("max_redemptions") is not None and p["max_redemptions"] < 1:
        raise invalid_request("Max redemptions must be a positive integer.", param="max_redemptions")
    if p.get("redeem_by") is not None and p["redeem_by"] <= now:
        raise invalid_request("Redeem by must be in the future.", param="redeem_by")


@endpoint("POST", "/v1/coupons", params=CREATE, sdk_params="CouponCreateParams")
def create_coupon(call: Call) -> dict:
    p = call.params
    _check_create(p, call.now())
    coupon_id = p.get("id") or random_token(8)
    if call.store.find(coupon_id):
        raise invalid_request("Coupon already exists.", param="id", code="resource_already_exists")
    coupon = {
        "id": coupon_id, "object": "coupon", "amount_off": p.get("amount_off"),
        "applies_to": {"products": p["applies_to"].get("products") or []} if p.get("applies_to") else None,
        "created": call.now(), "currency": (p.get("currency") or "").lower() or None,
        "duration": p.get("duration") or "once", "duration_in_months": p.get("duration_in_months"),
        "livemode": False, "max_redemptions": p.get("max_redemptions"),
        "metadata": merge_metadata({}, p.get("metadata") or {}), "name": p.get("name"),
        "percent_off": p.get("percent_off"), "redeem_by": p.get("redeem_by"), "times_redeemed": 0, "valid": True,
    }
    call.store.add(coupon)
    call.emit("coupon.created", coupon)
    return coupon


@endpoint("GET", "/v1/coupons/<coupon>", params={"expand": EXPAND}, sdk_params="CouponRetrieveParams")
def retrieve_coupon(call: Call, coupon: str) -> dict:
    return refresh_validity(call.store.get("coupon", coupon), call.now())


@endpoint("POST", "/v1/coupons/<coupon>", params=UPDATE, sdk_params="CouponUpdateParams")
def update_coupon(call: Call, coupon: str) -> dict:
    obj = refresh_validity(call.store.get("coupon", coupon), call.now())
    before = copy.deepcopy(obj)
    if "name" in call.params:
        obj["name"] = call.params["name"] or None
    if "metadata" in call.params:
        obj["metadata"] = merge_metadata(obj["metadata"], call.params["metadata"])
    call.emit("coupon.updated", obj, previous=before)
    return obj


@endpoint("DELETE", "/v1/coupons/<coupon>", params={}, sdk_params="CouponDeleteParams")
def delete_coupon(call: Call, coupon: str) -> dict:
    """Deleting stops new redemptions; discounts already applied keep working (the coupon stays stored)."""
    obj = call.store.get("coupon", coupon)
    obj["_deleted"] = True
    call.emit("coupon.deleted", obj)
    return {"id": coupon, "object": "coupon", "deleted": True}


@endpoint("GET", "/v1/coupons", params=LIST, sdk_params="CouponListParams")
def list_coupons(call: Call) -> dict:
    coupons = [refresh_validity(coupon, call.now()) for coupon in call.store.all("coupon")
               if created_matches(coupon["created"], call.params.get("created"))]
    return paginate(coupons, call.params, url="/v1/coupons", object_name="coupon")
