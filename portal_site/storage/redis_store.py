"""The app's one Redis connection pool, shared by the cache and the rate limits (when `REDIS_URL` is set)."""
import redis
from flask import Flask

TIMEOUTS = {"socket_timeout": 1, "socket_connect_timeout": 1}


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["redis_pool"] = redis.ConnectionPool.from_url(url, **TIMEOUTS) if url else None


def pool(app: Flask) -> redis.ConnectionPool | None:
    """The app's pool, or None when the portal runs without Redis."""
    return app.extensions.get("redis_pool")


def reachable(app: Flask) -> bool | None:
    """Does Redis answer a PING? None when the portal runs without Redis."""
    current = pool(app)
    if current is None:
        return None
    try:
        return bool(redis.Redis(connection_pool=current).ping())
    except redis.RedisError:
        return False


def close(app: Flask) -> None:
    """Close the pool's open sockets; a later command opens new ones."""
    current = pool(app)
    if current is not None:
        current.disconnect()
