"""`make bench` runs to the end and leaves its report and plot (a quick run: its timings mean nothing here, its
counts do: round trips, Stripe calls, follow-up requests, what the large customer's page shows)."""
import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
# Counts, not timings: a quick run on a busy machine still holds them exactly.
COUNTED = (
    "sequential Stripe round trips, account page",
    "follow-up requests after the page (N = 1 subscription)",
    "Stripe calls per cold page view with its follow-up (N = 1)",
    "sequential Stripe round trips, sign-in code check",
    "sequential Stripe round trips, first page after sign-in",
    "Stripe calls per htmx action (make default)",
    "Stripe calls, account page with a warm cache",
    "Stripe calls, account page after the customer's own action",
    "Stripe calls while the warm account page was under load (all of them)",
    "50 subscriptions: cards shown",
    "200 invoices: rows on the page, and a link to the next page",
    "static files a repeat visit fetches or revalidates",
)


def test_the_bench_runs_and_leaves_its_report_and_plot(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "REDIS_URL")}
    finished = subprocess.run([sys.executable, "-m", "bench"], cwd=ROOT, capture_output=True, text=True, timeout=300,
                              env={**env, "BENCH_QUICK": "1", "BENCH_OUT": str(tmp_path)})
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert "targets met" in finished.stdout
    report = json.loads((tmp_path / "bench.json").read_text())
    verdicts = {row["name"]: row["verdict"] for row in report["rows"]}
    assert {name: verdicts.get(name) for name in COUNTED} == {name: "met" for name in COUNTED}
    assert report["machine_after"]["cores"] >= 1
    with Image.open(tmp_path / "bench.png") as plot:
        assert plot.format == "PNG" and plot.width > 400
