"""Rate limits: the one place where the portal's limits are named, stored and enforced.

Storage is Redis when `REDIS_URL` is set (keys under `REDIS_KEY_PREFIX`, shared by every
worker and dyno), memory otherwise (one process only: local use and tests). Rules use the
`limits` notation ("1/minute;5/hour"); the app config `RATE_LIMITS` may override any rule
by name (tests shorten the passcode resend cooldown that way).

    limits.hit("passcode_send_email", email)   # raises RateLimited (429, Retry-After)
    limits.wait_seconds("passcode_send_email", email)   # 0 when the next hit is allowed
"""
import math
import threading
import time

from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from portal_site.storage import redis_store

RULES = {
    # Passcode emails to one address: the first rule is the visible resend cooldown.
    "passcode_send_email": "1/minute;5/hour",
    "passcode_send_ip": "20/hour",
    "passcode_verify_ip": "30/10 minutes",
    "admin_signin_ip": "20/10 minutes",
    "admin_signin_email": "10/10 minutes",
    # Promotion codes typed by one signed-in customer: enough for typos, too few to guess codes.
    "promotion_code_customer": "10/hour",
}

_lock = threading.Lock()


class RateLimited(TooManyRequests):
    """A 429 whose `retry_after` (seconds) becomes the Retry-After header."""

    def __init__(self, rule: str, retry_after: int) -> None:
        super().__init__(retry_after=retry_after)
        self.rule = rule
        self.seconds = retry_after


def _limiter() -> MovingWindowRateLimiter:
    # Flask types `current_app` as the app it stands for, not as the proxy whose method this is.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    limiter = app.extensions.get("rate_limiter")
    if limiter is None:
        with _lock:
            limiter = app.extensions.get("rate_limiter")
            if limiter is None:
                limiter = MovingWindowRateLimiter(_storage(app))
                app.extensions["rate_limiter"] = limiter
    return limiter


def _storage(app: Flask) -> Storage:
    pool = redis_store.pool(app)
    if pool is None:
        return MemoryStorage()
    prefix = app.config.get("REDIS_KEY_PREFIX", "portal:") + "limits"
    # limits types the result for async URIs too (a redis:// URI gives the synchronous storage), and its
    # options as scalars, though the Redis storage takes a connection pool.
    return storage_from_string(app.config["REDIS_URL"], connection_pool=pool, key_prefix=prefix)  # type: ignore[return-value,arg-type]


def rule(name: str) -> list[RateLimitItem]:
    """The `limits` items of a named rule, with any `RATE_LIMITS` override applied."""
    overrides = current_app.config.get("RATE_LIMITS") or {}
    return parse_many(overrides.get(name, RULES[name]))


def _key(identifier: object) -> str:
    return str(identifier or "-").strip().lower()


def wait_seconds(name: str, identifier: object) -> int:
    """Whole seconds until `identifier` may pass rule `name` again (0: it may now)."""
    limiter, key, now = _limiter(), _key(identifier), time.time()
    waits = [0]
    for item in rule(name):
        stats = limiter.get_window_stats(item, name, key)
        if stats.remaining <= 0:
            waits.append(max(1, math.ceil(stats.reset_time - now)))
    return max(waits)


def hit(name: str, identifier: object) -> None:
    """Count one use of rule `name` by `identifier`, or raise RateLimited without counting."""
    limiter, key = _limiter(), _key(identifier)
    items = rule(name)
    if all(limiter.test(item, name, key) for item in items):
        if all([limiter.hit(item, name, key) for item in items]):
            return
    raise RateLimited(name, wait_seconds(name, identifier) or 1)
