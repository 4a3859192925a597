"""One-time portal session URLs (`/p/session/<token>`) that the merchant's server creates.

Like Stripe's billing portal sessions: the merchant, who already knows who the
customer is, gets a URL that signs that customer in once, within LIFETIME.
"""
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from portal_site.extensions import db
from portal_site.models import ApiKey, PortalSessionLink
from portal_site.models._columns import utcnow

LIFETIME = timedelta(minutes=5)


def digest(token: str) -> str:
    """What is stored of a link's token: its SHA-256 (also for the links in customer emails)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create(customer_id: str, *, return_url: str | None = None, locale: str | None = None,
           api_key: ApiKey | None = None, configuration_id: str | None = None,
           flow: dict[str, Any] | None = None) -> tuple[PortalSessionLink, str]:
    """A new link; returns (row, token). Only the token's hash is stored.

    Links made through Stripe's API (`configuration_id` given) also get a `bps_` session id.
    """
    token = secrets.token_urlsafe(32)
    link = PortalSessionLink(
        token_hash=digest(token), customer_id=customer_id, return_url=return_url, locale=locale,
        expires_at=utcnow() + LIFETIME, api_key_id=api_key.id if api_key else None,
        session_id="bps_" + secrets.token_hex(12) if configuration_id else None,
        configuration_id=configuration_id, flow=flow,
    )
    db.session.add(link)
    db.session.commit()
    return link, token


def redeem(token: str) -> PortalSessionLink | None:
    """The link for `token` if it is unused and unexpired, marking it used (exactly once)."""
    now = utcnow()
    claimed = db.session.execute(
        update(PortalSessionLink)
        .where(PortalSessionLink.token_hash == digest(token or ""),
               PortalSessionLink.used_at.is_(None),
               PortalSessionLink.expires_at > now)
        .values(used_at=now)
    )
    db.session.commit()
    # Session.execute is typed as returning a Result; an UPDATE's is a CursorResult, which has rowcount.
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.session.query(PortalSessionLink).filter_by(token_hash=digest(token)).one()
