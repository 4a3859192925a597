"""The queue down (REDIS_URL on a closed port): sign-in still sends its code, webhooks answer 503, nothing is lost."""
import time

import pytest

from portal_site import mail
from portal_site.models import Job, ProcessedWebhookEvent
from portal_site.signin import login_links
from tests.conftest import Mailbox, start_worker
from tests.jobs.conftest import deliver

# No worker: none could reach the queue.
pytestmark = pytest.mark.no_worker


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REDIS_URL": "redis://127.0.0.1:1/0", "JOBS_RETRY_SECONDS": 0.1}


@pytest.fixture
def token(app):
    with app.app_context():
        return login_links.activate().token


def test_sign_in_sends_the_code_from_the_request(app, client, token, mailbox, stripe_v1):
    stripe_v1.customers.create(params={"email": "ada@example.test"})
    assert client.post(f"/p/login/{token}", data={"email": "ada@example.test"}).status_code == 303
    [message] = mailbox.wait(1)
    assert message["To"] == "ada@example.test" and "10 minutes" in Mailbox.text(message)
    with app.app_context():
        assert {(job.kind, job.state) for job in Job.query.all()} == {("passcode", "done"), ("mail", "done")}


def test_a_code_that_cannot_be_sent_yet_waits_for_the_queue(app, app_config, make_app, client, token, mailbox,
                                                             stripe_v1, jobs_done, monkeypatch):
    stripe_v1.customers.create(params={"email": "ada@example.test"})
    app.extensions["mail"].port = 9  # and the mail server refuses too, after answering sign-in's check
    monkeypatch.setattr(mail, "reachable", lambda: True)
    assert client.post(f"/p/login/{token}", data={"email": "ada@example.test"}).status_code == 303
    with app.app_context():
        [email] = Job.query.filter(Job.kind == "mail").all()
        assert email.state == "queued" and email.attempts == 1 and email.error
    # The queue and the mail server are back: once the retry is due, a worker's first sweep sends the code.
    time.sleep(0.2)
    back = make_app({**app_config, "REDIS_URL": None})
    consumer = start_worker(back)
    try:
        jobs_done()
    finally:
        consumer.stop(graceful=True)
    [message] = mailbox.wait(1)
    assert message["To"] == "ada@example.test"


def test_a_webhook_is_refused_unrecorded_so_stripe_sends_it_again(app, client):
    response = deliver(client, "evt_1")
    assert response.status_code == 503
    with app.app_context():
        assert ProcessedWebhookEvent.query.count() == 0 and Job.query.count() == 0
