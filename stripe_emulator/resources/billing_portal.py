"""Customer portal: configurations (create, retrieve, update, list) and sessions (create), in Stripe's
`billing_portal.*` shapes. A session's `url` opens the portal page (portal_page.py) under the configured
portal base URL, else under the emulator's own."""

import copy
from typing import Any

from flask import current_app, has_app_context

from ..endpoints import Call, endpoint
from ..errors import invalid_request, missing_param
from ..ids import new_id, random_token
from ..listing import paginate
from ..params import EXPAND, LIST_PARAMS, METADATA, Enum
from ..updates import merge_metadata
from .invoicing import base_url

PRORATION = Enum("always_invoice", "create_prorations", "none")
FEEDBACK = Enum("customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex",
                "too_expensive", "unused")
INTERVAL = Enum("day", "month", "week", "year")
FEATURES = {
    "customer_update": {"allowed_updates": [Enum("address", "email", "name", "phone", "shipping", "tax_id")],
                        "enabled": bool},
    "invoice_history": {"enabled": bool},
    "payment_method_update": {"enabled": bool, "payment_method_configuration": str},
    "subscription_cancel": {"cancellation_reason": {"enabled": bool, "options": [FEEDBACK]}, "enabled": bool,
                            "mode": Enum("at_period_end", "immediately"), "proration_behavior": PRORATION},
    "subscription_pause": {"duration": {"interval_options": [{"interval": INTERVAL, "interval_count": int}],
                                        "type": Enum("indefinite", "interval_options")},
                           "enabled": bool},
    "subscription_update": {
        "billing_cycle_anchor": Enum("now", "unchanged"),
        "default_allowed_updates": [Enum("price", "promotion_code", "quantity")], "enabled": bool,
        "products": [{"adjustable_quantity": {"enabled": bool, "maximum": int, "minimum": int},
                      "prices": [str], "product": str}],
        "proration_behavior": PRORATION,
        "schedule_at_period_end": {"conditions": [{"type": Enum("decreasing_item_amount", "shortening_interval")}]},
        "trial_update_behavior": Enum("continue_trial", "end_trial"),
    },
}
BUSINESS_PROFILE = {"headline": str, "privacy_policy_url": str, "terms_of_service_url": str}
CONFIGURATION = {"business_profile": BUSINESS_PROFILE, "default_return_url": str, "expand": EXPAND,
                 "features": FEATURES, "login_page": {"enabled": bool}, "metadata": METADATA, "name": str}
CONFIGURATION_UPDATE = {**CONFIGURATION, "active": bool}
CONFIGURATION_LIST = {**LIST_PARAMS, "active": bool, "is_default": bool}
FLOWS_WITH_DETAILS = ("customer_update", "subscription_cancel", "subscription_pause", "subscription_update",
                      "subscription_update_confirm")
FLOW = {
    "after_completion": {"hosted_confirmation": {"custom_message": str}, "redirect": {"return_url": str},
                         "type": Enum("hosted_confirmation", "portal_homepage", "redirect")},
    "subscription_cancel": {"retention": {"coupon_offer": {"coupon": str}, "type": Enum("coupon_offer")},
                            "subscription": str},
    "subscription_pause": {"subscription": str},
    "subscription_update": {"subscription": str},
    "subscription_update_confirm": {"discounts": [{"coupon": str, "promotion_code": str}],
                                    "items": [{"id": str, "price": str, "quantity": int}], "subscription": str},
    "type": Enum("payment_method_update", *FLOWS_WITH_DETAILS),
}
SESSION = {"configuration": str, "customer": str, "expand": EXPAND, "flow_data": FLOW, "locale": str,
           "on_behalf_of": str, "return_url": str}


def _default_features() -> dict[str, Any]:
    """Every portal feature as Stripe creates it when the params leave it out: off."""
    return {
        "customer_update": {"allowed_updates": [], "enabled": False},
        "invoice_history": {"enabled": False},
        "payment_method_update": {"enabled": False, "payment_method_configuration": None},
        "subscription_cancel": {"cancellation_reason": {"enabled": False, "options": []}, "enabled": False,
                                "mode": "at_period_end", "proration_behavior": "none"},
        "subscription_pause": {"duration": {"interval_options": [], "type": "indefinite"}, "enabled": False},
        "subscription_update": {"billing_cycle_anchor": None, "default_allowed_updates": [], "enabled": False,
                                "products": [], "proration_behavior": "none",
                                "schedule_at_period_end": {"conditions": []}, "trial_update_behavior": "end_trial"},
    }


def _merge(current: dict[str, Any], update: dict[str, Any]) -> None:
    """Set the given keys of a nested settings hash, keeping the others."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(current.get(key), dict):
            _merge(current[key], value)
        else:
            current[key] = value


def _apply(config: dict[str, Any], p: dict[str, Any], now: int) -> None:
    _merge(config["features"], p.get("features") or {})
    _merge(config["business_profile"], p.get("business_profile") or {})
    if "login_page" in p:
        enabled = bool((p["login_page"] or {}).get("enabled"))
        config["login_page"] = {"enabled": enabled,
                                "url": f"{portal_base()}/p/login/test_{random_token(20)}" if enabled else None}
    for key in ("default_return_url", "name"):
        if key in p:
            config[key] = p[key] or None
    if "active" in p:
        config["active"] = p["active"]
    if "metadata" in p:
        config["metadata"] = merge_metadata(config["metadata"], p["metadata"])
    config["updated"] = now


def _new_configuration(call: Call, p: dict[str, Any], *, is_default: bool) -> dict[str, Any]:
    now = call.now()
    config = {
        "id": new_id("bpc"), "object": "billing_portal.configuration", "active": True, "application": None,
        "business_profile": {"headline": None, "privacy_policy_url": None, "terms_of_service_url": None},
        "created": now, "default_return_url": None, "features": _default_features(), "is_default": is_default,
        "livemode": False, "login_page": {"enabled": False, "url": None}, "metadata": {}, "name": None,
        "updated": now,
    }
    _apply(config, p, now)
    call.store.add(config)
    call.emit("billing_portal.configuration.created", config)
    return config


def portal_base() -> str:
    """Where portal pages live: the configured portal URL, else this emulator."""
    configured = current_app.config.get("PORTAL_URL") if has_app_context() else None
    return (configured or base_url()).rstrip("/")


@endpoint("POST", "/v1/billing_portal/configurations", params=CONFIGURATION,
          sdk_params="billing_portal.ConfigurationCreateParams")
def create_configuration(call: Call) -> dict:
    if not call.params.get("features"):
        raise missing_param("features")
    return _new_configuration(call, call.params, is_default=not call.store.all("billing_portal.configuration"))


@endpoint("GET", "/v1/billing_portal/configurations/<configuration>", params={"expand": EXPAND},
          sdk_params="billing_portal.ConfigurationRetrieveParams")
def retrieve_configuration(call: Call, configuration: str) -> dict:
    return call.store.get("billing_portal.configuration", configuration)


@endpoint("POST", "/v1/billing_portal/configurations/<configuration>", params=CONFIGURATION_UPDATE,
          sdk_params="billing_portal.ConfigurationUpdateParams")
def update_configuration(call: Call, configuration: str) -> dict:
    config = call.store.get("billing_portal.configuration", configuration)
    if config["is_default"] and call.params.get("active") is False:
        raise invalid_request("The default configuration cannot be deactivated.", param="active")
    before = copy.deepcopy(config)
    _apply(config, call.params, call.now())
    if call.emit("billing_portal.configuration.updated", config, previous={**before, "updated": config["updated"]}) \
            is None:
        config["updated"] = before["updated"]
    return config


@endpoint("GET", "/v1/billing_portal/configurations", params=CONFIGURATION_LIST,
          sdk_params="billing_portal.ConfigurationListParams")
def list_configurations(call: Call) -> dict:
    p = call.params
    found = [config for config in call.store.all("billing_portal.configuration")
             if (p.get("active") is None or config["active"] == p["active"])
             and (p.get("is_default") is None or config["is_default"] == p["is_default"])]
    return paginate(found, p, url="/v1/billing_portal/configurations", object_name="billing_portal.configuration")


def _subscription(call: Call, spec: dict[str, Any] | None, customer: str, param: str) -> str:
    subscription_id = (spec or {}).get("subscription")
    if not subscription_id:
        raise missing_param(f"{param}[subscription]")
    sub = call.store.get("subscription", subscription_id, param=f"{param}[subscription]")
    if sub["customer"] != customer:
        raise invalid_request(f"The subscription {subscription_id} does not belong to the customer {customer}.",
                              param=f"{param}[subscription]")
    return subscription_id


def _flow(call: Call, spec: dict[str, Any] | None, customer: str) -> dict[str, Any] | None:
    """The session's `flow` in Stripe's shape (every flow key present, null unless it is this flow's)."""
    if spec is None:
        return None
    type_ = spec.get("type")
    if not type_:
        raise missing_param("flow_data[type]")
    after = spec.get("after_completion") or {}
    after_type = after.get("type") or "portal_homepage"
    if after_type == "redirect" and not (after.get("redirect") or {}).get("return_url"):
        raise missing_param("flow_data[after_completion][redirect][return_url]")
    flow: dict[str, Any] = {
        "after_completion": {
            "hosted_confirmation": {"custom_message": (after.get("hosted_confirmation") or {}).get("custom_message")}
            if after_type == "hosted_confirmation" else None,
            "redirect": {"return_url": after["redirect"]["return_url"]} if after_type == "redirect" else None,
            "type": after_type},
        **{key: None for key in FLOWS_WITH_DETAILS}, "type": type_,
    }
    param = f"flow_data[{type_}]"
    if type_ in ("subscription_cancel", "subscription_pause", "subscription_update"):
        flow[type_] = {"subscription": _subscription(call, spec.get(type_), customer, param)}
    if type_ == "subscription_cancel":
        retention = (spec.get(type_) or {}).get("retention")
        flow[type_]["retention"] = None if not retention else {
            "coupon_offer": {"coupon": call.store.get("coupon", (retention.get("coupon_offer") or {}).get("coupon"),
                                                      param=f"{param}[retention][coupon_offer][coupon]")["id"]},
            "type": "coupon_offer"}
    if type_ == "subscription_update_confirm":
        confirm = spec.get(type_) or {}
        if not confirm.get("items"):
            raise missing_param(f"{param}[items]")
        flow[type_] = {
            "discounts": [{"coupon": d.get("coupon"), "promotion_code": d.get("promotion_code")}
                          for d in confirm.get("discounts") or []] or None,
            "items": [{"id": item.get("id"), "price": item.get("price"), "quantity": item.get("quantity")}
                      for item in confirm["items"]],
            "subscription": _subscription(call, confirm, customer, param)}
    if type_ == "customer_update":
        flow[type_] = {}
    return flow


@endpoint("POST", "/v1/billing_portal/sessions", params=SESSION, sdk_params="billing_portal.SessionCreateParams")
def create_session(call: Call) -> dict:
    p = call.params
    if not p.get("customer"):
        raise missing_param("customer")
    customer = call.store.get("customer", p["customer"], param="customer")
    if p.get("configuration"):
        config = call.store.get("billing_portal.configuration", p["configuration"], param="configuration")
    else:
        defaults = [c for c in call.store.all("billing_portal.configuration") if c["is_default"]]
        config = defaults[0] if defaults else _new_configuration(call, {
            "features": {"invoice_history": {"enabled": True}, "payment_method_update": {"enabled": True}}},
            is_default=True)
    if not config["active"]:
        raise invalid_request("The configuration is inactive; use an active configuration.", param="configuration")
    token = f"test_{random_token(40)}"
    session = {
        "id": new_id("bps"), "object": "billing_portal.session", "configuration": config["id"],
        "created": call.now(), "customer": customer["id"], "customer_account": None,
        "flow": _flow(call, p.get("flow_data"), customer["id"]), "livemode": False, "locale": p.get("locale"),
        "on_behalf_of": p.get("on_behalf_of"), "return_url": p.get("return_url") or config["default_return_url"],
        "url": f"{portal_base()}/p/session/{token}", "_token": token,
    }
    call.store.add(session)
    call.emit("billing_portal.session.created", session)
    return session
