"""All work off the request path, as durable jobs: each runs once by its key, retried with backoff.

    jobs.enqueue("mail", "mail:passcode:3f2a...", {...})   # from a request or from another job
    @jobs.handler("mail")                                   # in the module that owns the work
    def deliver(payload): ...                               # raise to retry (6 attempts in all)

A job is a row in the portal's database (runner.py); Huey (queue.py) only wakes a worker for it.
`flask --app wsgi jobs worker` runs the worker (cli.py).
"""
from portal_site.jobs.queue import QueueDown, close, enqueue, init_app, reachable
from portal_site.jobs.runner import exists, handler

__all__ = ["QueueDown", "close", "enqueue", "exists", "handler", "init_app", "reachable"]
