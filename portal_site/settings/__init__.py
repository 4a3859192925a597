"""Portal configuration and branding: typed settings (`schema`) and their stored values (`store`).

Callers use `settings.current().features.subscription_cancel.enabled` and `settings.save(...)`.
"""
from portal_site.settings.schema import CANCELLATION_REASONS, InvalidSettings, Settings
from portal_site.settings.store import DEFAULTS, current, save, use

__all__ = ["CANCELLATION_REASONS", "DEFAULTS", "InvalidSettings", "Settings", "current", "save", "use"]
