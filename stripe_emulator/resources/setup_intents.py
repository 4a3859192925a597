"""SetupIntents: create, retrieve, update, confirm (attaching the card), cancel, list.

Stripe.js confirms with the publishable key and the intent's `client_secret`.
"""

import copy
import hmac
from typing import Any

from ..endpoints import Call, endpoint
from ..errors import StripeError, invalid_request, missing_param
from ..expand import public
from ..ids import client_secret, new_id
from ..listing import created_matches, paginate
from ..params import CREATED, EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata, set_fields
from .cards import setup_error
from .payment_methods import attach, resolve_payment_method

CREATE = {
    "automatic_payment_methods": {"allow_redirects": Enum("always", "never"), "enabled": bool},
    "confirm": bool,
    "customer": str,
    "description": str,
    "expand": EXPAND,
    "metadata": METADATA,
    "payment_method": str,
    "allowed_payment_method_types": [Enum("card")],
    "return_url": str,
    "usage": Enum("off_session", "on_session"),
}
UPDATE = {"allowed_payment_method_types": [Enum("card")], "customer": str, "description": str, "expand": EXPAND,
          "metadata": METADATA, "payment_method": str}
CONFIRM = {"expand": EXPAND, "payment_method": str, "return_url": str}
CANCEL = {"cancellation_reason": Enum("abandoned", "duplicate", "requested_by_customer"), "expand": EXPAND}
LIST = {**LIST_PARAMS, "created": CREATED, "customer": str, "payment_method": str}
CLIENT_SECRET = {"client_secret": str}
RETIRED = {"payment_method_types": "payment_method_types_no_longer_supported"}  # since 2026-09-30.endive
CANCELABLE = ("requires_payment_method", "requires_confirmation", "requires_action")


def _check_client_secret(call: Call, intent: dict[str, Any]) -> None:
    """With a publishable key, the intent's client secret is required and must match."""
    given = call.params.get("client_secret")
    if not call.publishable_key and given is None:
        return
    if not given:
        raise missing_param("client_secret")
    if not hmac.compare_digest(given, intent["client_secret"]):
        raise invalid_request("The client_secret provided does not match the client_secret associated with "
                              "the SetupIntent.", param="client_secret")


def _status_without_confirmation(intent: dict[str, Any]) -> str:
    return "requires_confirmation" if intent["payment_method"] else "requires_payment_method"


def _set_payment_method(call: Call, intent: dict[str, Any], pm_id: str | None) -> None:
    intent["payment_method"] = resolve_payment_method(call, pm_id)["id"] if pm_id else None


def _confirm(call: Call, intent: dict[str, Any]) -> dict[str, Any]:
    if intent["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid_request(f"You cannot confirm this SetupIntent because it has a status of {intent['status']}.",
                              code="setup_intent_unexpected_state")
    if not intent["payment_method"]:
        raise invalid_request("You cannot confirm this SetupIntent because it's missing a payment method. "
                              "Update it with a payment method and then confirm it again.",
                              code="setup_intent_unexpected_state")
    payment_method = call.store.get("payment_method", intent["payment_method"], param="payment_method")
    error = setup_error(payment_method, call.now())
    attempt = _attempt(call, intent, payment_method, error)
    intent["latest_attempt"] = attempt["id"]
    if error is not None:
        return _fail(call, intent, payment_method, error)
    if intent["customer"]:
        attach(call, payment_method, intent["customer"])
    intent["status"] = "succeeded"
    intent["last_setup_error"] = None
    call.emit("setup_intent.succeeded", intent)
    return intent


def _fail(call: Call, intent: dict[str, Any], payment_method: dict[str, Any], error: StripeError) -> dict:
    intent["status"] = "requires_payment_method"
    intent["payment_method"] = None
    intent["last_setup_error"] = {**error.body()["error"], "payment_method": public(payment_method)}
    call.emit("setup_intent.setup_failed", intent)
    error.extra = {"payment_method": public(payment_method), "setup_intent": public(intent)}
    raise error


def _attempt(call: Call, intent: dict[str, Any], payment_method: dict[str, Any],
             error: StripeError | None) -> dict[str, Any]:
    card = payment_method["card"]
    return call.store.add({
        "id": new_id("setatt"), "object": "setup_attempt", "application": None, "attach_to_self": None,
        "created": call.now(), "customer": intent["customer"], "customer_account": None, "flow_directions": None,
        "livemode": False, "on_behalf_of": None, "payment_method": payment_method["id"],
        "payment_method_details": {"type": "card", "card": {
            "brand": card["brand"], "checks": card["checks"], "country": card["country"],
            "exp_month": card["exp_month"], "exp_year": card["exp_year"], "fingerprint": card["fingerprint"],
            "funding": card["funding"], "last4": card["last4"], "network": card["brand"],
            "three_d_secure": None, "wallet": None}},
        "setup_error": error.body()["error"] if error else None, "setup_intent": intent["id"],
        "status": "failed" if error else "succeeded", "usage": intent["usage"],
    })


@endpoint("POST", "/v1/setup_intents", params=CREATE, sdk_params="SetupIntentCreateParams", retired_params=RETIRED)
def create_setup_intent(call: Call) -> dict:
    p = call.params
    if p.get("automatic_payment_methods") and p.get("allowed_payment_method_types"):
        raise invalid_request("You may only specify one of these parameters: allowed_payment_method_types, "
                              "automatic_payment_methods.", param="automatic_payment_methods")
    if p.get("customer"):
        call.store.get("customer", p["customer"], param="customer")
    intent_id = new_id("seti")
    automatic = p.get("automatic_payment_methods")
    intent = {
        "id": intent_id, "object": "setup_intent",
        "allowed_payment_method_types": p.get("allowed_payment_method_types") or None, "application": None,
        "automatic_payment_methods": None if not automatic else {
            "allow_redirects": automatic.get("allow_redirects", "always"), "enabled": bool(automatic.get("enabled"))},
        "cancellation_reason": None, "client_secret": client_secret(intent_id), "created": call.now(),
        "customer": p.get("customer"), "customer_account": None, "description": p.get("description"),
        "excluded_payment_method_types": None, "flow_directions": None, "last_setup_error": None,
        "latest_attempt": None, "livemode": False, "mandate": None,
        "metadata": merge_metadata({}, p.get("metadata") or {}),
        "next_action": None, "on_behalf_of": None, "payment_method": None,
        "payment_method_configuration_details": None,
        "payment_method_options": {"card": {"mandate_options": None, "network": None,
                                            "request_three_d_secure": "automatic"}},
        "payment_method_types": ["card"], "single_use_mandate": None,
        "status": "requires_payment_method", "usage": p.get("usage", "off_session"),
    }
    _set_payment_method(call, intent, p.get("payment_method"))
    intent["status"] = _status_without_confirmation(intent)
    call.store.add(intent)
    call.emit("setup_intent.created", intent)
    if p.get("confirm"):
        return _confirm(call, intent)
    return intent


@endpoint("GET", "/v1/setup_intents/<intent>", params={"client_secret": str, "expand": EXPAND},
          sdk_params="SetupIntentRetrieveParams", publishable=True)
def retrieve_setup_intent(call: Call, intent: str) -> dict:
    obj = call.store.get("setup_intent", intent)
    _check_client_secret(call, obj)
    return obj


@endpoint("POST", "/v1/setup_intents/<intent>", params=UPDATE, sdk_params="SetupIntentUpdateParams",
          retired_params=RETIRED)
def update_setup_intent(call: Call, intent: str) -> dict:
    obj = call.store.get("setup_intent", intent)
    if obj["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise invalid_request(f"You cannot update this SetupIntent because it has a status of {obj['status']}.",
                              code="setup_intent_unexpected_state")
    before = copy.deepcopy(obj)
    p = call.params
    if p.get("customer"):
        call.store.get("customer", p["customer"], param="customer")
    set_fields(obj, p, ("allowed_payment_method_types", "customer", "description"))
    if "metadata" in p:
        obj["metadata"] = merge_metadata(obj["metadata"], p["metadata"])
    if "payment_method" in p:
        _set_payment_method(call, obj, p["payment_method"])
        obj["status"] = _status_without_confirmation(obj)
    call.emit("setup_intent.updated", obj, previous=before)
    return obj


@endpoint("POST", "/v1/setup_intents/<intent>/confirm", params=CONFIRM, sdk_params="SetupIntentConfirmParams",
          publishable=True, browser_params=CLIENT_SECRET)
def confirm_setup_intent(call: Call, intent: str) -> dict:
    obj = call.store.get("setup_intent", intent)
    _check_client_secret(call, obj)
    if call.params.get("payment_method"):
        _set_payment_method(call, obj, call.params["payment_method"])
    return _confirm(call, obj)


@endpoint("POST", "/v1/setup_intents/<intent>/cancel", params=CANCEL, sdk_params="SetupIntentCancelParams")
def cancel_setup_intent(call: Call, intent: str) -> dict:
    obj = call.store.get("setup_intent", intent)
    if obj["status"] not in CANCELABLE:
        raise invalid_request(f"You cannot cancel this SetupIntent because it has a status of {obj['status']}.",
                              code="setup_intent_unexpected_state")
    obj["status"] = "canceled"
    obj["cancellation_reason"] = call.params.get("cancellation_reason")
    call.emit("setup_intent.canceled", obj)
    return obj


@endpoint("GET", "/v1/setup_intents", params=LIST, sdk_params="SetupIntentListParams")
def list_setup_intents(call: Call) -> dict:
    p = call.params
    intents = [
        intent for intent in call.store.all("setup_intent")
        if (not p.get("customer") or intent["customer"] == p["customer"])
        and (not p.get("payment_method") or intent["payment_method"] == p["payment_method"])
        and created_matches(intent["created"], p.get("created"))
    ]
    return paginate(intents, p, url="/v1/setup_intents", object_name="setup_intent")
