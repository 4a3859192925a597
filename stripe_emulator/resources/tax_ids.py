"""Customer tax IDs: create with format checks per type, retrieve, list, delete (`customer.tax_id.*`)."""

import re
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_param, invalid_request, missing_param, resource_missing
from ..expand import includable
from ..ids import new_id
from ..listing import as_list, paginate
from ..params import EXPAND, LIST_PARAMS

EU_VAT_COUNTRIES = {
    "AT": "AT", "BE": "BE", "BG": "BG", "CY": "CY", "CZ": "CZ", "DE": "DE", "DK": "DK", "EE": "EE",
    "EL": "GR", "ES": "ES", "FI": "FI", "FR": "FR", "HR": "HR", "HU": "HU", "IE": "IE", "IT": "IT",
    "LT": "LT", "LU": "LU", "LV": "LV", "MT": "MT", "NL": "NL", "PL": "PL", "PT": "PT", "RO": "RO",
    "SE": "SE", "SI": "SI", "SK": "SK", "XI": "GB",
}

FORMATS: dict[str, tuple[re.Pattern[str], str | None]] = {
    "eu_vat": (re.compile(r"^(" + "|".join(EU_VAT_COUNTRIES) + r")[0-9A-Z+*]{8,12}$"), None),
    "gb_vat": (re.compile(r"^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$"), "GB"),
    "us_ein": (re.compile(r"^\d{2}-?\d{7}$"), "US"),
    "au_abn": (re.compile(r"^\d{11}$"), "AU"),
    "ca_bn": (re.compile(r"^\d{9}$"), "CA"),
    "ch_vat": (re.compile(r"^CHE-?\d{3}\.?\d{3}\.?\d{3} ?(MWST|TVA|IVA)$"), "CH"),
    "no_vat": (re.compile(r"^\d{9}MVA$"), "NO"),
}
VERIFIED_TYPES = {"eu_vat", "gb_vat", "au_abn"}

CREATE = {"expand": EXPAND, "type": str, "value": str}


def _verification(type_: str, value: str) -> dict[str, Any] | None:
    """Stripe verifies EU, UK and AU numbers; in the emulator a number of all 1s is `unverified`."""
    if type_ not in VERIFIED_TYPES:
        return None
    digits = re.sub(r"\D", "", value)
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
    if type_ not in FORMATS:
        raise invalid_param(f"Invalid type: the emulator supports {', '.join(sorted(FORMATS))}",
                            param=_name(prefix, "type"))
    pattern, country = FORMATS[type_]
    normalised = value.strip().upper() if type_ in ("eu_vat", "gb_vat", "ch_vat", "no_vat") else value.strip()
    if not pattern.match(normalised):
        raise invalid_request(f"Invalid value for {type_}.", param=_name(prefix, "value"), code="tax_id_invalid")
    tax_id = {
        "id": new_id("txi"), "object": "tax_id", "country": country or EU_VAT_COUNTRIES[normalised[:2]],
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
