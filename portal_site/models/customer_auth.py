"""Customer sign-in: login links, passcode challenges, portal sessions."""
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class LoginLink(Model):
    """The link a merchant shares; only one is active at a time."""

    __tablename__ = "login_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    deactivated_at = mapped_column(Timestamp, nullable=True)


class PasscodeChallenge(Model):
    """One emailed passcode: only its HMAC is stored."""

    __tablename__ = "passcode_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    customer_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    code_hmac: Mapped[str] = mapped_column(String(128))
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    expires_at = mapped_column(Timestamp, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    used_at = mapped_column(Timestamp, nullable=True)
    # Set when the account picker starts a session from this code: a verified code signs in once.
    signed_in_at = mapped_column(Timestamp, nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)


class CustomerSession(Model):
    """A signed-in customer; the cookie holds only this row's random id."""

    __tablename__ = "customer_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), index=True)
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str | None] = mapped_column(String(16), nullable=True)
    return_url: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    last_seen_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    revoked_at = mapped_column(Timestamp, nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(256), nullable=True)
    # Set when a `billing_portal.session` opened it: the configuration and the deep-link flow in force.
    configuration_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    flow: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class PortalSessionLink(Model):
    """A one-time `/p/session/<token>` URL created through the merchant API."""

    __tablename__ = "portal_session_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(128), unique=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    return_url: Mapped[str | None] = mapped_column(String(2048), nullable=True)
    locale: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    expires_at = mapped_column(Timestamp, nullable=False)
    used_at = mapped_column(Timestamp, nullable=True)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), nullable=True)
    # Stripe's API (`POST /v1/billing_portal/sessions`): the session object, its configuration and flow.
    session_id: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    configuration_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    flow: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
