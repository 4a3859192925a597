"""Column helpers shared by the models: timezone-aware UTC timestamps, and the models' base class."""
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime

from portal_site.extensions import db

if TYPE_CHECKING:
    # Flask-SQLAlchemy builds `db.Model` at run time from the declarative Base, so a type checker
    # cannot use it as a base class; it sees the Base, whose mapping is the same.
    from portal_site.extensions import Base as Model
else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC)


Timestamp = DateTime(timezone=True)
