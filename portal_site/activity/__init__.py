"""The activity log: what customers and merchants did, for the account page and the dashboard."""
from typing import Any

from portal_site.extensions import db
from portal_site.models import ActivityLog


def record(action: str, *, actor_type: str, actor: str, customer_id: str | None = None, commit: bool = True,
           **detail: Any) -> ActivityLog:
    """Add one row; `detail` must never hold secrets such as passcodes."""
    entry = ActivityLog(
        action=action, actor_type=actor_type, actor=actor, customer_id=customer_id, detail=detail
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def for_customer(customer_id: str, limit: int = 10) -> list[ActivityLog]:
    return (
        db.session.query(ActivityLog)
        .filter_by(customer_id=customer_id)
        .order_by(ActivityLog.created_at.desc(), ActivityLog.id.desc())
        .limit(limit)
        .all()
    )
