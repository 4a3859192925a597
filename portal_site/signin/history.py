"""What happened when an email asked for sign-in codes, for the dashboard's "check a customer's email" tool."""
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select

from portal_site.extensions import db
from portal_site.models import ActivityLog, PasscodeChallenge
from portal_site.signin.passcodes import email_key


@dataclass(frozen=True)
class CodeRequest:
    created_at: object
    customer_id: str | None
    used: bool
    attempts: int

    @property
    def wrong_tries(self) -> int:
        """Checks that failed: every check takes an attempt, so a used code's last one was right."""
        return max(0, self.attempts - 1) if self.used else self.attempts


def code_requests(email: str | None, limit: int = 5) -> list[CodeRequest]:
    """The latest codes issued for `email`, newest first; `customer_id` is set once one was emailed."""
    query = (
        select(PasscodeChallenge)
        .where(PasscodeChallenge.email == email_key(email))
        .order_by(PasscodeChallenge.created_at.desc(), PasscodeChallenge.id.desc())
        .limit(limit)
    )
    return [
        CodeRequest(row.created_at, row.customer_id, row.used_at is not None, row.attempts)
        for row in db.session.scalars(query)
    ]


def activity(email: str | None, customer_id: str | None = None, limit: int = 10) -> Sequence[ActivityLog]:
    """Activity by this email (sign-in attempts) or on this customer, newest first."""
    match = ActivityLog.actor == email_key(email)
    if customer_id:
        match = or_(match, ActivityLog.customer_id == customer_id)
    query = select(ActivityLog).where(match).order_by(ActivityLog.created_at.desc(), ActivityLog.id.desc())
    return db.session.scalars(query.limit(limit)).all()
