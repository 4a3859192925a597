"""Fixtures for the whole suite: the emulator, SMTP, the app on SQLite or PostgreSQL, a browser, axe-core."""
import os
import secrets
import socket
import threading
import time
from email import message_from_bytes, policy
from importlib import resources

import pytest
import requests
import stripe
from aiosmtpd.controller import Controller
from huey.consumer import Consumer
from huey.storage import RedisStorage
from sqlalchemy.pool import NullPool
from werkzeug.serving import WSGIRequestHandler, make_server

from portal_site import close_connections, create_app
from portal_site.extensions import db
from portal_site.jobs.queue import huey
from portal_site.models import CustomerSession, Job
from portal_site.signin.customer_sessions import COOKIE_KEY
from stripe_emulator.testing import running_emulator

CHROMIUM = "/usr/bin/chromium"
POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql"))


@pytest.fixture(scope="session")
def emulator_server():
    with running_emulator() as base_url:
        yield base_url


@pytest.fixture
def emulator(emulator_server):
    """The emulator's base URL, emptied for this test."""
    requests.post(f"{emulator_server}/_emulator/reset", timeout=5).raise_for_status()
    return emulator_server


@pytest.fixture
def stripe_v1(emulator):
    """The official SDK's v1 services on the emulator: to arrange data and check what Stripe holds."""
    return stripe.StripeClient("sk_test_portal", base_addresses={"api": emulator}, max_network_retries=0).v1


@pytest.fixture
def sign_in_customer(app):
    """Sign a test client in as the sign-in flow ends: a CustomerSession row whose id is in the cookie.

    `sign_in_customer(client, customer_id, email, return_url=None)` returns the session id.
    """

    def sign(client, customer_id, email, **fields):
        session_id = secrets.token_urlsafe(32)
        with app.app_context():
            db.session.add(CustomerSession(id=session_id, customer_id=customer_id, email=email, **fields))
            db.session.commit()
        with client.session_transaction() as session:
            session[COOKIE_KEY] = session_id
        return session_id

    return sign


class Mailbox:
    """Messages received by the test SMTP server."""

    def __init__(self):
        self.messages = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted"

    def wait(self, count=1, timeout=10):
        """Block until `count` messages have arrived; return them."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} email(s), got {len(self.messages)}")
                self._arrived.wait(left)
            return list(self.messages)

    @staticmethod
    def text(message):
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message):
        return message.get_body(("html",)).get_content()


@pytest.fixture(scope="session")
def smtp_server():
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    box, _port = smtp_server
    box.messages.clear()
    return box


def _reset_postgres(uri):
    """Once per session: an empty PostgreSQL schema built by the migrations."""
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "x", "STRIPE_SECRET_KEY": "sk_test_x",
                      "PORTAL_BASE_URL": "http://localhost"})
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_uri():
    if POSTGRES:
        from portal_site.config import database_uri as to_uri

        uri = to_uri(os.environ["DATABASE_URL"])
        _reset_postgres(uri)
        return uri
    return None


def _empty_tables():
    with db.engine.begin() as connection:
        names = ", ".join(table.name for table in db.metadata.sorted_tables)
        connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture
def app_config(tmp_path, emulator, smtp_server, database_uri, request):
    """The settings of the app under test; tests may change them before `app` is built."""
    _box, smtp_port = smtp_server
    return {
        "TESTING": True,
        "SECRET_KEY": secrets.token_hex(16),
        "PORTAL_BASE_URL": "http://localhost",
        "SQLALCHEMY_DATABASE_URI": database_uri or f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        # Each test has its own app and engine; without a pool, a connection that a background thread
        # (passcode sender, live server) returns after the test is closed at once instead of lingering.
        "SQLALCHEMY_ENGINE_OPTIONS": {"poolclass": NullPool} if database_uri else {},
        "REDIS_URL": os.environ.get("REDIS_URL"),
        "REDIS_KEY_PREFIX": f"test:{secrets.token_hex(4)}:",
        "STRIPE_SECRET_KEY": "sk_test_portal",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_portal",
        "STRIPE_WEBHOOK_SECRET": "whsec_test_portal",
        "STRIPE_API_BASE": emulator,
        "STRIPE_JS_URL": f"{emulator}/js/v3/",
        "STRIPE_MAX_NETWORK_RETRIES": 0,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_port,
        "MAIL_DEFAULT_SENDER": "billing@example.test",
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        "MAIL_SUPPRESS_SEND": False,  # Flask-Mail sends nothing when TESTING unless told to; `mailbox` is real SMTP
        "WTF_CSRF_ENABLED": request.node.get_closest_marker("csrf") is not None,
    }


@pytest.fixture
def make_app():
    """Builds apps from a config; closes their database and Redis connections after the test."""
    built = []

    def make(config):
        built.append(create_app(config))
        return built[-1]

    yield make
    for app in built:
        close_connections(app)


@pytest.fixture
def app(app_config, make_app, request):
    """The app under test, with a job worker running (threads of this process) unless marked `no_worker`."""
    app = make_app(app_config)
    with app.app_context():
        if POSTGRES:
            _empty_tables()
        else:
            db.create_all()
    if request.node.get_closest_marker("no_worker"):
        yield app
        return
    worker = start_worker(app)
    yield app
    worker.stop(graceful=True)


class ThreadConsumer(Consumer):
    """Huey's consumer inside the test process: no signal handlers (only the main thread may set them)."""

    def _set_signal_handlers(self):
        pass


def start_worker(app):
    """A job worker for `app` in threads of the test process; returns it (`.stop(graceful=True)` ends it)."""
    queue = huey(app)
    if isinstance(queue.storage, RedisStorage):
        # Each worker thread waits on Redis for a job up to this long, and stopping waits for that wait to end:
        # Huey's 1 s there cost every test with REDIS_URL about a second.
        queue.storage.read_timeout = 0.05
    consumer = ThreadConsumer(queue, workers=2, initial_delay=0.01, max_delay=0.05)
    consumer.start()
    return consumer


@pytest.fixture
def jobs_done(app):
    """`jobs_done()` waits until no job is waiting or running (retries due later count as waiting)."""

    def wait(timeout=10):
        deadline = time.monotonic() + timeout
        with app.app_context():
            while db.session.query(Job).filter(Job.state == "queued").count():
                db.session.rollback()
                if time.monotonic() > deadline:
                    raise AssertionError("jobs still waiting: " + ", ".join(db.session.scalars(
                        db.select(Job.key).where(Job.state == "queued"))))
                time.sleep(0.02)

    return wait


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class QuietRequestHandler(WSGIRequestHandler):
    """No access-log line per request in the test output."""

    def log_request(self, code="-", size="-"):
        pass


@pytest.fixture
def live_server(app):
    """The app served over HTTP on 127.0.0.1; yields its base URL (also its PORTAL_BASE_URL)."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["PORTAL_BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's source, as bundled (pinned) in the axe-playwright-python package: no npm, no CDN."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def describe_violations(violations):
    """axe's findings as lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            lines.append(f"        {summary}")
    return "\n".join(lines)


@pytest.fixture
def check_axe(axe_source):
    """`check_axe(page, context=None)` runs axe-core on the page as it is now (or on the part that the CSS
    selector `context` names) and fails on serious or critical WCAG 2.1 AA violations."""

    def run(page, context=None):
        page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
        # page.evaluate runs through the DevTools protocol, so the portal's CSP (no inline scripts) still holds.
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        results = page.evaluate(
            "([context, tags]) => axe.run(context || document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            [context, AXE_TAGS],
        )
        blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe-core found problems on {page.url}:\n{describe_violations(blocking)}"
        return results

    return run
