"""Merchant accounts: creation and password checks (scrypt via Werkzeug)."""
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from portal_site.extensions import db
from portal_site.models import AdminUser
from portal_site.models._columns import utcnow

_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16))


def normalize_email(email: str | None) -> str:
    return (email or "").strip().lower()


def create(email: str, password: str | None = None) -> tuple[AdminUser, str]:
    """Create an admin; returns (admin, password) where password is generated when not given."""
    password = password or secrets.token_urlsafe(12)
    admin = AdminUser(email=normalize_email(email), password_hash=generate_password_hash(password))
    db.session.add(admin)
    db.session.commit()
    return admin, password


def reset_password(admin: AdminUser, password: str | None = None) -> str:
    """Give `admin` a new password (generated when not given) and return it."""
    password = password or secrets.token_urlsafe(12)
    admin.password_hash = generate_password_hash(password)
    db.session.commit()
    return password


def find(email: str | None) -> AdminUser | None:
    return db.session.query(AdminUser).filter_by(email=normalize_email(email)).first()


def authenticate(email: str | None, password: str | None) -> AdminUser | None:
    """The admin for these credentials, or None; takes the same time either way."""
    admin = find(email)
    if admin is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(admin.password_hash, password or ""):
        return None
    admin.last_login_at = utcnow()
    db.session.commit()
    return admin


def load_admin(session_id: str | None) -> AdminUser | None:
    """Flask-Login's loader: only ids of the form `admin:<n>` are merchant accounts."""
    kind, _, number = (session_id or "").partition(":")
    if kind != "admin" or not number.isdigit():
        return None
    return db.session.get(AdminUser, int(number))
