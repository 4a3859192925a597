"""Huey carries the wake-ups: "run job KEY" now or after a delay, and a sweep every minute and at start.

The store is Redis when REDIS_URL is set (every web and worker process shares it), else a SQLite file
(JOBS_SQLITE_PATH, by default under the instance folder) for the demo and the tests. A wake-up that is
lost (a worker killed after popping it, Redis down when it was sent) costs nothing: the job's row is
still due, and the next sweep sends another (runner.lost() says which jobs wait for none).
"""
import logging
from datetime import timedelta

import redis
from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab

from portal_site.jobs import runner
from portal_site.models._columns import utcnow

log = logging.getLogger(__name__)


class QueueDown(Exception):
    """The queue cannot take a job now (Redis unreachable)."""


def _store(app: Flask) -> Huey:
    url = app.config.get("REDIS_URL")
    if url:
        # Its own pool: a worker's blocking read waits longer than the web's 1 s command timeout.
        pool = redis.ConnectionPool.from_url(url, socket_connect_timeout=1, socket_timeout=5)
        return RedisHuey(f"{app.config['REDIS_KEY_PREFIX']}jobs", results=False, connection_pool=pool)
    return SqliteHuey("jobs", results=False, filename=app.config["JOBS_SQLITE_PATH"])


def init_app(app: Flask) -> None:
    huey = _store(app)

    @huey.task(name="run")
    def wake(key: str) -> None:
        with app.app_context():
            delay = runner.run(key)
            if delay is not None:
                wake.schedule(args=(key,), delay=delay)
                runner.woken([key], utcnow() + timedelta(seconds=delay))

    @huey.periodic_task(crontab(), name="sweep")
    def sweep() -> None:
        with app.app_context():
            keys = runner.lost()
            for key in keys:
                wake(key)
            runner.woken(keys, utcnow())
            runner.prune(utcnow())

    # Each worker, as it starts, picks up what a killed worker left (its hold expired) and lost wake-ups.
    huey.on_startup("sweep")(sweep.call_local)
    app.extensions["jobs"] = huey
    app.extensions["jobs_wake"] = wake


def huey(app: Flask) -> Huey:
    """The app's queue (the worker command runs its consumer)."""
    return app.extensions["jobs"]


def enqueue(kind: str, key: str, payload: dict, *, inline_when_down: bool = True) -> bool:
    """Run the job `kind` with `payload` once for `key`, off the request path, retried with backoff.

    Returns False when a job with this key exists already. When the queue is down the job runs here
    and now (`inline_when_down`), or QueueDown is raised and nothing is kept, so the caller can refuse.
    """
    if not runner.store(kind, key, payload):
        return False
    try:
        current_app.extensions["jobs_wake"](key)
    except Exception as error:  # redis.RedisError, sqlite3.Error: whatever the store raises when it cannot write
        if not inline_when_down:
            runner.forget(key)
            raise QueueDown(str(error)) from error
        log.warning("The job queue is unreachable (%r); running job %s here", error, key)
        # A failure is left in the jobs table with no wake-up on its way: a worker's sweep retries it.
        runner.run(key)
    return True


def close(app: Flask) -> None:
    """Close the queue's connections (tests and tools that build many apps)."""
    storage = huey(app).storage
    storage.close()  # SQLite's; Redis's pool is ours
    if isinstance(getattr(storage, "pool", None), redis.ConnectionPool):
        storage.pool.disconnect()


def reachable(app: Flask) -> bool:
    """Can the queue take jobs now? (`/healthz`)"""
    try:
        huey(app).pending_count()
    except Exception:
        return False
    return True
