"""Start-up refuses to run without its required settings, and names them; the database pool fits the server's threads."""
import threading

import pytest
from sqlalchemy import event

from portal_site import create_app
from portal_site.config import SERVER_THREADS, ConfigError, database_uri, from_environment
from portal_site.extensions import db


def test_missing_settings_are_named(monkeypatch):
    for name in ("SECRET_KEY", "STRIPE_SECRET_KEY", "PORTAL_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError) as raised:
        create_app()
    assert "SECRET_KEY" in str(raised.value)
    assert "STRIPE_SECRET_KEY" in str(raised.value)
    assert "PORTAL_BASE_URL" in str(raised.value)


def test_one_missing_setting_is_the_only_one_named(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://billing.example.com")
    monkeypatch.delenv("STRIPE_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match=r"Missing required settings: STRIPE_SECRET_KEY\."):
        create_app()


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_uses_psycopg3(url, expected):
    assert database_uri(url) == expected


def test_environment_is_read():
    config = from_environment({
        "SECRET_KEY": "s", "STRIPE_SECRET_KEY": "sk_test_1", "PORTAL_BASE_URL": "https://b.example.com/",
        "TRUSTED_HOSTS": "b.example.com, www.example.com", "MAIL_USE_TLS": "true", "MAIL_PORT": "587",
    })
    assert config["PORTAL_BASE_URL"] == "https://b.example.com"
    assert config["TRUSTED_HOSTS"] == ["b.example.com", "www.example.com"]
    assert config["MAIL_USE_TLS"] is True
    assert config["MAIL_PORT"] == 587
    assert config["STRIPE_API_BASE"] == "https://api.stripe.com"


def test_https_base_url_makes_cookies_secure(app_config, make_app):
    app_config["PORTAL_BASE_URL"] = "https://billing.example.com"
    assert make_app(app_config).config["SESSION_COOKIE_SECURE"] is True


def test_untrusted_host_is_refused(app, client):
    app.config["TRUSTED_HOSTS"] = ["billing.example.com"]
    assert client.get("/", headers={"Host": "evil.example.net"}).status_code == 400
    assert client.get("/", headers={"Host": "billing.example.com"}).status_code == 200


def test_a_forwarded_host_header_does_not_get_past_trusted_hosts(app, client):
    app.config["TRUSTED_HOSTS"] = ["billing.example.com"]
    spoofed = client.get("/", headers={"Host": "evil.example.net", "X-Forwarded-Host": "billing.example.com"})
    assert spoofed.status_code == 400


def test_only_the_address_the_router_appended_counts_for_rate_limits(app, client):
    app.config["RATE_LIMITS"] = {"admin_signin_ip": "2/minute"}
    statuses = [
        client.post("/admin/login", data={"email": f"m{n}@example.test", "password": "wrong"},
                    headers={"X-Forwarded-For": f"10.0.0.{n}, 203.0.113.7"}).status_code
        for n in range(3)
    ]
    assert statuses == [422, 422, 429]


def test_a_process_busy_on_every_thread_keeps_its_database_connections(app_config, make_app):
    """Every server thread using the database at once, twice: the second time opens no new connection (a pool
    smaller than the threads closes the extra ones each time and opens them again, a PostgreSQL login each)."""
    del app_config["SQLALCHEMY_ENGINE_OPTIONS"]  # the suite's own pool setting; the server's is under test
    app = make_app(app_config)
    with app.app_context():
        engine = db.engine
    opened = []
    event.listen(engine.pool, "connect", lambda *_args: opened.append(1))
    holding = threading.Barrier(SERVER_THREADS)

    def use():
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
            holding.wait(timeout=10)

    for _ in range(2):
        opened.clear()
        threads = [threading.Thread(target=use) for _ in range(SERVER_THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert opened == []
