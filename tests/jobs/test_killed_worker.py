"""A worker killed mid-job (SIGKILL, a real process) and started again: each email once, each event once."""
import signal
import time

import pytest

from portal_site import mail
from portal_site.models import Job
from portal_site.signin import login_links
from tests.jobs.conftest import deliver, lines, wait_for

# No worker in the test process: the subprocesses are the workers here.
pytestmark = pytest.mark.no_worker


@pytest.fixture
def app_config(app_config):
    return {**app_config, "JOBS_HOLD_SECONDS": 2}


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(app, client, mailbox, stripe_v1, worker_process,
                                                              tmp_path, jobs_done):
    stripe_v1.customers.create(params={"email": "ada@example.test"})
    with app.app_context():
        token = login_links.activate().token
    with app.test_request_context():
        for n in range(3):
            mail.send(f"c{n}@example.test", "Your code", "passcode", key=f"test:{n}", code="123456", minutes=10)
    assert client.post(f"/p/login/{token}", data={"email": "ada@example.test"}).status_code == 303
    assert [deliver(client, event_id).status_code for event_id in ("evt_1", "evt_2", "evt_1")] == [200, 200, 200]

    first = worker_process(stall=True)
    wait_for(lambda: len(lines(tmp_path / "stalled.txt")) == 2, what="two jobs under way")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    with app.app_context():
        held = Job.query.filter(Job.held_until.is_not(None)).all()
        assert len(held) == 2 and all(job.state == "queued" and job.attempts == 1 for job in held)
    assert mailbox.messages == []

    time.sleep(2.2)  # the killed worker's hold on its two jobs expires
    worker_process()
    jobs_done(timeout=30)
    time.sleep(0.5)  # a duplicate, were there one, would have arrived by now

    recipients = sorted(message["To"] for message in mailbox.messages)
    assert recipients == ["ada@example.test", "c0@example.test", "c1@example.test", "c2@example.test"]
    assert sorted(lines(tmp_path / "ran.txt")) == ["evt_1", "evt_2"]
    with app.app_context():
        jobs = {job.key: job for job in Job.query.all()}
        assert len(jobs) == 7 and {job.state for job in jobs.values()} == {"done"}
        assert all(job.payload is None for job in jobs.values())
        assert sorted(job.attempts for job in jobs.values()) == [1, 1, 1, 1, 1, 2, 2]
