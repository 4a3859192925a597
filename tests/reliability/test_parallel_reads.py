"""Parallel Stripe reads belong to their request: concurrent requests never wait on a shared pool,
nested parallel reads cannot deadlock, and one request's calls in flight are bounded."""
import threading
import time

import stripe

from portal_site.billing import client
from portal_site.billing.deadline import DeadlineClient

REQUESTS = 16
READS = 5


def test_sixteen_requests_read_all_at_once(app):
    """80 reads of 16 requests meet at one barrier: any pool smaller than that would leave it broken."""
    barrier = threading.Barrier(REQUESTS * READS, timeout=20)
    results, errors = [], []

    def read():
        return barrier.wait()

    def one_request():
        try:
            with app.test_request_context("/account/"):
                results.append(client.parallel(*[read] * READS))
        except Exception as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=one_request) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    assert len(results) == REQUESTS and all(len(found) == READS for found in results)


def test_nested_parallel_reads_finish(app):
    """A read that itself reads in parallel gets threads of its own (a shared pool could be full of its callers)."""
    def inner():
        return sum(client.parallel(*[lambda: 1] * 10))

    with app.test_request_context("/account/"):
        assert client.parallel(*[inner] * 10) == [10] * 10


def test_parallel_reads_see_their_request(app):
    from flask import request

    with app.test_request_context("/account/?x=1"):
        assert client.parallel(lambda: request.args["x"], lambda: request.path) == ["1", "/account/"]


def test_one_requests_calls_in_flight_are_bounded(app, monkeypatch):
    now_in_flight, most = [0], [0]
    lock = threading.Lock()

    def fake_request(self, method, url, headers, post_data=None):
        with lock:
            now_in_flight[0] += 1
            most[0] = max(most[0], now_in_flight[0])
        time.sleep(0.05)
        with lock:
            now_in_flight[0] -= 1
        return b"{}", 200, {}

    monkeypatch.setattr(stripe.RequestsClient, "request", fake_request)
    http = DeadlineClient(timeout=(3, 15), in_flight=2)
    with app.test_request_context("/account/"):
        client.parallel(*[lambda: http.request("get", "http://x/v1/a", {})] * 8)
    assert 1 <= most[0] <= 2


def test_parallel_reads_see_the_settings_in_force(app):
    """A customer session's own configuration (settings.use) holds in the reads too, not the stored settings."""
    from dataclasses import replace

    from portal_site import settings

    with app.test_request_context("/account/"):
        own = replace(settings.current(), features=replace(settings.current().features))
        settings.use(own)
        assert client.parallel(settings.current, settings.current) == [own, own]
        assert all(found is own for found in client.parallel(settings.current))


def test_errors_come_after_every_read_has_finished_the_first_one_first(app):
    finished = []

    def fails(name, after=0.0):
        def read():
            time.sleep(after)
            finished.append(name)
            raise LookupError(name)
        return read

    def slow():
        time.sleep(0.2)
        finished.append("slow")
        return "slow"

    with app.test_request_context("/account/"):
        try:
            client.parallel(fails("first", after=0.05), slow, fails("last"))
        except LookupError as error:
            raised = str(error)
    assert raised == "first"
    assert sorted(finished) == ["first", "last", "slow"]
    with app.test_request_context("/account/"):
        try:
            client.parallel(slow, fails("last"))
        except LookupError as error:
            raised = str(error)
    assert raised == "last" and finished.count("slow") == 2
