"""Reading the activity log for the dashboard: filtered pages of entries, cancellation reasons by month, the week's counts."""
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, select

from portal_site.extensions import db
from portal_site.models import ActivityLog
from portal_site.settings import CANCELLATION_REASONS

PAGE_SIZE = 25
CANCELED = "subscription.canceled"
NOT_GIVEN = "not_given"
CHART_REASONS = (*CANCELLATION_REASONS, NOT_GIVEN)
MAX_MONTHS = 36

S = TypeVar("S", bound=Select[Any])


@dataclass(frozen=True)
class Filters:
    actor_type: str = ""
    action: str = ""
    customer_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class Page:
    entries: Sequence[ActivityLog]
    number: int
    has_previous: bool
    has_next: bool


@dataclass
class MonthReasons:
    month: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _filtered(query: S, filters: Filters, *, by_action: bool = True) -> S:
    if filters.actor_type:
        query = query.where(ActivityLog.actor_type == filters.actor_type)
    if by_action and filters.action:
        query = query.where(ActivityLog.action == filters.action)
    if filters.customer_id:
        query = query.where(ActivityLog.customer_id == filters.customer_id)
    if filters.date_from:
        query = query.where(ActivityLog.created_at >= _start(filters.date_from))
    if filters.date_to:
        query = query.where(ActivityLog.created_at < _start(filters.date_to + timedelta(days=1)))
    return query


def page(filters: Filters, number: int = 1) -> Page:
    """Entries matching `filters`, newest first, PAGE_SIZE at a time."""
    number = max(1, number)
    query = _filtered(select(ActivityLog), filters).order_by(ActivityLog.created_at.desc(), ActivityLog.id.desc())
    rows = db.session.scalars(query.offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return Page(rows[:PAGE_SIZE], number, number > 1, len(rows) > PAGE_SIZE)


def actions() -> list[str]:
    """Every action recorded so far, for the filter's choices."""
    return sorted(db.session.scalars(select(ActivityLog.action).distinct()))


def actor_types() -> list[str]:
    return sorted({"admin", "customer", *db.session.scalars(select(ActivityLog.actor_type).distinct())})


def _month(day: date) -> date:
    return day.replace(day=1)


def _months_before(day: date, count: int) -> date:
    index = day.year * 12 + day.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def _months_between(first: date, last: date) -> list[date]:
    months: list[date] = []
    current = _month(first)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _reason(detail: Mapping[str, Any] | None) -> str:
    reason = (detail or {}).get("reason") or NOT_GIVEN
    return reason if reason in CHART_REASONS else "other"


def cancellation_reasons(filters: Filters, today: date | None = None) -> list[MonthReasons]:
    """Cancellations per month and reason within the filters' dates (default: the last 12 months, at most 36)."""
    today = today or datetime.now(UTC).date()
    last = filters.date_to or today
    first = max(filters.date_from or _months_before(last, 11), _months_before(last, MAX_MONTHS - 1))
    window = Filters(customer_id=filters.customer_id, date_from=first, date_to=last)
    query = _filtered(select(ActivityLog.created_at, ActivityLog.detail), window, by_action=False)
    rows = db.session.execute(query.where(ActivityLog.action == CANCELED)).all()
    months = {month: MonthReasons(month) for month in _months_between(first, last)}
    for created_at, detail in rows:
        bucket = months.get(_month(created_at.date()))
        if bucket is not None:
            reason = _reason(detail)
            bucket.counts[reason] = bucket.counts.get(reason, 0) + 1
    return list(months.values())


def counts_since(since: datetime, actions: Iterable[str]) -> dict[str, int]:
    """How many entries of each of `actions` were recorded at or after `since`."""
    query = (select(ActivityLog.action, func.count()).where(ActivityLog.created_at >= since,
                                                            ActivityLog.action.in_(actions))
             .group_by(ActivityLog.action))
    found = dict(db.session.execute(query).all())
    return {action: found.get(action, 0) for action in actions}


def cancellation_reasons_since(since: datetime) -> list[tuple[str, int]]:
    """Cancellations at or after `since` by reason, most frequent first: [(reason, count)]."""
    query = select(ActivityLog.detail).where(ActivityLog.created_at >= since, ActivityLog.action == CANCELED)
    counts: dict[str, int] = {}
    for detail in db.session.scalars(query):
        reason = _reason(detail)
        counts[reason] = counts.get(reason, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def last_of(action: str) -> ActivityLog | None:
    """The newest entry of `action`, or None."""
    query = select(ActivityLog).where(ActivityLog.action == action).order_by(ActivityLog.created_at.desc(),
                                                                             ActivityLog.id.desc())
    return db.session.scalars(query.limit(1)).first()
