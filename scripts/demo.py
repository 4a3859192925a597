"""`make demo`: start the Stripe emulator and the portal on 127.0.0.1 with seeded data.

Everything runs in the foreground; Ctrl-C stops both. State persists between runs in
instance/ (the portal's SQLite database and the emulator's JSON file).
"""
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTANCE = os.path.join(ROOT, "instance")
BIN = os.path.dirname(sys.executable)
EMULATOR_PORT = 12111
PORTAL_PORT = 5000
EMULATOR = f"http://127.0.0.1:{EMULATOR_PORT}"
PORTAL = f"http://127.0.0.1:{PORTAL_PORT}"


def demo_secret():
    """A random SECRET_KEY kept in instance/ so sessions survive restarts of the demo."""
    path = os.path.join(INSTANCE, "demo-secret-key")
    if not os.path.exists(path):
        with open(path, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        return handle.read().strip()


def environment():
    env = dict(os.environ)
    env.update({
        "SECRET_KEY": demo_secret(),
        "PORTAL_BASE_URL": PORTAL,
        "TRUSTED_HOSTS": "127.0.0.1,localhost",
        "STRIPE_SECRET_KEY": "sk_test_demo",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_demo",
        "STRIPE_WEBHOOK_SECRET": "whsec_demo",
        "STRIPE_API_BASE": EMULATOR,
        "STRIPE_JS_URL": f"{EMULATOR}/js/v3/",
        "MAIL_BACKEND": "console",
        "MAIL_DEFAULT_SENDER": "billing@example.com",
    })
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env


def wait_for(url, process, name):
    for _ in range(100):
        if process.poll() is not None:
            sys.exit(f"The {name} stopped while starting (exit code {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"The {name} did not start at {url}.")


def flask(env, *args):
    subprocess.run([os.path.join(BIN, "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True)


def register_webhook():
    body = f"url={PORTAL}/stripe/webhooks&secret=whsec_demo".encode()
    urllib.request.urlopen(urllib.request.Request(f"{EMULATOR}/_emulator/webhook_endpoints", data=body), timeout=5)


def main():
    os.makedirs(INSTANCE, exist_ok=True)
    env = environment()
    emulator_log = open(os.path.join(INSTANCE, "emulator.log"), "a")
    emulator = subprocess.Popen(
        [sys.executable, "-m", "stripe_emulator", "--port", str(EMULATOR_PORT),
         "--data", os.path.join(INSTANCE, "emulator-demo.json")],
        cwd=ROOT, env=env, stdout=emulator_log, stderr=subprocess.STDOUT)
    portal = None
    try:
        wait_for(f"{EMULATOR}/_emulator/clock", emulator, "Stripe emulator")
        flask(env, "db", "upgrade")
        portal = subprocess.Popen(
            [os.path.join(BIN, "gunicorn"), "-k", "gthread", "--workers", "2", "--threads", "8",
             "--bind", f"127.0.0.1:{PORTAL_PORT}", "wsgi:app"], cwd=ROOT, env=env)
        wait_for(f"{PORTAL}/healthz", portal, "portal")
        register_webhook()
        flask(env, "demo", "seed")
        print(f"\nThe portal is running at {PORTAL} (Stripe emulator at {EMULATOR}, its log in "
              "instance/emulator.log). Passcode emails are printed below. Ctrl-C stops the demo.\n", flush=True)
        portal.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in (portal, emulator):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(10)
        emulator_log.close()


if __name__ == "__main__":
    main()
