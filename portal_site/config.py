"""Configuration read from the environment, with the checks that stop a bad start-up."""
import os
from collections.abc import Mapping, MutableMapping
from datetime import timedelta
from typing import Any

REQUIRED = ("SECRET_KEY", "STRIPE_SECRET_KEY", "PORTAL_BASE_URL")

STRIPE_DEFAULT_API_BASE = "https://api.stripe.com"
STRIPE_DEFAULT_JS_URL = "https://js.stripe.com/v3/"

# Threads per server process (gunicorn.conf.py and the Procfile's --threads). The database pool keeps as many
# connections, so a process busy on every thread does not open and close connections beyond the pool's.
SERVER_THREADS = 8

# Uploads: each image under 2 MB (portal_site/storage/media.py checks every file and answers 413 above it);
# a form sends at most two (branding: icon and logo), so a request may carry both plus its text fields.
UPLOAD_FILE_BYTES = 2 * 1024 * 1024
UPLOADS_PER_FORM = 2
FORM_TEXT_BYTES = 64 * 1024


class ConfigError(RuntimeError):
    """Start-up cannot go on: the message names what is missing or wrong."""


def _flag(value: object) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def database_uri(url: str) -> str:
    """SQLAlchemy URL for `DATABASE_URL`; PostgreSQL always through psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def from_environment(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Flask settings from environment variables; names as in the README's table."""
    env = {key: value for key, value in environ.items() if value != ""}
    base_url = env.get("PORTAL_BASE_URL", "").rstrip("/")
    config: dict[str, Any] = {
        "SECRET_KEY": env.get("SECRET_KEY"),
        "PORTAL_BASE_URL": base_url,
        "TRUSTED_HOSTS": [h.strip() for h in env.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None,
        "REDIS_URL": env.get("REDIS_URL"),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY"),
        "STRIPE_PUBLISHABLE_KEY": env.get("STRIPE_PUBLISHABLE_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET", ""),
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE", STRIPE_DEFAULT_API_BASE).rstrip("/"),
        "STRIPE_JS_URL": env.get("STRIPE_JS_URL", STRIPE_DEFAULT_JS_URL),
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "smtp"),
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(env.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _flag(env.get("MAIL_USE_TLS", "")),
        "MAIL_USE_SSL": _flag(env.get("MAIL_USE_SSL", "")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "billing@localhost"),
        "JOBS_SQLITE_PATH": env.get("JOBS_SQLITE_PATH"),
    }
    if "DATABASE_URL" in env:
        config["SQLALCHEMY_DATABASE_URI"] = database_uri(env["DATABASE_URL"])
    return config


def defaults(instance_path: str) -> dict[str, Any]:
    """Settings that are not read from the environment."""
    return {
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(instance_path, "portal.sqlite3"),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": SERVER_THREADS},
        "MAX_CONTENT_LENGTH": UPLOADS_PER_FORM * UPLOAD_FILE_BYTES + FORM_TEXT_BYTES,
        "MAX_FORM_MEMORY_SIZE": UPLOAD_FILE_BYTES + FORM_TEXT_BYTES,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_TRANSLATION_DIRECTORIES": os.path.join(os.path.dirname(__file__), "translations"),
        "CUSTOMER_SESSION_IDLE": timedelta(minutes=30),
        "CUSTOMER_SESSION_ABSOLUTE": timedelta(hours=12),
        "ADMIN_SESSION_IDLE": timedelta(minutes=30),
        "REDIS_KEY_PREFIX": "portal:",
        "ACCOUNT_CACHE_TTL": 300,
        "STRIPE_TIMEOUTS": (3, 15),
        "STRIPE_MAX_NETWORK_RETRIES": 2,
        # All of one request's calls to Stripe, retries included (billing/deadline.py): the page answers within 20 s.
        "STRIPE_REQUEST_BUDGET": 15,
        # The job queue's embedded store when REDIS_URL is unset (portal_site/jobs/queue.py).
        "JOBS_SQLITE_PATH": os.path.join(instance_path, "jobs.sqlite3"),
        # A worker holds a job it runs this long; past it (the worker was killed) another worker takes it.
        "JOBS_HOLD_SECONDS": 120,
        # A failed job is tried again after 30 s, then 90 s, 270 s, ... (6 attempts in all).
        "JOBS_RETRY_SECONDS": 30,
        # Calls to Stripe one request may have in flight at once (its parallel reads beyond wait their turn).
        "STRIPE_PARALLEL_CALLS": 8,
    }


def check(config: MutableMapping[str, Any]) -> None:
    """Raise ConfigError naming every required setting that is missing."""
    missing = [name for name in REQUIRED if not config.get(name)]
    if missing:
        raise ConfigError(
            "Missing required settings: " + ", ".join(missing)
            + ". Set them as environment variables (see README, Configuration)."
        )
    if config["MAIL_BACKEND"] not in {"smtp", "console"}:
        raise ConfigError("MAIL_BACKEND must be 'smtp' or 'console'.")
    config["SESSION_COOKIE_SECURE"] = config["PORTAL_BASE_URL"].startswith("https://")


def check_processes(workers: int, environ: Mapping[str, str] = os.environ) -> None:
    """Refuse several server processes without Redis: each would keep its own cache and rate limits.

    A customer's change would then be seen by one process and not the others, so a reload could
    show the old plan. Called by gunicorn.conf.py before gunicorn starts its workers.
    """
    if workers > 1 and not environ.get("REDIS_URL"):
        raise ConfigError(
            f"{workers} server processes and no REDIS_URL: each process would keep its own cache and rate "
            "limits, so a customer could see a page from before their own change. Set REDIS_URL (the cache "
            "and limits are then shared), or run one process (WEB_CONCURRENCY=1; it serves requests on "
            "several threads)."
        )
