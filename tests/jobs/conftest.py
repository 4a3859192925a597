"""Fixtures for the job queue tests: a worker as a real subprocess, and signed webhook deliveries."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.webhooks.test_webhooks import event, signed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_process(app_config, tmp_path):
    """`start(stall=False)` runs `flask jobs worker` on the test's settings; returns the process.

    With `stall=True` every job it takes waits forever once claimed; `stalled(n)` waits until n have.
    """
    started = []
    config = {key: value for key, value in app_config.items() if key != "SQLALCHEMY_ENGINE_OPTIONS"}
    if not config["SQLALCHEMY_DATABASE_URI"]:
        raise AssertionError("the test app needs a database URI")

    def start(stall=False):
        env = {**os.environ, "TEST_APP_CONFIG": json.dumps(config), "RAN_IN": str(tmp_path / "ran.txt")}
        env.pop("STALL_IN", None)
        if stall:
            env["STALL_IN"] = str(tmp_path / "stalled.txt")
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tests.jobs.worker_app", "jobs", "worker", "--threads", "2"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(10)


def lines(path):
    return path.read_text().split() if path.exists() else []


def wait_for(condition, timeout=20, what="condition"):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def deliver(client, event_id, customer="cus_1", type_="customer.subscription.updated"):
    """Post a signed event the way Stripe does; returns the response."""
    payload = event(event_id=event_id, customer=customer, type_=type_)
    return client.post("/stripe/webhooks", data=payload, headers=signed(payload))
