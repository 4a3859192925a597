"""Signed-in customers: server-side sessions with idle and absolute limits, revocable.

The signed cookie holds only the random id of a `CustomerSession` row; everything
else stays on the server, so signing out (or an admin) can end a session at once.
"""
import secrets
from datetime import datetime, timedelta
from typing import Any, TypeGuard

from flask import current_app, g, request, session

from portal_site.extensions import db
from portal_site.models import CustomerSession
from portal_site.models._columns import utcnow

COOKIE_KEY = "customer_session"
# The idle clock is moved at most this often: a page view writes nothing to the database within it
# (the idle limit may then fall up to this much early).
TOUCH_EVERY = timedelta(minutes=1)


def start(customer_id: str, email: str, *, locale: str | None = None, return_url: str | None = None,
          configuration_id: str | None = None, flow: dict[str, Any] | None = None) -> CustomerSession:
    """Sign a customer in with a brand-new session id (the old cookie session is dropped).

    `configuration_id` and `flow` come from a `billing_portal.session`: what the customer may do, and the one task.
    """
    keep_locale = session.get("locale")
    session.clear()
    if keep_locale:
        session["locale"] = keep_locale
    row = CustomerSession(
        id=secrets.token_urlsafe(32),
        customer_id=customer_id,
        email=email,
        locale=locale,
        return_url=return_url,
        configuration_id=configuration_id,
        flow=flow,
        ip=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:256],
    )
    db.session.add(row)
    db.session.commit()
    session[COOKIE_KEY] = row.id
    if locale:
        session["customer_locale"] = locale
    session.permanent = True
    g.customer_session = row
    return row


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _is_live(row: CustomerSession | None, now: datetime) -> TypeGuard[CustomerSession]:
    if row is None or row.revoked_at is not None:
        return False
    idle = current_app.config["CUSTOMER_SESSION_IDLE"]
    absolute = current_app.config["CUSTOMER_SESSION_ABSOLUTE"]
    return now - _aware(row.last_seen_at) <= idle and now - _aware(row.created_at) <= absolute


def current() -> CustomerSession | None:
    """The live session of this request's customer, or None (and touches its idle clock, at most once a minute)."""
    if "customer_session" in g:
        return g.customer_session
    session_id = session.get(COOKIE_KEY)
    row = db.session.get(CustomerSession, session_id) if session_id else None
    now = utcnow()
    if not _is_live(row, now):
        row = None
    elif now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    g.customer_session = row
    return row


def end() -> None:
    """Sign out: revoke the row so the cookie is worthless even if it was copied."""
    row = current()
    if row is not None:
        row.revoked_at = utcnow()
        db.session.commit()
    session.pop(COOKIE_KEY, None)
    session.pop("customer_locale", None)
    g.customer_session = None
