"""The app of a worker subprocess in tests/jobs: `flask --app tests.jobs.worker_app jobs worker`.

Its settings are the test app's (JSON in TEST_APP_CONFIG). With STALL_IN set, every job first writes
its kind to that file and then waits, so a test can kill the worker mid-job; RAN_IN collects the ids
of the Stripe events whose handling finished.
"""
import json
import os
import time

from portal_site import create_app
from portal_site.jobs import runner

STALL_IN, RAN_IN = os.environ.get("STALL_IN"), os.environ["RAN_IN"]


def _note(path, line):
    with open(path, "a") as file:
        file.write(line + "\n")


def _watched(kind, handler):
    def run(payload):
        if STALL_IN:
            _note(STALL_IN, kind)
            time.sleep(600)
        handler(payload)
        if kind == "stripe_event":
            _note(RAN_IN, payload["id"])

    return run


app = create_app(json.loads(os.environ["TEST_APP_CONFIG"]))
runner.HANDLERS.update({kind: _watched(kind, handler) for kind, handler in runner.HANDLERS.items()})
