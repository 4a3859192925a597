"""Background jobs, one row each, so a job outlives the queue message that woke a worker for it."""
from typing import Any

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal_site.models._columns import Model, Timestamp, utcnow


class Job(Model):
    __tablename__ = "jobs"

    # What makes the job idempotent: the same key enqueued twice is one job.
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    # Cleared once the job is done or has failed for good (a passcode email's payload holds the code).
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)  # queued, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after = mapped_column(Timestamp, default=utcnow, nullable=False)
    # A worker that claims the job holds it until then; past it, the job is anyone's again.
    held_until = mapped_column(Timestamp, nullable=True)
    # When the wake-up last sent for the job reaches the queue; None when none is on its way (taken, or lost).
    wakeup_at = mapped_column(Timestamp, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at = mapped_column(Timestamp, default=utcnow, nullable=False)
    finished_at = mapped_column(Timestamp, nullable=True)
