"""Stripe events as jobs: twice or out of order, each is handled once and the end state is the same."""
from portal_site.models import Job, ProcessedWebhookEvent
from portal_site.webhooks import routes
from tests.jobs.conftest import deliver


def test_events_twice_and_out_of_order_are_each_handled_once(app, client, monkeypatch, jobs_done):
    handled = []
    monkeypatch.setattr(routes, "handle", lambda event: handled.append((event.id, event.customer_id)))
    answers = [deliver(client, event_id, customer=customer).json
               for event_id, customer in [("evt_2", "cus_2"), ("evt_1", "cus_1"), ("evt_2", "cus_2")]]
    assert answers == [{"received": True}, {"received": True}, {"received": True, "duplicate": True}]
    jobs_done()
    assert sorted(handled) == [("evt_1", "cus_1"), ("evt_2", "cus_2")]
    with app.app_context():
        assert ProcessedWebhookEvent.query.count() == 2
        assert {(job.key, job.state, job.attempts) for job in Job.query.all()} == {
            ("stripe_event:evt_1", "done", 1), ("stripe_event:evt_2", "done", 1)}
