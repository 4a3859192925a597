"""`make demo`: start the Stripe emulator, the portal and a job worker on 127.0.0.1 with seeded data.

Everything runs in the foreground; Ctrl-C stops them within a second or two. State persists
between runs in instance/ (the portal's SQLite database, the job queue's, the emulator's JSON file).
`PORTAL_PORT` and `EMULATOR_PORT` choose other ports than 5000 and 12111, `DEMO_INSTANCE` another
folder than instance/ (the tests use it). The portal is one
gunicorn process with threads: without Redis, several processes would each keep their own cache.
`scripts/screenshots.py` starts the same stack through `Demo`.
"""
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
HOST = "127.0.0.1"


def register_webhook(emulator_url, url):
    """Have the emulator send its events to `url`, once: its endpoints outlive a demo's restart in its data file,
    and a second endpoint for the same address would deliver every event twice."""
    endpoints = f"{emulator_url}/_emulator/webhook_endpoints"
    with urllib.request.urlopen(endpoints, timeout=5) as answer:
        if any(endpoint["url"] == url for endpoint in json.load(answer)["data"]):
            return
    body = urllib.parse.urlencode({"url": url, "secret": "whsec_demo"}).encode()
    urllib.request.urlopen(urllib.request.Request(endpoints, data=body), timeout=5).close()


class DemoError(Exception):
    """The demo cannot start or went down: the message says why and what to do."""


def port_from(variable, default):
    """The port named by an environment variable (PORTAL_PORT, EMULATOR_PORT), else the default."""
    value = os.environ.get(variable, "").strip() or str(default)
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise DemoError(f"{variable}={value!r} is not a port number (1-65535).")
    return int(value)


def check_port_free(port, variable, what):
    """Stop before starting anything when another program listens there: never seed someone else's server."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: a port in TIME_WAIT is free
        try:
            probe.bind((HOST, port))
        except OSError:
            raise DemoError(
                f"Port {port} on {HOST}, for the {what}, is already in use (another demo, or another program). "
                f"Stop that program, or choose another port: {variable}={port + 1} make demo"
            ) from None


def read_secret(instance):
    """A random SECRET_KEY kept in the instance folder so sessions survive restarts of the demo."""
    path = os.path.join(instance, "demo-secret-key")
    if not os.path.exists(path):
        with open(path, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        return handle.read().strip()


class Demo:
    """The emulator and the portal (one gunicorn process) on local ports, migrated and seeded.

    `with Demo(instance, portal_port, emulator_port) as demo:` starts both, in sessions of their own
    so a Ctrl-C in the terminal reaches only this script, which then stops them quickly.
    """

    def __init__(self, instance, portal_port, emulator_port, portal_output=None):
        self.instance = instance
        self.portal_port, self.emulator_port = portal_port, emulator_port
        self.portal_url = f"http://{HOST}:{portal_port}"
        # Stripe's data holds the portal's address (product images at /media/...), so each address keeps its own.
        self.emulator_data = os.path.join(instance, f"emulator-demo-{portal_port}.json")
        self.emulator_url = f"http://{HOST}:{emulator_port}"
        self.portal_output = portal_output
        self.emulator = self.portal = self.worker = None
        self.seed_output = ""

    def environment(self):
        # Without PYTHONDONTWRITEBYTECODE the first process compiles the ~800 modules the portal imports and
        # the others load them compiled: about 3 s less for each process on machines that set it.
        env = {key: value for key, value in os.environ.items()
               if key not in {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_CMD_ARGS",
                              "PYTHONDONTWRITEBYTECODE"}}
        env.update({
            "SECRET_KEY": read_secret(self.instance),
            "DATABASE_URL": "sqlite:///" + os.path.join(self.instance, "portal.sqlite3"),
            "JOBS_SQLITE_PATH": os.path.join(self.instance, "jobs.sqlite3"),
            "PORTAL_BASE_URL": self.portal_url,
            "TRUSTED_HOSTS": "127.0.0.1,localhost",
            "STRIPE_SECRET_KEY": "sk_test_demo",
            "STRIPE_PUBLISHABLE_KEY": "pk_test_demo",
            "STRIPE_WEBHOOK_SECRET": "whsec_demo",
            "STRIPE_API_BASE": self.emulator_url,
            "STRIPE_JS_URL": f"{self.emulator_url}/js/v3/",
            "MAIL_BACKEND": "console",
            "MAIL_DEFAULT_SENDER": "billing@example.com",
        })
        return env

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        check_port_free(self.emulator_port, "EMULATOR_PORT", "Stripe emulator")
        check_port_free(self.portal_port, "PORTAL_PORT", "portal")
        os.makedirs(self.instance, exist_ok=True)
        env = self.environment()
        with open(os.path.join(self.instance, "emulator.log"), "a") as log:
            self.emulator = subprocess.Popen(
                [sys.executable, "-m", "stripe_emulator", "--port", str(self.emulator_port),
                 "--data", self.emulator_data],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.flask(env, "db", "upgrade")  # while the emulator starts
        wait_for(f"{self.emulator_url}/_emulator/clock", self.emulator, "Stripe emulator")
        self.portal = subprocess.Popen(
            [os.path.join(BIN, "gunicorn"), "--config", "gunicorn.conf.py", "--workers", "1",
             "--bind", f"{HOST}:{self.portal_port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.portal_output, stderr=subprocess.STDOUT if self.portal_output else None,
            start_new_session=True)
        # The job worker sends the emails (printed here: MAIL_BACKEND is console) and handles Stripe's events.
        with open(os.path.join(self.instance, "worker.log"), "a") as log:
            self.worker = subprocess.Popen(
                [os.path.join(BIN, "flask"), "--app", "wsgi", "jobs", "worker"],
                cwd=ROOT, env=env, stdout=self.portal_output, stderr=log, start_new_session=True)
        wait_for(f"{self.portal_url}/healthz", self.portal, "portal")
        register_webhook(self.emulator_url, f"{self.portal_url}/stripe/webhooks")
        self.seed_output = self.flask(env, "demo", "seed")

    def flask(self, env, *args):
        """Run a `flask --app wsgi` command to its end; its output is returned, or the reason it failed raised."""
        done = subprocess.run([os.path.join(BIN, "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, start_new_session=True)
        if done.returncode:
            raise DemoError(f"`flask {' '.join(args)}` failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def seeded(self, label):
        """A value the seed printed, e.g. seeded("password") or seeded("Login link")."""
        return re.search(rf"{label}:\s+(\S+)", self.seed_output).group(1)

    def wait(self):
        """Block until a server stops by itself; raise DemoError saying which."""
        while True:
            for name, process in (("portal", self.portal), ("job worker", self.worker),
                                  ("Stripe emulator", self.emulator)):
                if process.poll() is not None:
                    raise DemoError(f"The {name} stopped (exit code {process.returncode}).")
            time.sleep(0.2)

    def stop(self):
        """Stop the servers within two seconds: gunicorn's quick shutdown (SIGINT), the worker's and the emulator's SIGTERM.

        Whatever still runs after that is killed with its process group (gunicorn's worker too).
        """
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            running = [(process, stop) for process, stop in ((self.portal, signal.SIGINT), (self.worker, signal.SIGTERM),
                                                             (self.emulator, signal.SIGTERM))
                       if process and process.poll() is None]
            for process, stop in running:
                process.send_signal(stop)
            deadline = time.monotonic() + 1.5
            for process, _ in running:
                try:
                    process.wait(max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        finally:
            signal.signal(signal.SIGINT, previous)


def wait_for(url, process, name):
    for _ in range(150):
        if process.poll() is not None:
            raise DemoError(f"The {name} stopped while starting (exit code {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise DemoError(f"The {name} did not start at {url}.")


def interrupt(signum, frame):
    """Ctrl-C, SIGTERM and SIGHUP (terminal closed) stop the demo, so no server is left behind."""
    raise KeyboardInterrupt


def main():
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)
    try:
        instance = os.environ.get("DEMO_INSTANCE") or os.path.join(ROOT, "instance")
        demo = Demo(instance, port_from("PORTAL_PORT", 5000), port_from("EMULATOR_PORT", 12111))
        print("Starting the Stripe emulator and the portal, then seeding the demo data...", flush=True)
        started = time.monotonic()
        with demo:
            print(demo.seed_output, flush=True)
            print(f"\nReady in {time.monotonic() - started:.0f} s. The portal is running at {demo.portal_url} (Stripe emulator at {demo.emulator_url}, its log "
                  f"in {os.path.join(instance, 'emulator.log')}). Passcode emails are printed below. Ctrl-C stops the demo.\n", flush=True)
            demo.wait()
    except DemoError as error:
        sys.exit(str(error))
    except KeyboardInterrupt:
        print("\nThe demo stopped.", flush=True)


if __name__ == "__main__":
    main()
