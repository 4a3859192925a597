"""`make demo` starts only on free ports and stops at once on Ctrl-C, leaving nothing listening."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from scripts.demo import Demo, register_webhook

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def is_free(port):
    """Nothing listens there (a port in TIME_WAIT after the demo's own connections is free to a server)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def start_demo(tmp_path, output, portal_port, emulator_port):
    """`make demo` in a process group of its own, as a terminal runs it, with its state in tmp_path."""
    env = {**os.environ, "PORTAL_PORT": str(portal_port), "EMULATOR_PORT": str(emulator_port),
           "DEMO_INSTANCE": str(tmp_path / "instance")}
    return subprocess.Popen([sys.executable, "scripts/demo.py"], cwd=ROOT, env=env, stdout=output,
                            stderr=subprocess.STDOUT, start_new_session=True)


def printed(tmp_path):
    return (tmp_path / "demo.out").read_text()


@pytest.mark.parametrize("taken", ["PORTAL_PORT", "EMULATOR_PORT"])
def test_a_taken_port_is_named_with_the_variable_that_chooses_another_and_nothing_starts(tmp_path, taken):
    ports = {"PORTAL_PORT": free_port(), "EMULATOR_PORT": free_port()}
    with socket.socket() as other_program, open(tmp_path / "demo.out", "w") as output:
        other_program.bind(("127.0.0.1", ports[taken]))
        other_program.listen()
        assert start_demo(tmp_path, output, ports["PORTAL_PORT"], ports["EMULATOR_PORT"]).wait(10) == 1
    message = printed(tmp_path)
    assert f"Port {ports[taken]} on 127.0.0.1" in message and "already in use" in message
    assert f"{taken}={ports[taken] + 1} make demo" in message
    assert "Traceback" not in message
    assert not (tmp_path / "instance").exists()
    assert all(is_free(port) for port in ports.values())


def test_ctrl_c_stops_both_servers_at_once_without_a_traceback(tmp_path):
    portal_port, emulator_port = free_port(), free_port()
    with open(tmp_path / "demo.out", "w") as output:
        process = start_demo(tmp_path, output, portal_port, emulator_port)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, printed(tmp_path)
            try:
                if requests.get(f"http://127.0.0.1:{portal_port}/healthz", timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the demo's portal did not start"
            time.sleep(0.1)
        assert not is_free(emulator_port)
        interrupted = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole foreground group
        assert process.wait(10) == 0
        assert time.monotonic() - interrupted < 3  # the demo allows itself 1.5 s; the rest is a busy machine's slack
    finally:
        if process.poll() is None:  # the test failed before Ctrl-C: let the demo stop its servers
            os.killpg(process.pid, signal.SIGINT)
            process.wait(10)
    text = printed(tmp_path)
    assert "Traceback" not in text and "The demo stopped." in text
    assert is_free(portal_port) and is_free(emulator_port)


def test_a_demo_on_another_portal_port_keeps_stripe_data_of_its_own(tmp_path):
    """Stripe's data names the portal's address (product images), so a second port must not reuse the first's."""
    first, second = Demo(str(tmp_path), 5000, 12111), Demo(str(tmp_path), 5001, 12111)
    assert first.emulator_data != second.emulator_data
    assert Path(first.emulator_data).parent == Path(second.emulator_data).parent == tmp_path


def test_a_restarted_demo_keeps_one_webhook_endpoint_so_each_event_arrives_once(emulator):
    register_webhook(emulator, "http://127.0.0.1:5000/stripe/webhooks")
    register_webhook(emulator, "http://127.0.0.1:5000/stripe/webhooks")
    register_webhook(emulator, "http://127.0.0.1:5001/stripe/webhooks")
    endpoints = requests.get(f"{emulator}/_emulator/webhook_endpoints", timeout=5).json()["data"]
    assert sorted(endpoint["url"] for endpoint in endpoints) == [
        "http://127.0.0.1:5000/stripe/webhooks", "http://127.0.0.1:5001/stripe/webhooks"]
