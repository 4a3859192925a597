"""Idempotent requests of the server API: a POST sent again with the same `Idempotency-Key` gets the first answer.

As in Stripe: keys are per API key and kept for 24 hours; the same key with other parameters is refused.
Only answers that changed something (2xx) are kept, so a request refused for its parameters can be corrected.
"""
import hashlib
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from portal_site.extensions import db
from portal_site.models import ApiIdempotentRequest, ApiKey
from portal_site.models._columns import utcnow

KEPT_FOR = timedelta(hours=24)
MAX_KEY_LENGTH = 255


class KeyReused(Exception):
    """The key was first used with other parameters (or another endpoint)."""


def digest(method: str, path: str, params: Any) -> str:
    return hashlib.sha256(repr((method, path, params)).encode()).hexdigest()


def replay(api_key: ApiKey, key: str, request_digest: str) -> tuple[int, dict[str, Any]] | None:
    """The first answer (status, body) to this key, None when it is new; KeyReused for other parameters."""
    row = db.session.query(ApiIdempotentRequest).filter_by(api_key_id=api_key.id, key=key).one_or_none()
    if row is not None and row.created_at.replace(tzinfo=utcnow().tzinfo) < utcnow() - KEPT_FOR:
        db.session.delete(row)
        db.session.commit()
        row = None
    if row is None:
        return None
    if row.request_digest != request_digest:
        raise KeyReused()
    return row.status, row.body


def keep(api_key: ApiKey, key: str, request_digest: str, status: int, body: dict[str, Any]) -> None:
    """Store the answer; a concurrent twin that stored first wins."""
    db.session.add(ApiIdempotentRequest(api_key_id=api_key.id, key=key, request_digest=request_digest,
                                        status=status, body=body))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
