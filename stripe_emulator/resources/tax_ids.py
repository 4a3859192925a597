"""Customer tax IDs: create with format checks per type, retrieve, list, delete (`customer.tax_id.*`)."""

import re
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param, resource_missing
from ..expand import includable
from ..ids import new_id
from ..listing import as_list, paginate
from ..params import EXPAND, LIST_PARAMS, Enum
from .tax_id_formats import EXAMPLES, FORMATS, country, normalise

VERIFIED_TYPES = {"eu_vat", "gb_vat", "au_abn"}
TAX_ID_TYPE = Enum(*sorted(EXAMPLES))

CREATE = {"expand": EXPAND, "type": TAX_ID_TYPE, "value": str}


def _verification(type_: str, value: str) -> dict[str, Any]:
    """Stripe verifies EU, UK and AU numbers (in the emulator a number of all 1s is `unverified`) and
    reports `unavailable` for every other type."""
    digits = re.sub(r"\D", "", value)
    if type_ not in VERIFIED_TYPES:
        status = "unavailable"
    else:
        status = "unverified" if digits and set(digits) == {"1"} else "verified"
    return {"status": status, "verified_address": None, "verified_name": None}


def _name(prefix: str, field: str) -> str:
    return f"{prefix}[{field}]" if prefix else field


def new_tax_id(call: Call, customer_id: str, type_: str | None, value: str | None, prefix: str = "") -> dict:
    """Validate and store a tax ID for a customer (`prefix` names params like `tax_id_data[0]`)."""
    if not type_:
        raise missing_param(_name(prefix, "type"))
    if not value:
        raise missing_param(_name(prefix, "value"))
    normalised = normalise(value)
    if not FORMATS[type_].match(normalised):
        raise invalid_request(f"Invalid value for {type_}.", param=_name(prefix, "value"), code="tax_id_invalid")
    tax_id = {
        "id": new_id("txi"), "object": "tax_id", "country": country(type_, normalised),
        "created": call.now(), "customer": customer_id, "customer_account": None, "livemode": False,
        "owner": {"account": None, "application": None, "customer": customer_id, "customer_account": None,
                  "type": "customer"},
        "type": type_, "value": normalised, "verification": _verification(type_, normalised),
    }
    call.store.add(tax_id)
    call.emit("customer.tax_id.created", tax_id)
    return tax_id


def _customer_tax_ids(store: Any, customer_id: str) -> list[dict[str, Any]]:
    return [tax_id for tax_id in store.all("tax_id") if tax_id["customer"] == customer_id]


@includable("customer", "tax_ids")
def _included_tax_ids(store: Any, customer: dict[str, Any]) -> dict[str, Any]:
    return as_list(_customer_tax_ids(store, customer["id"]), url=f"/v1/customers/{customer['id']}/tax_ids")


def _get(call: Call, customer: str, tax_id: str) -> dict[str, Any]:
    call.store.get("customer", customer, param="customer")
    obj = call.store.get("tax_id", tax_id)
    if obj["customer"] != customer:
        raise resource_missing("tax_id", tax_id)
    return obj


@endpoint("POST", "/v1/customers/<customer>/tax_ids", params=CREATE, sdk_params="CustomerTaxIdCreateParams")
def create_tax_id(call: Call, customer: str) -> dict:
    call.store.get("customer", customer, param="customer")
    if len(_customer_tax_ids(call.store, customer)) >= 25:
        raise invalid_request("A customer can have at most 25 tax IDs.", code="tax_id_invalid")
    return new_tax_id(call, customer, call.params.get("type"), call.params.get("value"))


@endpoint("GET", "/v1/customers/<customer>/tax_ids", params=dict(LIST_PARAMS),
          sdk_params="CustomerTaxIdListParams")
def list_tax_ids(call: Call, customer: str) -> dict:
    call.store.get("customer", customer, param="customer")
    return paginate(_customer_tax_ids(call.store, customer), call.params,
                    url=f"/v1/customers/{customer}/tax_ids", object_name="tax_id")


@endpoint("GET", "/v1/customers/<customer>/tax_ids/<tax_id>", params={"expand": EXPAND},
          sdk_params="CustomerTaxIdRetrieveParams")
def retrieve_tax_id(call: Call, customer: str, tax_id: str) -> dict:
    return _get(call, customer, tax_id)


@endpoint("DELETE", "/v1/customers/<customer>/tax_ids/<tax_id>", params={}, sdk_params="CustomerTaxIdDeleteParams")
def delete_tax_id(call: Call, customer: str, tax_id: str) -> dict:
    obj = _get(call, customer, tax_id)
    call.store.remove(tax_id)
    call.emit("customer.tax_id.deleted", obj)
    return {"id": tax_id, "object": "tax_id", "deleted": True}
