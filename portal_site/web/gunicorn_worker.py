"""gunicorn's threaded worker, taking a new connection only when one of its threads is free to answer it.

gunicorn's gthread worker accepts every connection it can and queues it for its threads. With several
workers on one socket, a burst can land nine connections on one worker of eight threads while another
worker sits idle: the ninth customer then waits for a whole page of someone else's, Stripe's round trip
included (gunicorn issue 3433). Measured on 2 workers of 8 threads with 16 customers at once and Stripe
answering in 1 s: two or three of them took 2.1 s instead of 1.1 s.

Here a worker whose threads are all busy stops accepting until one is done, and the connection waits in
the socket's queue for any worker with a free thread. Connections it already holds (kept alive between a
browser's requests) are still answered by it as before.
"""
from typing import Any

from gunicorn.workers.gthread import ThreadWorker


class FreeThreadWorker(ThreadWorker):
    busy = 0  # connections handed to the thread pool and not yet finished (counted on the main thread)

    def set_accept_enabled(self, enabled: bool) -> None:
        super().set_accept_enabled(enabled and self.busy < self.cfg.threads)

    def enqueue_req(self, conn: Any) -> None:
        self.busy += 1
        super().enqueue_req(conn)
        if self.busy >= self.cfg.threads:
            self.set_accept_enabled(False)

    def finish_request(self, conn: Any, fs: Any) -> None:
        self.busy -= 1
        super().finish_request(conn, fs)


def use_free_threads(worker: Any) -> None:
    """Give a gthread worker (what the Procfile's `-k gthread` starts) the rule above; others are left alone."""
    if type(worker) is ThreadWorker:
        worker.__class__ = FreeThreadWorker
