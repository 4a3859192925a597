"""The sweep wakes workers only for jobs no wake-up will reach: a killed worker's, or whose wake-up was lost."""
from datetime import timedelta

import pytest

from portal_site.extensions import db
from portal_site.jobs import runner
from portal_site.models import Job
from portal_site.models._columns import utcnow

# No worker: the jobs here stay as the test leaves them.
pytestmark = pytest.mark.no_worker


def test_only_jobs_that_no_wake_up_will_reach_are_lost(app):
    now = utcnow()
    rows = {
        "fresh": {"wakeup_at": now},
        "wake-up lost": {"wakeup_at": now - timedelta(minutes=2)},
        "worker killed": {"held_until": now - timedelta(seconds=1)},
        "under way": {"held_until": now + timedelta(seconds=60)},
        "retry later": {"run_after": now + timedelta(seconds=60)},
        "retry due, wake-up unsent": {"run_after": now - timedelta(seconds=1)},
        "done": {"state": "done"},
    }
    with app.app_context():
        for key, values in rows.items():
            db.session.add(Job(**{"key": key, "kind": "mail", "payload": {}, "state": "queued", "attempts": 0,
                                  "run_after": now, "wakeup_at": None, **values}))
        db.session.commit()
        assert sorted(runner.lost()) == ["retry due, wake-up unsent", "wake-up lost", "worker killed"]


def test_jobs_that_ended_over_30_days_ago_are_pruned_and_the_rest_kept(app):
    now = utcnow()
    rows = {
        "done long ago": {"state": "done", "finished_at": now - timedelta(days=31)},
        "failed long ago": {"state": "failed", "finished_at": now - timedelta(days=31)},
        "done yesterday": {"state": "done", "finished_at": now - timedelta(days=1)},
        "queued long ago": {"state": "queued", "run_after": now - timedelta(days=40)},
    }
    with app.app_context():
        for key, values in rows.items():
            db.session.add(Job(**{"key": key, "kind": "mail", "payload": None, "attempts": 1, "run_after": now,
                                  **values}))
        db.session.commit()
        assert runner.prune(now) == 2
        assert sorted(job.key for job in db.session.query(Job)) == ["done yesterday", "queued long ago"]
