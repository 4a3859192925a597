"""Several server processes without Redis refuse to start and say why: each would serve its own stale cache."""
import os
import subprocess
import sys
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
