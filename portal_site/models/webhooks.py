"""Stripe webhook events already processed, so each is handled once."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class ProcessedWebhookEvent(Model):
    __tablename__ = "processed_webhook_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    received_at = mapped_column(Timestamp, default=utcnow, nullable=False)
