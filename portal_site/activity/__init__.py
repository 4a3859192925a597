"""The activity log: what customers and merchants did, for the account page and the dashboard."""
from portal_site.extensions import db
from portal_site.models import ActivityLog


def record(action, *, actor_type, actor, customer_id=None, commit=True, **detail):
    """Add one row; `detail` must never hold secrets such as passcodes."""
    entry = ActivityLog(
        action=action, actor_type=actor_type, actor=actor, customer_id=customer_id, detail=detail
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def for_customer(customer_id, limit=10):
    return (
        db.session.query(ActivityLog)
        .filter_by(customer_id=customer_id)
        .order_by(ActivityLog.created_at.desc(), ActivityLog.id.desc())
        .limit(limit)
        .all()
    )
