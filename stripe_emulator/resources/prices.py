"""Prices: create (for a product or with `product_data`), retrieve, update, list; lookup keys."""

import copy
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param
from ..ids import new_id
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata, set_fields
from .products import check_statement_descriptor, new_product

INTERVALS = Enum("day", "week", "month", "year")
MAX_INTERVAL_COUNT = {"day": 1095, "week": 156, "month": 36, "year": 3}
TAX_BEHAVIOR = Enum("exclusive", "inclusive", "unspecified")

CREATE = {
    "active": bool,
    "currency": str,
    "expand": EXPAND,
    "lookup_key": str,
    "metadata": METADATA,
    "nickname": str,
    "product": str,
    "product_data": {"active": bool, "id": str, "metadata": METADATA, "name": str,
                     "statement_descriptor": str, "tax_code": str, "unit_label": str},
    "recurring": {"interval": INTERVALS, "interval_count": int, "trial_period_days": int,
                  "usage_type": Enum("licensed")},
    "tax_behavior": TAX_BEHAVIOR,
    "transfer_lookup_key": bool,
    "unit_amount": int,
    "unit_amount_decimal": str,
}
UPDATE = {"active": bool, "expand": EXPAND, "lookup_key": str, "metadata": METADATA, "nickname": str,
          "tax_behavior": TAX_BEHAVIOR, "transfer_lookup_key": bool}
LIST = {**LIST_PARAMS, "active": bool, "created": CREATED, "currency": str, "lookup_keys": [str],
        "product": str, "recurring": {"interval": INTERVALS, "usage_type": Enum("licensed", "metered")},
        "type": Enum("one_time", "recurring")}


def _recurring(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    if not spec:
        return None
    if not spec.get("interval"):
        raise missing_param("recurring[interval]")
    interval, count = spec["interval"], spec.get("interval_count") or 1
    if not 1 <= count <= MAX_INTERVAL_COUNT[interval]:
        raise invalid_request("The maximum billing period is 3 years; interval_count must be between 1 and "
                              f"{MAX_INTERVAL_COUNT[interval]} for interval {interval}.",
                              param="recurring[interval_count]")
    return {"interval": interval, "interval_count": count, "meter": None,
            "trial_period_days": spec.get("trial_period_days"), "usage_type": "licensed"}


def plan_of(price: dict[str, Any]) -> dict[str, Any]:
    """The Plan a recurring price is also known as (subscription items still carry it as `plan`)."""
    recurring = price["recurring"]
    return {
        "id": price["id"], "object": "plan", "active": price["active"], "amount": price["unit_amount"],
        "amount_decimal": price["unit_amount_decimal"], "billing_scheme": price["billing_scheme"],
        "created": price["created"], "currency": price["currency"], "interval": recurring["interval"],
        "interval_count": recurring["interval_count"], "livemode": False, "metadata": dict(price["metadata"]),
        "meter": recurring["meter"], "nickname": price["nickname"], "product": price["product"],
        "tiers_mode": price["tiers_mode"], "transform_usage": None,
        "trial_period_days": recurring["trial_period_days"], "usage_type": recurring["usage_type"],
    }


def _unit_amount(params: dict[str, Any]) -> int:
    if params.get("unit_amount") is not None:
        amount = params["unit_amount"]
    elif params.get("unit_amount_decimal"):
        try:
            amount = int(round(float(params["unit_amount_decimal"])))
        except ValueError:
            raise invalid_request("Invalid decimal: " + params["unit_amount_decimal"],
                                  param="unit_amount_decimal") from None
    else:
        raise missing_param("unit_amount")
    if amount < 0:
        raise invalid_request("Invalid integer: unit_amount must be at least 0.", param="unit_amount")
    return amount


def _product_for(call: Call, params: dict[str, Any]) -> str:
    if params.get("product") and params.get("product_data"):
        raise invalid_request("You may only specify one of these parameters: product, product_data.",
                              param="product_data")
    if params.get("product"):
        return call.store.get("product", params["product"], param="product")["id"]
    data = params.get("product_data")
    if not data:
        raise missing_param("product")
    if not data.get("name"):
        raise missing_param("product_data[name]")
    if data.get("statement_descriptor"):
        check_statement_descriptor(data["statement_descriptor"], "product_data[statement_descriptor]")
    product = new_product(data.get("id") or new_id("prod", 14), call.now())
    product.update({
        "active": data.get("active", True), "metadata": merge_metadata({}, data.get("metadata") or {}),
        "name": data["name"], "statement_descriptor": data.get("statement_descriptor"),
        "tax_code": data.get("tax_code"), "unit_label": data.get("unit_label"),
    })
    call.store.add(product)
    call.emit("product.created", product)
    return product["id"]


def _claim_lookup_key(call: Call, price: dict[str, Any], lookup_key: str | None, transfer: bool) -> None:
    if lookup_key:
        for other in call.store.iter_kind("price"):
            if other["lookup_key"] == lookup_key and other["id"] != price["id"]:
                if not transfer:
                    raise invalid_request(f"A price (`{other['id']}`) already uses that lookup key.",
                                          param="lookup_key")
                before = copy.deepcopy(other)
                other["lookup_key"] = None
                call.emit("price.updated", other, previous=before)
    price["lookup_key"] = lookup_key or None


@endpoint("POST", "/v1/prices", params=CREATE, sdk_params="PriceCreateParams")
def create_price(call: Call) -> dict:
    p = call.params
    if not p.get("currency"):
        raise missing_param("currency")
    amount = _unit_amount(p)
    recurring = _recurring(p.get("recurring"))
    product_id = _product_for(call, p)
    price = {
        "id": new_id("price"), "object": "price", "active": p.get("active", True), "billing_scheme": "per_unit",
        "created": call.now(), "currency": p["currency"].lower(), "custom_unit_amount": None, "livemode": False,
        "lookup_key": None, "metadata": merge_metadata({}, p.get("metadata") or {}), "nickname": p.get("nickname"),
        "product": product_id, "recurring": recurring, "tax_behavior": p.get("tax_behavior", "unspecified"),
        "tiers_mode": None, "transform_quantity": None, "type": "recurring" if recurring else "one_time",
        "unit_amount": amount, "unit_amount_decimal": str(amount),
    }
    _claim_lookup_key(call, price, p.get("lookup_key"), bool(p.get("transfer_lookup_key")))
    call.store.add(price)
    call.emit("price.created", price)
    return price


@endpoint("GET", "/v1/prices/<price>", params={"expand": EXPAND}, sdk_params="PriceRetrieveParams")
def retrieve_price(call: Call, price: str) -> dict:
    return call.store.get("price", price)


@endpoint("POST", "/v1/prices/<price>", params=UPDATE, sdk_params="PriceUpdateParams")
def update_price(call: Call, price: str) -> dict:
    obj = call.store.get("price", price)
    before = copy.deepcopy(obj)
    p = call.params
    if "tax_behavior" in p and obj["tax_behavior"] != "unspecified" and p["tax_behavior"] != obj["tax_behavior"]:
        raise invalid_request("Tax behavior cannot be changed once it is set to inclusive or exclusive.",
                              param="tax_behavior")
    set_fields(obj, p, ("active", "nickname", "tax_behavior"))
    if "metadata" in p:
        obj["metadata"] = merge_metadata(obj["metadata"], p["metadata"])
    if "lookup_key" in p:
        _claim_lookup_key(call, obj, p["lookup_key"], bool(p.get("transfer_lookup_key")))
    call.emit("price.updated", obj, previous=before)
    return obj


@endpoint("GET", "/v1/prices", params=LIST, sdk_params="PriceListParams")
def list_prices(call: Call) -> dict:
    p = call.params
    recurring = p.get("recurring") or {}
    prices = [
        price for price in call.store.all("price")
        if (p.get("active") is None or price["active"] == p["active"])
        and (not p.get("currency") or price["currency"] == p["currency"].lower())
        and (not p.get("product") or price["product"] == p["product"])
        and (not p.get("type") or price["type"] == p["type"])
        and (not p.get("lookup_keys") or price["lookup_key"] in p["lookup_keys"])
        and (not recurring.get("interval") or (price["recurring"] or {}).get("interval") == recurring["interval"])
        and (not recurring.get("usage_type")
             or (price["recurring"] or {}).get("usage_type") == recurring["usage_type"])
        and created_matches(price["created"], p.get("created"))
    ]
    return paginate(prices, p, url="/v1/prices", object_name="price")
