"""One-time sign-in links in customer emails (`/p/email/<token>`): like a portal session link, but each
opens one account page (an invoice, the cards, a subscription) and lives LIFETIME, so the customer acts
on an email without typing a passcode. Only the token's hash is stored; redeeming marks it used, once."""
import secrets
from datetime import timedelta

from sqlalchemy import update

from portal_site.extensions import db
from portal_site.models import EmailSignInLink
from portal_site.models._columns import utcnow
from portal_site.signin.session_links import digest

LIFETIME = timedelta(days=7)


def create(customer_id: str, kind: str, endpoint: str, target: str | None, locale: str | None) -> str:
    """A new link to `endpoint` (with `target` as its id) for `customer_id`; returns its token."""
    token = secrets.token_urlsafe(32)
    db.session.add(EmailSignInLink(
        token_hash=digest(token), customer_id=customer_id, kind=kind, endpoint=endpoint, target=target,
        locale=locale, expires_at=utcnow() + LIFETIME,
    ))
    db.session.commit()
    return token


def redeem(token: str) -> EmailSignInLink | None:
    """The link for `token` if it is unused and unexpired, marking it used (exactly once), else None."""
    now = utcnow()
    claimed = db.session.execute(
        update(EmailSignInLink)
        .where(EmailSignInLink.token_hash == digest(token or ""), EmailSignInLink.used_at.is_(None),
               EmailSignInLink.expires_at > now)
        .values(used_at=now)
    )
    db.session.commit()
    # Typed as a Result; an UPDATE's is a CursorResult, which has rowcount.
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return db.session.query(EmailSignInLink).filter_by(token_hash=digest(token)).one()
