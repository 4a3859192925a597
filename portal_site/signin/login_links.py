"""The customer login link: one active token at a time; turning it off and on keeps its URL, rotating replaces it."""
import secrets

from flask import current_app

from portal_site.extensions import db
from portal_site.models import LoginLink
from portal_site.models._columns import utcnow


def active() -> LoginLink | None:
    return db.session.query(LoginLink).filter_by(active=True).order_by(LoginLink.id.desc()).first()


def find_active(token: str) -> LoginLink | None:
    link = db.session.query(LoginLink).filter_by(token=token, active=True).first()
    return link


def activate() -> LoginLink:
    """The active link; else the newest link turned back on, so the URL already on the merchant's website
    works again; a new link only when there has never been one. (Only `rotate` changes the URL.)"""
    link = active()
    if link is not None:
        return link
    latest = db.session.query(LoginLink).order_by(LoginLink.id.desc()).first()
    if latest is None:
        return rotate()
    latest.active = True
    latest.deactivated_at = None
    db.session.commit()
    return latest


def deactivate() -> None:
    for link in db.session.query(LoginLink).filter_by(active=True):
        link.active = False
        link.deactivated_at = utcnow()
    db.session.commit()


def rotate() -> LoginLink:
    """Replace the active link by a new one; the old token stops working."""
    deactivate()
    link = LoginLink(token=secrets.token_urlsafe(24), active=True)
    db.session.add(link)
    db.session.commit()
    return link


def url(link: LoginLink) -> str:
    """The absolute URL of a link, built from PORTAL_BASE_URL (never from the Host header)."""
    return f"{current_app.config['PORTAL_BASE_URL']}/p/login/{link.token}"
