"""Column helpers shared by the models: timezone-aware UTC timestamps."""
from datetime import UTC, datetime

from sqlalchemy import DateTime


def utcnow():
    return datetime.now(UTC)


Timestamp = DateTime(timezone=True)
