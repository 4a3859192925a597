"""Customer emails the portal sent about Stripe events, and the one-time sign-in links inside them."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class SentNotification(Model):
    """One email per (event, kind): the row is written before sending, so a second delivery of the event sends nothing."""

    __tablename__ = "sent_notifications"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), index=True)
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(16))
    # What the email is about (an invoice, a subscription): a payment-failed email is sent once per invoice.
    subject_id: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    sent_at = mapped_column(Timestamp, default=utcnow, nullable=False)


class EmailSignInLink(Model):
    """A `/p/email/<token>` link: signs its customer in once, before `expires_at`, and opens `endpoint`."""

    __tablename__ = "email_sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    # The account page it opens (a Flask endpoint) and the id that page takes, if any (an invoice, a subscription).
    endpoint: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(255), nullable=True)
    locale: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    expires_at = mapped_column(Timestamp, nullable=False)
    used_at = mapped_column(Timestamp, nullable=True)
