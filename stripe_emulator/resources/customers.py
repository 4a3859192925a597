"""Customers: create, retrieve, update, delete, list (exact, case-sensitive `email`, newest first)."""

import copy
import re
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_param, invalid_request, missing_param
from ..ids import new_id, random_token
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata, set_fields
from .payment_methods import ADDRESS, attach, resolve_payment_method
from .tax_ids import TAX_ID_TYPE, new_tax_id

INVOICE_SETTINGS = {
    "custom_fields": [{"name": str, "value": str}],
    "default_payment_method": str,
    "footer": str,
    "rendering_options": {"amount_tax_display": Enum("exclude_tax", "include_inclusive_tax"), "template": str},
}
EDITABLE = {
    "address": ADDRESS,
    "balance": int,
    "business_name": str,
    "description": str,
    "email": str,
    "expand": EXPAND,
    "individual_name": str,
    "invoice_prefix": str,
    "invoice_settings": INVOICE_SETTINGS,
    "metadata": METADATA,
    "name": str,
    "next_invoice_sequence": int,
    "phone": str,
    "preferred_locales": [str],
    "shipping": {"address": ADDRESS, "name": str, "phone": str},
    "tax_exempt": Enum("exempt", "none", "reverse"),
}
CREATE = {**EDITABLE, "payment_method": str, "tax_id_data": [{"type": TAX_ID_TYPE, "value": str}]}
LIST = {**LIST_PARAMS, "created": CREATED, "email": str}

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INVOICE_PREFIX = re.compile(r"^[A-Z0-9]{1,12}$")
PLAIN_FIELDS = ("balance", "business_name", "description", "individual_name", "name", "phone", "tax_exempt")


def _address(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {key: value.get(key) or None for key in ADDRESS}


def _shipping(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    if not value.get("name"):
        raise missing_param("shipping[name]")
    if value.get("address") is None:
        raise missing_param("shipping[address]")
    return {"address": _address(value["address"]), "carrier": None, "name": value["name"],
            "phone": value.get("phone") or None, "tracking_number": None}


def _default_payment_method(call: Call, customer_id: str, pm_id: str | None) -> str | None:
    if not pm_id:
        return None
    param = "invoice_settings[default_payment_method]"
    payment_method = call.store.get("payment_method", pm_id, param=param)
    if payment_method["customer"] != customer_id:
        raise invalid_request(f"The customer does not have a payment method with the ID {pm_id}. The payment "
                              "method must be attached to the customer.", param=param, code="resource_missing")
    return pm_id


def _apply(call: Call, customer: dict[str, Any], p: dict[str, Any]) -> None:
    if p.get("email"):
        if len(p["email"]) > 512 or not EMAIL.match(p["email"]):
            raise invalid_param(f"Invalid email address: {p['email']}", param="email", code="email_invalid")
    if "email" in p:
        customer["email"] = p["email"] or None
    if p.get("invoice_prefix") and not INVOICE_PREFIX.match(p["invoice_prefix"]):
        raise invalid_param("Invoice prefix must be 1-12 uppercase letters or numbers.", param="invoice_prefix")
    set_fields(customer, p, PLAIN_FIELDS + ("invoice_prefix", "next_invoice_sequence"))
    if customer["balance"] is None:
        customer["balance"] = 0
    if "address" in p:
        customer["address"] = _address(p["address"])
    if "shipping" in p:
        customer["shipping"] = _shipping(p["shipping"])
    if "preferred_locales" in p:
        customer["preferred_locales"] = p["preferred_locales"] or []
    if "metadata" in p:
        customer["metadata"] = merge_metadata(customer["metadata"], p["metadata"])
    settings = p.get("invoice_settings") or {}
    invoice_settings = customer["invoice_settings"]
    if "default_payment_method" in settings:
        invoice_settings["default_payment_method"] = _default_payment_method(
            call, customer["id"], settings["default_payment_method"])
    if "custom_fields" in settings:
        invoice_settings["custom_fields"] = settings["custom_fields"] or None
    if "footer" in settings:
        invoice_settings["footer"] = settings["footer"] or None
    if "rendering_options" in settings:
        options = settings["rendering_options"]
        invoice_settings["rendering_options"] = None if options is None else {
            "amount_tax_display": options.get("amount_tax_display"), "template": options.get("template")}


def _new_customer(call: Call) -> dict[str, Any]:
    return {
        "id": new_id("cus", 14), "object": "customer", "address": None, "balance": 0, "business_name": None,
        "created": call.now(), "currency": None, "customer_account": None, "default_source": None,
        "delinquent": False, "description": None, "discount": None, "email": None, "individual_name": None,
        "invoice_prefix": random_token(8).upper(),
        "invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None,
                             "rendering_options": None},
        "livemode": False, "metadata": {}, "name": None, "next_invoice_sequence": 1, "phone": None,
        "preferred_locales": [], "shipping": None, "tax_exempt": "none", "test_clock": None,
    }


@endpoint("POST", "/v1/customers", params=CREATE, sdk_params="CustomerCreateParams")
def create_customer(call: Call) -> dict:
    p = call.params
    customer = _new_customer(call)
    call.store.add(customer)
    if p.get("payment_method"):
        attach(call, resolve_payment_method(call, p["payment_method"]), customer["id"])
    _apply(call, customer, {k: v for k, v in p.items() if k not in ("payment_method", "tax_id_data")})
    call.emit("customer.created", customer)
    for index, data in enumerate(p.get("tax_id_data") or []):
        new_tax_id(call, customer["id"], data.get("type"), data.get("value"), prefix=f"tax_id_data[{index}]")
    return customer


@endpoint("GET", "/v1/customers/<customer>", params={"expand": EXPAND}, sdk_params="CustomerRetrieveParams")
def retrieve_customer(call: Call, customer: str) -> dict:
    obj = call.store.find(customer)
    if obj is not None and obj.get("object") == "customer" and obj.get("_deleted"):
        return {"id": customer, "object": "customer", "deleted": True}
    return call.store.get("customer", customer)


@endpoint("POST", "/v1/customers/<customer>", params=EDITABLE, sdk_params="CustomerUpdateParams")
def update_customer(call: Call, customer: str) -> dict:
    obj = call.store.get("customer", customer)
    before = copy.deepcopy(obj)
    _apply(call, obj, call.params)
    call.emit("customer.updated", obj, previous=before)
    return obj


@endpoint("DELETE", "/v1/customers/<customer>", params={}, sdk_params="CustomerDeleteParams")
def delete_customer(call: Call, customer: str) -> dict:
    obj = call.store.get("customer", customer)
    for payment_method in call.store.iter_kind("payment_method"):
        if payment_method["customer"] == customer:
            payment_method["customer"] = None
            payment_method["_detached"] = True
    obj["_deleted"] = True
    call.emit("customer.deleted", obj)
    return {"id": customer, "object": "customer", "deleted": True}


@endpoint("GET", "/v1/customers", params=LIST, sdk_params="CustomerListParams")
def list_customers(call: Call) -> dict:
    p = call.params
    customers = [
        customer for customer in call.store.all("customer")
        if (p.get("email") is None or customer["email"] == p["email"])
        and created_matches(customer["created"], p.get("created"))
    ]
    return paginate(customers, p, url="/v1/customers", object_name="customer")
