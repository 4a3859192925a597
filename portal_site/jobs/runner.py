"""The jobs table: store a job once by its key, claim it with a hold, run its handler, retry with backoff.

A claim is one conditional UPDATE, so two workers never run a job at once; a worker killed mid-job
leaves its claim to expire, and the job is due again (the queue's sweep wakes a worker for it).
"""
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, or_, select, update

from portal_site.extensions import db
from portal_site.models import Job
from portal_site.models._columns import utcnow
from portal_site.models.once import stored_once

log = logging.getLogger(__name__)

ATTEMPTS = 6
# A wake-up no worker has taken this long after it was due is presumed lost, and sent again.
LOST_AFTER = timedelta(minutes=1)
Handler = Callable[[dict[str, Any]], None]
HANDLERS: dict[str, Handler] = {}


# How long an ended job's row is kept: long enough to see in the database what ran, and why one failed.
KEPT = timedelta(days=30)


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of `kind`; it gets the job's payload and may raise to retry."""

    def register(function: Handler) -> Handler:
        HANDLERS[kind] = function
        return function

    return register


def store(kind: str, key: str, payload: dict[str, Any]) -> bool:
    """Add a job due now, whose wake-up the caller sends; False when a job with this key exists already."""
    moment = utcnow()
    return stored_once(Job(key=key, kind=kind, payload=payload, state="queued", attempts=0, run_after=moment,
                           wakeup_at=moment))


def exists(key: str) -> bool:
    """Whether a job with this key was ever stored (queued, running, done or failed)."""
    return db.session.get(Job, key) is not None


def forget(key: str) -> None:
    """Remove a job that was stored but cannot be queued (its sender will send it again)."""
    db.session.execute(Job.__table__.delete().where(Job.key == key))
    db.session.commit()


def _due(moment: datetime):
    return (Job.state == "queued", Job.run_after <= moment, or_(Job.held_until.is_(None), Job.held_until < moment))


def lost() -> list[str]:
    """Keys of the jobs due, free and with no wake-up on its way: a killed worker's, or whose wake-up was lost."""
    moment = utcnow()
    waiting = or_(Job.wakeup_at.is_(None), Job.wakeup_at < moment - LOST_AFTER)
    return list(db.session.scalars(select(Job.key).where(*_due(moment), waiting).order_by(Job.run_after)))


def prune(moment: datetime) -> int:
    """Remove jobs that ended (done, or failed for good) over KEPT ago; their keys' own records (sent emails,
    handled events) keep those from running twice. Returns how many went."""
    ended = Job.__table__.delete().where(Job.state.in_(("done", "failed")), Job.finished_at < moment - KEPT)
    removed = db.session.execute(ended).rowcount
    db.session.commit()
    return removed


def woken(keys: list[str], at: datetime) -> None:
    """Record that wake-ups for these jobs reach the queue at `at`."""
    if keys:
        _set(Job.key.in_(keys), wakeup_at=at)


def backoff(attempt: int) -> float:
    """Seconds before the next try after failed attempt number `attempt` (1, 2, ...): x3 each time."""
    return float(current_app.config["JOBS_RETRY_SECONDS"]) * 3 ** (attempt - 1)


def _claim(key: str) -> Job | None:
    moment = utcnow()
    hold = moment + timedelta(seconds=current_app.config["JOBS_HOLD_SECONDS"])
    claimed = db.session.execute(
        update(Job).where(Job.key == key, *_due(moment))
        .values(held_until=hold, wakeup_at=None, attempts=Job.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
    db.session.commit()
    return db.session.get(Job, key, populate_existing=True) if claimed else None


def _set(which: ColumnElement[bool], **values: Any) -> None:
    db.session.execute(update(Job).where(which).values(**values).execution_options(synchronize_session=False))
    db.session.commit()


def run(key: str) -> float | None:
    """Run the job if it is due and free; returns the seconds until its retry when it failed and may retry.

    The retry's wake-up is the caller's to send (and record with `woken`); unsent, the sweep sends it.
    """
    job = _claim(key)
    if job is None:
        return None
    try:
        HANDLERS[job.kind](job.payload or {})
    except Exception as error:
        db.session.rollback()
        # The job's key and error, never its payload (a passcode email's payload holds the code).
        if job.attempts >= ATTEMPTS:
            log.error("Job %s failed for good after %d attempts: %r", key, job.attempts, error)
            _set(Job.key == key, state="failed", payload=None, held_until=None, error=repr(error), finished_at=utcnow())
            return None
        delay = backoff(job.attempts)
        log.warning("Job %s failed (attempt %d of %d), retrying in %.0f s: %r", key, job.attempts, ATTEMPTS,
                    delay, error)
        _set(Job.key == key, run_after=utcnow() + timedelta(seconds=delay), held_until=None, error=repr(error))
        return delay
    _set(Job.key == key, state="done", payload=None, held_until=None, error=None, finished_at=utcnow())
    return None
