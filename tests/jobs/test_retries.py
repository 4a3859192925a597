"""A failed job is tried again later, each wait three times the last, six attempts in all; then it stops."""
import time

import pytest

from portal_site import mail
from portal_site.extensions import db
from portal_site.jobs import runner
from portal_site.models import Job
from tests.jobs.conftest import wait_for


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOBS_RETRY_SECONDS": 0.05}


def _job(app, key):
    with app.app_context():
        return db.session.get(Job, key)


def _send(app):
    with app.test_request_context():
        mail.send("ada@example.test", "Your code", "passcode", key="retry", code="123456", minutes=10)


def test_backoff_grows_threefold(app):
    with app.app_context():
        assert [runner.backoff(attempt) for attempt in range(1, 6)] == pytest.approx([0.05, 0.15, 0.45, 1.35, 4.05])


def test_an_email_that_failed_once_is_sent_once_on_the_next_attempt(app, mailbox, jobs_done):
    app.extensions["mail"].port = 9  # nothing listens there: the SMTP connection is refused
    started = time.monotonic()
    _send(app)
    wait_for(lambda: _job(app, "mail:retry").attempts == 1 and _job(app, "mail:retry").error, what="a failure")
    app.extensions["mail"].port = app.config["MAIL_PORT"]
    jobs_done()
    job = _job(app, "mail:retry")
    assert job.state == "done" and job.attempts == 2 and job.error is None
    assert [message["To"] for message in mailbox.wait(1)] == ["ada@example.test"]
    assert time.monotonic() - started >= 0.05


def test_a_job_that_keeps_failing_stops_after_six_attempts(app, mailbox):
    app.extensions["mail"].port = 9
    _send(app)
    wait_for(lambda: _job(app, "mail:retry").state == "failed", timeout=30, what="the last attempt")
    job = _job(app, "mail:retry")
    assert job.attempts == 6 and job.payload is None and "Connection refused" in job.error
    assert mailbox.messages == []
