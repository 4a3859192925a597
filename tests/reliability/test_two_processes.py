"""Two gunicorn processes sharing PostgreSQL and Redis, as two dynos are: the sign-in limits hold in total.

One browser's requests go to either process, in turn; the passcode's five wrong tries and the rate limits are
counted once for both. Runs only with DATABASE_URL (PostgreSQL) and REDIS_URL set.
"""
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests

from tests.auth.helpers import code_from
from tests.conftest import POSTGRES

pytestmark = pytest.mark.skipif(not (POSTGRES and os.environ.get("REDIS_URL")),
                                reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL")
GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")
EMAIL = "ada@example.test"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def processes(app, app_config):
    """Two gunicorn processes (one worker each) on the test's database, Redis, emulator and SMTP server."""
    overrides = {"REDIS_KEY_PREFIX": app_config["REDIS_KEY_PREFIX"], "WTF_CSRF_ENABLED": False,
                 "STRIPE_MAX_NETWORK_RETRIES": 0, "RATE_LIMITS": {"passcode_send_ip": "3/hour"}}
    env = {**os.environ, "SECRET_KEY": app_config["SECRET_KEY"], "PORTAL_BASE_URL": "http://127.0.0.1",
           "STRIPE_SECRET_KEY": app_config["STRIPE_SECRET_KEY"], "STRIPE_API_BASE": app_config["STRIPE_API_BASE"],
           "MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(app_config["MAIL_PORT"]),
           "MAIL_DEFAULT_SENDER": "billing@example.test", "WEB_CONCURRENCY": "1"}
    urls, running = [], []
    for _ in range(2):
        port = _free_port()
        running.append(subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "--workers", "1", "--threads", "4", "-b", f"127.0.0.1:{port}",
             f"portal_site:create_app({overrides!r})"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(urls, running, strict=True):
            deadline = time.monotonic() + 30
            while True:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]
                try:
                    if requests.get(f"{url}/healthz", timeout=10).ok:
                        break
                except requests.RequestException:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield urls
    finally:
        for process in running:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        for process in running:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
            process.stderr.close()


def test_five_wrong_codes_across_two_processes_kill_the_code(processes, login_token, stripe_v1, mailbox):
    stripe_v1.customers.create(params={"email": EMAIL})
    browser = requests.Session()
    first, second = processes
    assert browser.post(f"{first}/p/login/{login_token}", data={"email": EMAIL}, allow_redirects=False,
                        timeout=10).status_code == 303
    code = code_from(mailbox.wait(1)[0])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for attempt in range(5):
        url = processes[attempt % 2]
        answer = browser.post(f"{url}/p/login/{login_token}/code", data={"code": wrong}, timeout=10)
        assert answer.status_code == 422, (attempt, answer.status_code)
    right = browser.post(f"{second}/p/login/{login_token}/code", data={"code": code}, allow_redirects=False,
                         timeout=10)
    assert right.status_code == 422, "the code died after five wrong tries in total, not five per process"
    assert "/account" not in right.headers.get("Location", "")


def test_the_sending_limit_per_address_holds_in_total(processes, login_token, mailbox):
    """3 codes an hour from one address (set for this test), asked for from either process in turn."""
    answers = []
    for number in range(5):
        url = processes[number % 2]
        response = requests.post(f"{url}/p/login/{login_token}", data={"email": f"person{number}@example.test"},
                                 allow_redirects=False, timeout=10)
        answers.append(response.status_code)
    assert answers == [303, 303, 303, 429, 429]
