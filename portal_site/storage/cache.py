"""Per-customer cache of Stripe reads, shared by all workers through Redis.

Entries live under a per-customer version number. A webhook about the customer, or
any change the customer makes in the portal, bumps the version, so the next page
reads Stripe afresh: a warm account page makes no Stripe call and is never stale
after the customer's own action. Without `REDIS_URL` the cache is per process
(local use only). It is on only when webhooks are configured (`STRIPE_WEBHOOK_SECRET`),
because without them changes made elsewhere in Stripe would go unnoticed. Entries are pickles sealed
with an HMAC of `SECRET_KEY`: whoever can write to Redis still cannot make the portal unpickle their bytes.
"""
import hashlib
import hmac
import pathlib
import pickle
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import redis
from flask import Flask, current_app

from portal_site.storage import redis_store

T = TypeVar("T")


class Backend(Protocol):
    """Where entries and version numbers are kept: Redis, or this process's memory."""

    def get(self, key: str) -> bytes | None: ...

    def get_many(self, keys: list[str]) -> list[bytes | None]: ...

    def set(self, key: str, value: bytes, ttl: int) -> None: ...

    def incr(self, key: str, ttl: int) -> int: ...


class MemoryBackend:
    def __init__(self) -> None:
        self._data: dict[str, tuple[bytes, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value, expires = self._data.get(key, (None, 0))
            return value if expires > time.monotonic() else None

    def get_many(self, keys: list[str]) -> list[bytes | None]:
        return [self.get(key) for key in keys]

    def set(self, key: str, value: bytes, ttl: int) -> None:
        with self._lock:
            self._data[key] = (value, time.monotonic() + ttl)

    def incr(self, key: str, ttl: int) -> int:
        with self._lock:
            value, expires = self._data.get(key, (b"0", 0))
            current = (int(value) if expires > time.monotonic() else 0) + 1
            self._data[key] = (str(current).encode(), time.monotonic() + ttl)
            return current


class RedisBackend:
    def __init__(self, pool: redis.ConnectionPool) -> None:
        self._redis = redis.Redis(connection_pool=pool)

    def get(self, key: str) -> bytes | None:
        # redis types replies for decode_responses=True too; this client (the default) answers bytes.
        return self._redis.get(key)  # type: ignore[return-value]

    def get_many(self, keys: list[str]) -> list[bytes | None]:
        return self._redis.mget(keys)  # type: ignore[return-value]

    def set(self, key: str, value: bytes, ttl: int) -> None:
        self._redis.set(key, value, ex=ttl)

    def incr(self, key: str, ttl: int) -> int:
        with self._redis.pipeline() as pipe:
            pipe.incr(key)
            pipe.expire(key, ttl)
            return pipe.execute()[0]


BILLING_SOURCE = pathlib.Path(__file__).resolve().parent.with_name("billing")


def code_version() -> str:
    """A digest of the billing gateway's source: the cached objects are its dataclasses, pickled, so a
    deploy that changes their shape reads Stripe afresh instead of unpickling the old shape."""
    digest = hashlib.sha256()
    for path in sorted(BILLING_SOURCE.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def init_app(app: Flask) -> None:
    pool = redis_store.pool(app)
    app.extensions["portal_cache"] = RedisBackend(pool) if pool is not None else MemoryBackend()
    app.extensions["portal_cache_code"] = code_version()


def _backend() -> Backend:
    return current_app.extensions["portal_cache"]


def enabled() -> bool:
    return bool(current_app.config.get("STRIPE_WEBHOOK_SECRET")) and current_app.config["ACCOUNT_CACHE_TTL"] > 0


def _version_key(customer_id: str) -> str:
    return f"{current_app.config['REDIS_KEY_PREFIX']}cache:version:{customer_id}"


def get_or_load(customer_id: str, name: str, loader: Callable[[], T]) -> T:
    """`loader()`'s result for this customer, from the cache when it is fresh."""
    if not enabled():
        return loader()
    ttl = current_app.config["ACCOUNT_CACHE_TTL"]
    backend = _backend()
    try:
        version = (backend.get(_version_key(customer_id)) or b"0").decode()
        code = current_app.extensions["portal_cache_code"]
        key = f"{current_app.config['REDIS_KEY_PREFIX']}cache:{code}:{customer_id}:{version}:{name}"
        hit = backend.get(key)
    except redis.RedisError:
        current_app.logger.warning("Cache unavailable; reading Stripe directly")
        return loader()
    if hit is not None:
        value = _unsealed(hit)
        if value is not _TAMPERED:
            return value
        current_app.logger.error("Cache entry %s failed its signature check; reading Stripe", key)
    value = loader()
    try:
        backend.set(key, _sealed(value), ttl)
    except redis.RedisError:
        current_app.logger.warning("Cache unavailable; result not stored")
    return value


_TAMPERED = object()
MISSING = object()


def peek_many(customer_id: str, names: list[str]) -> dict[str, Any]:
    """What the cache holds under each of `names` for this customer (MISSING where nothing), in one round trip
    after the version's, without loading anything."""
    if not enabled() or not names:
        return dict.fromkeys(names, MISSING)
    backend = _backend()
    try:
        version = (backend.get(_version_key(customer_id)) or b"0").decode()
        code = current_app.extensions["portal_cache_code"]
        base = f"{current_app.config['REDIS_KEY_PREFIX']}cache:{code}:{customer_id}:{version}:"
        hits = backend.get_many([base + name for name in names])
    except redis.RedisError:
        current_app.logger.warning("Cache unavailable; reading Stripe directly")
        return dict.fromkeys(names, MISSING)
    found = {}
    for name, hit in zip(names, hits, strict=True):
        value = _unsealed(hit) if hit is not None else MISSING
        found[name] = MISSING if value is _TAMPERED else value
    return found


def _signature(data: bytes) -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), data, hashlib.sha256).digest()


def _sealed(value: Any) -> bytes:
    """The pickled value behind an HMAC, so only the portal's own writes are ever unpickled."""
    data = pickle.dumps(value)
    return _signature(data) + data


def _unsealed(sealed: bytes) -> Any:
    signature, data = sealed[:32], sealed[32:]
    if not hmac.compare_digest(signature, _signature(data)):
        return _TAMPERED
    return pickle.loads(data)


def invalidate(customer_id: str | None) -> None:
    """Forget everything cached for this customer (all workers)."""
    if not customer_id:
        return
    ttl = max(current_app.config["ACCOUNT_CACHE_TTL"], 1) * 2
    try:
        _backend().incr(_version_key(customer_id), ttl)
    except redis.RedisError:
        current_app.logger.error("Could not invalidate the cache for %s", customer_id)
