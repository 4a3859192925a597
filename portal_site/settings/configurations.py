"""Stripe's `billing_portal.configuration` objects: the default one is the portal settings, others are stored rows.

A stored configuration keeps the object exactly as the API built it, so it reads back unchanged;
`settings_for()` turns one into the `schema.Settings` a customer session opened with it runs under.
"""
import copy
import secrets
from collections.abc import Mapping
from typing import Any

from portal_site.extensions import db
from portal_site.models import PortalConfiguration
from portal_site.models._columns import utcnow
from portal_site.settings import schema
from portal_site.settings.store import current, merge, save, saved_at

DEFAULT_ID = "bpc_default"


def _features_off() -> dict[str, Any]:
    """Every feature as Stripe creates it when the parameters leave it out: off."""
    return {
        "customer_update": {"allowed_updates": [], "enabled": False},
        "invoice_history": {"enabled": False},
        "payment_method_update": {"enabled": False, "payment_method_configuration": None},
        "subscription_cancel": {"cancellation_reason": {"enabled": False, "options": []}, "enabled": False,
                                "mode": "at_period_end", "proration_behavior": "none"},
        "subscription_pause": {"duration": {"interval_options": [{"interval": "month", "interval_count": 1}],
                                            "type": "interval_options"}, "enabled": False},
        "subscription_update": {"billing_cycle_anchor": None, "default_allowed_updates": [], "enabled": False,
                                "products": [], "proration_behavior": "none",
                                "schedule_at_period_end": {"conditions": []}, "trial_update_behavior": "end_trial"},
    }


def _object(id_: str, *, created: int, updated: int, is_default: bool) -> dict[str, Any]:
    return {
        "id": id_, "object": "billing_portal.configuration", "active": True, "application": None,
        "business_profile": {"headline": None, "privacy_policy_url": None, "terms_of_service_url": None},
        "created": created, "default_return_url": None, "features": _features_off(), "is_default": is_default,
        "livemode": False, "login_page": {"enabled": False, "url": None}, "metadata": {}, "name": None,
        "updated": updated,
    }


def default_id() -> str:
    """The id of the default configuration (the login link's): `bpc_default` unless a stored, active one was made it."""
    chosen = current().default_configuration
    if chosen and chosen != DEFAULT_ID:
        row = db.session.get(PortalConfiguration, chosen)
        if row is not None and row.active:
            return chosen
    return DEFAULT_ID


def make_default(configuration_id: str) -> None:
    """Make `configuration_id` the default (sign-ins through the login link and sessions made without one use it)."""
    save({"default_configuration": "" if configuration_id == DEFAULT_ID else configuration_id})


def _marked(config: dict[str, Any], default_: str) -> dict[str, Any]:
    config["is_default"] = config["id"] == default_
    return config


def default(price_products: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The portal settings in Stripe's shape (created and updated when last saved), `bpc_default`."""
    stamp = saved_at()
    config = _object(DEFAULT_ID, created=stamp, updated=stamp, is_default=default_id() == DEFAULT_ID)
    return merge(config, schema.to_stripe_configuration(current(), price_products))


def apply(config: dict[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """`config` with checked parameters applied (nested hashes merge, metadata keys set to "" are removed)."""
    result = copy.deepcopy(config)
    for key in ("features", "business_profile"):
        if params.get(key):
            result[key] = merge(result[key], params[key])
    for key in ("default_return_url", "name"):
        if key in params:
            result[key] = params[key] or None
    if params.get("active") is not None:
        result["active"] = params["active"]
    if params.get("login_page") is not None:
        result["login_page"] = {"enabled": bool(params["login_page"].get("enabled")), "url": None}
    if "metadata" in params:  # an empty value clears every key, an empty key's value removes that key
        given = params["metadata"] or {}
        kept = {**result["metadata"], **given} if params["metadata"] is not None else {}
        result["metadata"] = {key: value for key, value in kept.items() if value not in ("", None)}
    return result


def create(params: Mapping[str, Any]) -> dict[str, Any]:
    """A new configuration from checked parameters (features not given are off, as in Stripe)."""
    now = utcnow()
    stamp = int(now.timestamp())
    config = apply(_object("bpc_" + secrets.token_hex(12), created=stamp, updated=stamp, is_default=False), params)
    db.session.add(PortalConfiguration(id=config["id"], active=config["active"], values=config,
                                       created_at=now, updated_at=now))
    db.session.commit()
    return config


def get(configuration_id: str) -> dict[str, Any] | None:
    """A stored configuration, or None."""
    row = db.session.get(PortalConfiguration, configuration_id)
    return _marked(copy.deepcopy(row.values), default_id()) if row else None


def update(configuration_id: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The stored configuration with checked parameters applied, or None when there is none."""
    row = db.session.get(PortalConfiguration, configuration_id)
    if row is None:
        return None
    now = utcnow()
    config = apply(row.values, params)
    config["updated"] = int(now.timestamp())
    row.values, row.active, row.updated_at = config, config["active"], now
    db.session.commit()
    return _marked(config, default_id())


def stored() -> list[dict[str, Any]]:
    """Every stored configuration, newest first."""
    rows = db.session.query(PortalConfiguration).order_by(PortalConfiguration.created_at.desc(),
                                                          PortalConfiguration.id.desc())
    chosen = default_id()
    return [_marked(copy.deepcopy(row.values), chosen) for row in rows]


def _changes(config: Mapping[str, Any]) -> dict[str, Any]:
    """The settings (dotted paths) that a Stripe configuration decides."""
    features, profile = config["features"], config["business_profile"]
    cancel, update_ = features["subscription_cancel"], features["subscription_update"]
    allowed = update_.get("default_allowed_updates") or []
    conditions = [condition.get("type") for condition in
                  (update_.get("schedule_at_period_end") or {}).get("conditions") or []]
    # Stored before `duration` was read: indefinite, as the portal paused then.
    pause = features["subscription_pause"].get("duration") or {"type": "indefinite"}
    pause_type = pause.get("type") or "indefinite"
    details = [item for item in features["customer_update"].get("allowed_updates") or []
               if item in schema.CUSTOMER_DETAILS]
    return {
        "features.customer_update.enabled": features["customer_update"]["enabled"],
        "features.customer_update.allowed_updates": details,
        "features.invoice_history.enabled": features["invoice_history"]["enabled"],
        "features.payment_method_update.enabled": features["payment_method_update"]["enabled"],
        "features.subscription_cancel.enabled": cancel["enabled"],
        "features.subscription_cancel.mode": cancel["mode"],
        "features.subscription_cancel.proration_behavior": cancel["proration_behavior"],
        "features.subscription_cancel.cancellation_reason.enabled": cancel["cancellation_reason"]["enabled"],
        "features.subscription_cancel.cancellation_reason.options": cancel["cancellation_reason"]["options"],
        "features.subscription_pause.enabled": features["subscription_pause"]["enabled"],
        "features.subscription_pause.duration": pause_type,
        "features.subscription_pause.interval_options": [
            {"interval": option["interval"], "interval_count": option.get("interval_count") or 1}
            for option in (pause.get("interval_options") or [] if pause_type == "interval_options" else [])],
        "features.subscription_update.enabled": update_["enabled"],
        "features.subscription_update.proration_behavior": update_["proration_behavior"],
        "features.subscription_update.allowed_prices": [price for product in update_.get("products") or []
                                                        for price in product.get("prices") or []],
        "features.subscription_update.quantity.enabled": "quantity" in allowed,
        "features.subscription_update.downgrades_at_period_end": "decreasing_item_amount" in conditions,
        "features.subscription_update.shorter_intervals_at_period_end": "shortening_interval" in conditions,
        "features.subscription_update.billing_cycle_anchor": update_.get("billing_cycle_anchor") or "",
        "features.subscription_update.product_quantities": [
            {"product": product["product"], **product["adjustable_quantity"]}
            for product in update_.get("products") or [] if product.get("adjustable_quantity")],
        "features.promotion_codes.enabled": "promotion_code" in allowed,
        "business.headline": profile.get("headline") or "",
        "business.privacy_policy_url": profile.get("privacy_policy_url") or "",
        "business.terms_of_service_url": profile.get("terms_of_service_url") or "",
        "business.default_return_url": config.get("default_return_url") or "",
    }


def save_default(config: Mapping[str, Any]) -> list[str]:
    """Make the portal settings what the default configuration `config` says; returns the settings that changed."""
    before = current()
    changes = {path: value for path, value in _changes(config).items()
               if schema.to_storage(schema.get(before, path)) != value}
    if changes:
        save(schema.with_values(before, changes))
    return sorted(changes)


def settings_for(configuration_id: str | None) -> schema.Settings:
    """The settings a session opened with `configuration_id` runs under: the portal settings with the
    configuration's features and business profile (branding stays the portal's)."""
    config = get(configuration_id) if configuration_id and configuration_id != DEFAULT_ID else None
    if config is None:
        return current()
    return schema.with_values(current(), _changes(config))
