"""Rate limits: the one place where the portal's limits are named, stored and enforced.

Storage is Redis when `REDIS_URL` is set (keys under `REDIS_KEY_PREFIX`, shared by every
worker and dyno), memory otherwise (one process only: local use and tests). Rules use the
`limits` notation ("1/minute;5/hour"); the app config `RATE_LIMITS` may override any rule
by name (tests shorten the passcode resend cooldown that way).

    limits.hit("passcode_send_email", email)   # raises RateLimited (429, Retry-After)
    limits.wait_seconds("passcode_send_email", email)   # 0 when the next hit is allowed

When Redis cannot be reached, the rules in FAIL_CLOSED (guessing passcodes) refuse with
LimitsUnavailable (503, Retry-After): a code is never checked without its limit. The other
rules fall back to this process's memory, so signing in (asking for a code, the dashboard
password) keeps working, still limited, while Redis is down.
"""
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

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

# Rules that refuse rather than fall back to one process's memory when Redis is down.
FAIL_CLOSED = frozenset({"passcode_verify_ip"})
# How long to tell a client to wait when a limit cannot be checked.
UNAVAILABLE_RETRY_AFTER = 30

T = TypeVar("T")
_lock = threading.Lock()
log = logging.getLogger(__name__)


class RateLimited(TooManyRequests):
    """A 429 whose `retry_after` (seconds) becomes the Retry-After header."""

    def __init__(self, rule: str, retry_after: int) -> None:
        super().__init__(retry_after=retry_after)
        self.rule = rule
        self.seconds = retry_after


class LimitsUnavailable(ServiceUnavailable):
    """A 503: a FAIL_CLOSED rule could not be checked (Redis is down); `seconds` becomes Retry-After."""

    def __init__(self, rule: str) -> None:
        super().__init__(retry_after=UNAVAILABLE_RETRY_AFTER)
        self.rule = rule
        self.seconds = UNAVAILABLE_RETRY_AFTER


def _limiter(name: str = "rate_limiter", storage: Callable[[Flask], Storage] | None = None) -> MovingWindowRateLimiter:
    # Flask types `current_app` as the app it stands for, not as the proxy whose method this is.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    limiter = app.extensions.get(name)
    if limiter is None:
        with _lock:
            limiter = app.extensions.get(name)
            if limiter is None:
                limiter = MovingWindowRateLimiter((storage or _storage)(app))
                app.extensions[name] = limiter
    return limiter


def _fallback() -> MovingWindowRateLimiter:
    return _limiter("rate_limiter_fallback", lambda app: MemoryStorage())


def _checked(name: str, check: Callable[[MovingWindowRateLimiter], T]) -> T:
    """`check` run on the shared limiter; when its storage fails, refused or run on this process's memory."""
    try:
        return check(_limiter())
    except StorageError as error:
        log.warning("Rate limit storage unavailable for %s: %s", name, error.storage_error)
        if name in FAIL_CLOSED:
            raise LimitsUnavailable(name) from error
        return check(_fallback())


def _storage(app: Flask) -> Storage:
    pool = redis_store.pool(app)
    if pool is None:
        return MemoryStorage()
    prefix = app.config.get("REDIS_KEY_PREFIX", "portal:") + "limits"
    # limits types the result for async URIs too (a redis:// URI gives the synchronous storage), and its
    # options as scalars, though the Redis storage takes a connection pool.
    return storage_from_string(app.config["REDIS_URL"], connection_pool=pool, key_prefix=prefix,  # type: ignore[return-value,arg-type]
                               wrap_exceptions=True)


def rule(name: str) -> list[RateLimitItem]:
    """The `limits` items of a named rule, with any `RATE_LIMITS` override applied."""
    overrides = current_app.config.get("RATE_LIMITS") or {}
    return parse_many(overrides.get(name, RULES[name]))


def _key(identifier: object) -> str:
    return str(identifier or "-").strip().lower()


def wait_seconds(name: str, identifier: object) -> int:
    """Whole seconds until `identifier` may pass rule `name` again (0: it may now)."""
    key, now, items = _key(identifier), time.time(), rule(name)

    def longest(limiter: MovingWindowRateLimiter) -> int:
        waits = [0]
        for item in items:
            stats = limiter.get_window_stats(item, name, key)
            if stats.remaining <= 0:
                waits.append(max(1, math.ceil(stats.reset_time - now)))
        return max(waits)

    return _checked(name, longest)


def hit(name: str, identifier: object) -> None:
    """Count one use of rule `name` by `identifier`, or raise RateLimited without counting."""
    key, items = _key(identifier), rule(name)

    def counted(limiter: MovingWindowRateLimiter) -> bool:
        return all(limiter.test(item, name, key) for item in items) and all(
            [limiter.hit(item, name, key) for item in items])

    if not _checked(name, counted):
        raise RateLimited(name, wait_seconds(name, identifier) or 1)
