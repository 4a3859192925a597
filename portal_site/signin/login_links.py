"""The customer login link: one active token at a time, activated, deactivated or rotated by the merchant."""
import secrets

from flask import current_app

from portal_site.extensions import db
from portal_site.models import LoginLink
from portal_site.models._columns import utcnow


def active():
    return db.session.query(LoginLink).filter_by(active=True).order_by(LoginLink.id.desc()).first()


def find_active(token):
    link = db.session.query(LoginLink).filter_by(token=token, active=True).first()
    return link


def activate():
    """Return the active link, creating one if there is none."""
    return active() or rotate()


def deactivate():
    for link in db.session.query(LoginLink).filter_by(active=True):
        link.active = False
        link.deactivated_at = utcnow()
    db.session.commit()


def rotate():
    """Replace the active link by a new one; the old token stops working."""
    deactivate()
    link = LoginLink(token=secrets.token_urlsafe(24), active=True)
    db.session.add(link)
    db.session.commit()
    return link


def url(link):
    """The absolute URL of a link, built from PORTAL_BASE_URL (never from the Host header)."""
    return f"{current_app.config['PORTAL_BASE_URL']}/p/login/{link.token}"
