"""Portal configuration and branding: defaults, the stored values, and their reader.

The merchant dashboard writes these; customer pages read them through `current()`.
Values are JSON in one `PortalSettings` row, merged over DEFAULTS, so a new key needs
no migration: add its default here.
"""
import copy

from flask import g

from portal_site.extensions import db
from portal_site.models import PortalSettings

CANCELLATION_REASONS = (
    "too_expensive",
    "missing_features",
    "switched_service",
    "unused",
    "customer_service",
    "too_complex",
    "low_quality",
    "other",
)

DEFAULTS = {
    "features": {
        "customer_update": {
            "enabled": True,
            "allowed_updates": ["name", "address", "shipping", "phone", "tax_id"],
        },
        "invoice_history": {"enabled": True},
        "payment_method_update": {"enabled": True},
        "subscription_cancel": {
            "enabled": True,
            "mode": "at_period_end",
            "proration_behavior": "none",
            "cancellation_reason": {"enabled": True, "options": list(CANCELLATION_REASONS)},
            "custom_question": "",
            "retention_coupon": "",
        },
        "subscription_update": {
            "enabled": True,
            "allowed_prices": [],
            "quantity": {"enabled": True, "minimum": 1, "maximum": 100},
            "proration_behavior": "create_prorations",
            "downgrades_at_period_end": False,
        },
        "subscription_pause": {"enabled": False},
        "promotion_codes": {"enabled": False},
        "account_picker": {"enabled": False},
    },
    "business": {
        "headline": "",
        "privacy_policy_url": "",
        "terms_of_service_url": "",
        "default_return_url": "",
    },
    "branding": {
        "business_name": "Billing portal",
        "brand_color": "#0b5cad",
        "accent_color": "#1a7f37",
        "icon_key": None,
        "logo_key": None,
    },
    "default_locale": "en",
}


class Settings(dict):
    """Settings as nested dicts with attribute access: `settings.features.subscription_cancel.enabled`."""

    def __getattr__(self, name):
        try:
            value = self[name]
        except KeyError:
            raise AttributeError(name) from None
        return Settings(value) if isinstance(value, dict) else value


def merge(base, override):
    """Deep-merge `override` into a copy of `base` (dicts merge, everything else replaces)."""
    result = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _row():
    return db.session.get(PortalSettings, 1)


def current():
    """The settings in force, read once per request."""
    if "portal_settings" not in g:
        row = _row()
        g.portal_settings = Settings(merge(DEFAULTS, row.values if row else {}))
    return g.portal_settings


def save(changes):
    """Merge `changes` into the stored settings and return the new settings."""
    row = _row()
    if row is None:
        row = PortalSettings(id=1, values={})
        db.session.add(row)
    row.values = merge(row.values or {}, changes)
    db.session.commit()
    g.pop("portal_settings", None)
    return current()
