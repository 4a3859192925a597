"""The stored portal settings: read once per request (`current()`), written by the dashboard (`save()`).

Values are JSON in one `PortalSettings` row (a save rewrites it without the values
that no longer fit); they are read through `schema.from_storage()` over the defaults, so a new setting needs no
migration (add it to the schema) and a bad stored value never reaches a page.
"""
import copy
from collections.abc import Mapping
from typing import Any

from flask import g

from portal_site.extensions import db
from portal_site.models import PortalSettings
from portal_site.settings import schema

DEFAULTS = schema.to_storage(schema.Settings())


def merge(base: dict[str, Any], override: Mapping[str, Any] | None) -> dict[str, Any]:
    """Deep-merge `override` into a copy of `base` (dicts merge, everything else replaces)."""
    result = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _row() -> PortalSettings | None:
    return db.session.get(PortalSettings, 1)


def current() -> schema.Settings:
    """The settings in force (a `schema.Settings`), read once per request."""
    if "portal_settings" not in g:
        row = _row()
        g.portal_settings = schema.from_storage(row.values if row else {})
    return g.portal_settings


def saved_at() -> int:
    """When the settings were last saved (Unix time), 0 when they never were."""
    row = _row()
    return int(row.updated_at.timestamp()) if row else 0


def use(values: schema.Settings) -> None:
    """Make `values` the settings of this request (a customer session opened with its own configuration)."""
    g.portal_settings = values


def save(changes: schema.Settings | Mapping[str, Any]) -> schema.Settings:
    """Store `changes` and return the new settings.

    `changes` is either whole `schema.Settings` (stored as they are) or part of their storage form, such as
    {"features": {"subscription_pause": {"enabled": True}}}, merged into the stored values; a value that does not fit
    raises `schema.InvalidSettings` and nothing is stored.
    """
    whole = isinstance(changes, schema.Settings)
    if isinstance(changes, schema.Settings):
        changes = dict(schema.to_storage(changes))
    row = _row()
    kept = schema.to_storage(schema.from_storage(row.values)) if row else {}
    # Whole settings replace what is stored, so a key removed from a mapping (a translation) is removed.
    values = copy.deepcopy(dict(changes)) if whole else merge(kept, changes)
    schema.from_storage(values, strict=True)
    if row is None:
        row = PortalSettings(id=1, values={})
        db.session.add(row)
    row.values = values
    db.session.commit()
    g.pop("portal_settings", None)
    return current()
