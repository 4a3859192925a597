"""API keys for the merchant server API: shown once, stored as a SHA-256 hash, revocable."""
import hashlib
import hmac
import secrets

from portal_site.extensions import db
from portal_site.models import ApiKey
from portal_site.models._columns import utcnow

PREFIX = "bpk_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(name: str) -> tuple[ApiKey, str]:
    """A new key; returns (row, secret). The secret is not stored and cannot be shown again."""
    secret = PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(name=name, prefix=secret[:12], key_hash=_digest(secret))
    db.session.add(key)
    db.session.commit()
    return key, secret


def authenticate(secret: str | None) -> ApiKey | None:
    """The live key for `secret`, or None."""
    if not secret or not secret.startswith(PREFIX):
        return None
    key = db.session.query(ApiKey).filter_by(prefix=secret[:12], revoked_at=None).first()
    if key is None or not hmac.compare_digest(key.key_hash, _digest(secret)):
        return None
    key.last_used_at = utcnow()
    db.session.commit()
    return key


def listing() -> list[ApiKey]:
    """Every key, live ones first, newest first within each."""
    return list(db.session.query(ApiKey).order_by(ApiKey.revoked_at.isnot(None), ApiKey.created_at.desc(),
                                                  ApiKey.id.desc()))


def find(key_id: int) -> ApiKey | None:
    return db.session.get(ApiKey, key_id)


def revoke_key(key: ApiKey) -> None:
    """Revoke `key` (a revoked key stays revoked)."""
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        db.session.commit()


def revoke(prefix: str) -> bool:
    """Revoke the live key whose prefix is `prefix`; returns whether one was found."""
    key = db.session.query(ApiKey).filter_by(prefix=prefix, revoked_at=None).first()
    if key is None:
        return False
    key.revoked_at = utcnow()
    db.session.commit()
    return True
