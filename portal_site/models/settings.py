"""Portal configuration and branding: one row, its values as JSON (schema in portal_site.settings); and the
further `billing_portal.configuration` objects the merchant API creates."""
from typing import Any

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class PortalSettings(Model):
    __tablename__ = "portal_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at = mapped_column(Timestamp, default=utcnow, onupdate=utcnow, nullable=False)


class PortalConfiguration(Model):
    """A `billing_portal.configuration` beside the default one (which is `PortalSettings`), in Stripe's shape."""

    __tablename__ = "portal_configurations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    updated_at = mapped_column(Timestamp, default=utcnow, nullable=False)
