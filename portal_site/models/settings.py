"""Portal configuration and branding: one row, its values as JSON (schema in portal_site.settings)."""
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class PortalSettings(Model):
    __tablename__ = "portal_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at = mapped_column(Timestamp, default=utcnow, onupdate=utcnow, nullable=False)
