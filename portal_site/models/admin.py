"""Merchant accounts for the dashboard, API keys for the server API and its idempotent requests."""
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class AdminUser(UserMixin, Model):
    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    last_login_at = mapped_column(Timestamp, nullable=True)
    # Signing out ends every session of this merchant that started before this moment.
    sessions_revoked_at = mapped_column(Timestamp, nullable=True)

    def get_id(self) -> str:
        return f"admin:{self.id}"


class ApiKey(Model):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(128), unique=True)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    last_used_at = mapped_column(Timestamp, nullable=True)
    revoked_at = mapped_column(Timestamp, nullable=True)


class ApiIdempotentRequest(Model):
    """A POST sent with an `Idempotency-Key` and the answer it got, replayed when the same key comes again."""

    __tablename__ = "api_idempotent_requests"
    __table_args__ = (UniqueConstraint("api_key_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    api_key_id: Mapped[int] = mapped_column(ForeignKey("api_keys.id"))
    key: Mapped[str] = mapped_column(String(255))
    request_digest: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
