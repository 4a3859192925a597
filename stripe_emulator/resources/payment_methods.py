"""Card payment methods: create (raw test numbers), `pm_card_*` test ids, attach, detach, update, list."""

import copy
import datetime
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param, resource_missing
from ..ids import new_id
from ..listing import paginate
from ..params import EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata
from .cards import TEST_PAYMENT_METHODS, card_details, validate_card

ADDRESS = {"city": str, "country": str, "line1": str, "line2": str, "postal_code": str, "state": str}
BILLING_DETAILS = {"address": ADDRESS, "email": str, "name": str, "phone": str, "tax_id": str}
ALLOW_REDISPLAY = Enum("always", "limited", "unspecified")
CARD = {"cvc": str, "exp_month": int, "exp_year": int, "number": str}
CREATE = {"allow_redisplay": ALLOW_REDISPLAY, "billing_details": BILLING_DETAILS, "card": CARD, "expand": EXPAND,
          "metadata": METADATA, "type": Enum("card")}
UPDATE = {"allow_redisplay": ALLOW_REDISPLAY, "billing_details": BILLING_DETAILS,
          "card": {"exp_month": int, "exp_year": int}, "expand": EXPAND, "metadata": METADATA}
LIST = {**LIST_PARAMS, "allow_redisplay": ALLOW_REDISPLAY, "customer": str, "type": Enum("card")}
CUSTOMER_LIST = {**LIST_PARAMS, "allow_redisplay": ALLOW_REDISPLAY, "type": Enum("card")}


def _billing_details(spec: dict[str, Any] | None, current: dict[str, Any] | None = None) -> dict[str, Any]:
    details = copy.deepcopy(current) if current else {
        "address": {key: None for key in ADDRESS}, "email": None, "name": None, "phone": None, "tax_id": None}
    for key, value in (spec or {}).items():
        if key == "address":
            details["address"].update({k: v or None for k, v in (value or {}).items()})
        else:
            details[key] = value or None
    return details


def new_card_payment_method(call: Call, card: dict[str, Any], *, billing_details: dict | None = None,
                            metadata: dict | None = None, allow_redisplay: str | None = None,
                            param: str = "card") -> dict[str, Any]:
    """Validate raw card data and store an unattached card PaymentMethod."""
    number = validate_card(card, call.now(), param)
    payment_method = {
        "id": new_id("pm"), "object": "payment_method", "allow_redisplay": allow_redisplay or "unspecified",
        "billing_details": _billing_details(billing_details),
        "card": card_details(number, card["exp_month"], card["exp_year"], card.get("cvc") is not None),
        "created": call.now(), "customer": None, "customer_account": None, "livemode": False,
        "metadata": merge_metadata({}, metadata or {}), "type": "card", "_card_number": number,
    }
    return call.store.add(payment_method)


def resolve_payment_method(call: Call, payment_method_id: str, param: str = "payment_method") -> dict[str, Any]:
    """The stored PaymentMethod, or a fresh one for a test id such as `pm_card_visa`."""
    number = TEST_PAYMENT_METHODS.get(payment_method_id)
    if number is None:
        return call.store.get("payment_method", payment_method_id, param=param)
    return new_card_payment_method(call, {"number": number, "exp_month": 12, "exp_year": _test_exp_year(call),
                                          "cvc": "123"}, param=param)


def _test_exp_year(call: Call) -> int:
    return datetime.datetime.fromtimestamp(call.now(), datetime.UTC).year + 3


def attach(call: Call, payment_method: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """Attach to a customer (emitting `payment_method.attached`), refusing reuse as Stripe does."""
    if payment_method["customer"] == customer_id:
        return payment_method
    if payment_method["customer"] is not None:
        raise invalid_request("The payment method you provided has already been attached to a customer.",
                              param="payment_method", code="payment_method_unexpected_state")
    if payment_method.get("_detached"):
        raise invalid_request("This PaymentMethod was previously used without being attached to a Customer or "
                              "was detached from a Customer, and may not be used again.",
                              param="payment_method", code="payment_method_unexpected_state")
    payment_method["customer"] = customer_id
    call.emit("payment_method.attached", payment_method)
    return payment_method


def detach(call: Call, payment_method: dict[str, Any]) -> None:
    """Detach from its customer, clearing it as the customer's default (as Stripe does)."""
    customer = call.store.find(payment_method["customer"] or "")
    if customer and customer["invoice_settings"]["default_payment_method"] == payment_method["id"]:
        before = copy.deepcopy(customer)
        customer["invoice_settings"]["default_payment_method"] = None
        call.emit("customer.updated", customer, previous=before)
    before = copy.deepcopy(payment_method)
    payment_method["customer"] = None
    payment_method["_detached"] = True
    call.emit("payment_method.detached", payment_method, previous=before)


@endpoint("POST", "/v1/payment_methods", params=CREATE, sdk_params="PaymentMethodCreateParams", publishable=True)
def create_payment_method(call: Call) -> dict:
    p = call.params
    if p.get("type") != "card":
        raise missing_param("type")
    if not p.get("card"):
        raise missing_param("card")
    return new_card_payment_method(call, p["card"], billing_details=p.get("billing_details"),
                                   metadata=p.get("metadata"), allow_redisplay=p.get("allow_redisplay"))


@endpoint("GET", "/v1/payment_methods/<payment_method>", params={"expand": EXPAND},
          sdk_params="PaymentMethodRetrieveParams")
def retrieve_payment_method(call: Call, payment_method: str) -> dict:
    return call.store.get("payment_method", payment_method)


@endpoint("POST", "/v1/payment_methods/<payment_method>", params=UPDATE, sdk_params="PaymentMethodUpdateParams")
def update_payment_method(call: Call, payment_method: str) -> dict:
    obj = call.store.get("payment_method", payment_method)
    if obj["customer"] is None:
        raise invalid_request("You must save this PaymentMethod to a customer before you can update it.",
                              code="payment_method_unexpected_state")
    before = copy.deepcopy(obj)
    p = call.params
    if "billing_details" in p:
        obj["billing_details"] = _billing_details(p["billing_details"], obj["billing_details"])
    if "metadata" in p:
        obj["metadata"] = merge_metadata(obj["metadata"], p["metadata"])
    if p.get("allow_redisplay"):
        obj["allow_redisplay"] = p["allow_redisplay"]
    for key, value in (p.get("card") or {}).items():
        if value is not None:
            obj["card"][key] = value
    call.emit("payment_method.updated", obj, previous=before)
    return obj


@endpoint("POST", "/v1/payment_methods/<payment_method>/attach", params={"customer": str, "expand": EXPAND},
          sdk_params="PaymentMethodAttachParams")
def attach_payment_method(call: Call, payment_method: str) -> dict:
    if not call.params.get("customer"):
        raise missing_param("customer")
    customer = call.store.get("customer", call.params["customer"], param="customer")
    return attach(call, resolve_payment_method(call, payment_method, param="payment_method"), customer["id"])


@endpoint("POST", "/v1/payment_methods/<payment_method>/detach", params={"expand": EXPAND},
          sdk_params="PaymentMethodDetachParams")
def detach_payment_method(call: Call, payment_method: str) -> dict:
    obj = call.store.get("payment_method", payment_method)
    if obj["customer"] is None:
        raise invalid_request("The payment method you provided is not attached to a customer so detachment is "
                              "impossible.", code="payment_method_unexpected_state")
    detach(call, obj)
    return obj


def _of_customer(call: Call, customer_id: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        pm for pm in call.store.all("payment_method")
        if pm["customer"] == customer_id
        and (not params.get("type") or pm["type"] == params["type"])
        and (not params.get("allow_redisplay") or pm["allow_redisplay"] == params["allow_redisplay"])
    ]


@endpoint("GET", "/v1/payment_methods", params=LIST, sdk_params="PaymentMethodListParams")
def list_payment_methods(call: Call) -> dict:
    p = call.params
    if p.get("customer"):
        call.store.get("customer", p["customer"], param="customer")
        items = _of_customer(call, p["customer"], p)
    else:
        items = []
    return paginate(items, p, url="/v1/payment_methods", object_name="payment_method")


@endpoint("GET", "/v1/customers/<customer>/payment_methods", params=CUSTOMER_LIST,
          sdk_params="CustomerPaymentMethodListParams")
def list_customer_payment_methods(call: Call, customer: str) -> dict:
    call.store.get("customer", customer, param="customer")
    return paginate(_of_customer(call, customer, call.params), call.params,
                    url=f"/v1/customers/{customer}/payment_methods", object_name="payment_method")


@endpoint("GET", "/v1/customers/<customer>/payment_methods/<payment_method>", params={"expand": EXPAND},
          sdk_params="CustomerPaymentMethodRetrieveParams")
def retrieve_customer_payment_method(call: Call, customer: str, payment_method: str) -> dict:
    call.store.get("customer", customer, param="customer")
    obj = call.store.get("payment_method", payment_method)
    if obj["customer"] != customer:
        raise resource_missing("payment_method", payment_method)
    return obj

