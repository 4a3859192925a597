"""The portal under gunicorn as the Procfile starts it, driven from this process over loopback.

Requests per second come from a small load generator (threads, one keep-alive connection each), which
shares the machine's cores with the server: they are lower than a separate load machine would see, for
every route alike, so the routes are compared with each other (the 5-line hello route is the floor).
"""
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

import requests

from bench.harness import QUICK, ROOT

HELLO_APP = "bench.hello:app"


@dataclass
class Served:
    url: str
    pid: int
CONNECTIONS = 8
SECONDS = 0.3 if QUICK else 3.0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers():
    """The Procfile's WEB_CONCURRENCY (2); one process without Redis, which gunicorn.conf.py insists on."""
    return int(os.environ.get("WEB_CONCURRENCY", "2")) if os.environ.get("REDIS_URL") else 1


def cpu_seconds(pid):
    """CPU seconds (user + system) used so far by process `pid` and its children (gunicorn's workers): Linux's /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(entry) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


@contextmanager
def gunicorn(app_path, environ):
    """`gunicorn -k gthread --workers N --threads 8 <app>` (the Procfile's line) on a free loopback port."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-k", "gthread", "--workers", str(workers()), "--threads", "8",
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", app_path]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **environ},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {process.stderr.read().decode()[-2000:]}")
            try:
                requests.get(f"{url}/favicon.ico", timeout=30, allow_redirects=False)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        yield Served(url, process.pid)
    finally:
        process.terminate()
        process.wait(20)


def requests_per_second(url, path, headers=None, seconds=SECONDS, connections=CONNECTIONS):
    """GET `path` from `connections` keep-alive connections for `seconds`: answers per second (all must be 200)."""
    host, port = url.removeprefix("http://").split(":")
    headers = {"Accept-Encoding": "gzip, br", **(headers or {})}
    counts, failures = [0] * connections, []
    start = threading.Barrier(connections + 1)
    stop = [0.0]

    def drive(index):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        start.wait()
        while time.perf_counter() < stop[0]:
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                failures.append(answer.status)
                return
            counts[index] += 1
            if answer.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.close()

    threads = [threading.Thread(target=drive, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    # The page is asked for once first, so imports and template compilation are not counted.
    requests.get(f"{url}{path}", headers=headers, timeout=30)
    began = time.perf_counter()
    stop[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise RuntimeError(f"{path} answered {failures[0]} under load")
    return sum(counts) / elapsed


def concurrent_walls(url, path, cookies):
    """Each cookie's customer asks for `path` at the same moment, on a connection of its own: wall times, s."""
    walls, failures = [0.0] * len(cookies), []
    start = threading.Barrier(len(cookies))

    def one(index, cookie):
        session = requests.Session()
        start.wait()
        began = time.perf_counter()
        answer = session.get(f"{url}{path}", headers={"Cookie": cookie}, timeout=60)
        walls[index] = time.perf_counter() - began
        if answer.status_code != 200:
            failures.append(answer.status_code)

    threads = [threading.Thread(target=one, args=(i, cookie)) for i, cookie in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"{path} answered {failures[0]} to a concurrent customer")
    return walls


def median(values):
    return statistics.median(values)


def direct_walls(emulator_url, customer_ids):
    """The account page's five Stripe reads of every customer, all at once, straight to the emulator (no portal):
    each customer's wall time, s. What the emulator alone costs under this concurrency."""
    auth = {"Authorization": "Bearer sk_test_bench"}

    def reads(cid):
        return [f"/v1/customers/{cid}?expand[]=tax_ids",
                f"/v1/payment_methods?customer={cid}&type=card&limit=100",
                f"/v1/invoices?customer={cid}&status=open&limit=100",
                f"/v1/invoices?customer={cid}&limit=10",
                f"/v1/subscriptions?customer={cid}&limit=100&expand[]=data.items.data.price.product"]

    walls = [0.0] * len(customer_ids)
    start = threading.Barrier(len(customer_ids) * 5)
    began = [[0.0] * 5 for _ in customer_ids]
    ended = [[0.0] * 5 for _ in customer_ids]

    def one(index, slot, path):
        with requests.Session() as session:  # connected before the start, as the portal's pool is
            session.get(f"{emulator_url}/_emulator/clock", timeout=60).raise_for_status()
            start.wait()
            began[index][slot] = time.perf_counter()
            session.get(f"{emulator_url}{path}", headers=auth, timeout=60).raise_for_status()
            ended[index][slot] = time.perf_counter()

    threads = [threading.Thread(target=one, args=(i, slot, path))
               for i, cid in enumerate(customer_ids) for slot, path in enumerate(reads(cid))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for index, times in enumerate(ended):
        walls[index] = max(times) - min(min(each) for each in began)
    return walls
