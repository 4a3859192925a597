"""gunicorn as the Procfile runs it: several server processes without Redis refuse to start and say why (each would
serve its own stale cache), and a worker whose threads are all busy leaves new customers to the others."""
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from portal_site.config import ConfigError, check_processes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("workers, environ", [
    (1, {}),
    (4, {"REDIS_URL": "redis://127.0.0.1:6379/0"}),
])
def test_one_process_or_redis_starts(workers, environ):
    check_processes(workers, environ)


def test_several_processes_without_redis_are_refused_with_the_reason_and_the_two_ways_out():
    with pytest.raises(ConfigError) as refused:
        check_processes(2, {"REDIS_URL": ""})
    assert "2 server processes and no REDIS_URL" in str(refused.value)
    assert "Set REDIS_URL" in str(refused.value) and "WEB_CONCURRENCY=1" in str(refused.value)


@pytest.mark.parametrize("how", [["--workers", "2"], []])
def test_gunicorn_with_the_projects_config_refuses_to_start_several_processes_without_redis(how):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(WEB_CONCURRENCY="3", SECRET_KEY="x", STRIPE_SECRET_KEY="sk_test_x", PORTAL_BASE_URL="http://x")
    started = subprocess.run([os.path.join(os.path.dirname(sys.executable), "gunicorn"), *how,
                              "--bind", "127.0.0.1:0", "wsgi:app"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    assert started.returncode == 3
    assert "Refusing to start:" in started.stderr and "no REDIS_URL" in started.stderr
    assert "Booting worker" not in started.stderr and "Traceback" not in started.stderr


def test_a_worker_with_every_thread_busy_leaves_the_next_customer_to_a_free_one(tmp_path):
    """Customers arriving together on 2 workers of 2 threads are all answered at once: none waits behind another's
    request on a busy worker while the other worker has a thread free (gunicorn's gthread alone lets that happen)."""
    port = free_port()
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/0", "PYTHONPATH": str(ROOT / "tests" / "tooling")}
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-k", "gthread",
                                  "--workers", "2", "--threads", "2", "--bind", f"127.0.0.1:{port}", "slow_wsgi:app"],
                                 cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        wait_until_answering(port, server, log)
        for _ in range(4):
            answers = together(port, 4)
            first_end = min(answer["ended"] for answer in answers)
            assert all(answer["started"] < first_end for answer in answers), answers
            assert len({answer["pid"] for answer in answers}) == 2
    finally:
        server.terminate()
        server.wait(10)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(port, server, log):
    for _ in range(100):
        assert server.poll() is None, log.read_text()[-2000:]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def together(port, count):
    """`count` requests sent at the same moment, each on a connection of its own: their answers."""
    answers, start = [None] * count, threading.Barrier(count)

    def one(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.connect()
        start.wait()
        connection.request("GET", "/")
        answers[index] = json.loads(connection.getresponse().read())
        connection.close()

    threads = [threading.Thread(target=one, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
