"""Rows that exist once by their unique key: the second writer learns it lost instead of failing."""
from sqlalchemy.exc import IntegrityError

from portal_site.extensions import db


def stored_once(row: object) -> bool:
    """Add and commit `row`; False when a row with its unique key is already there (a concurrent twin)."""
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True
