"""The app's one Redis connection pool, shared by the cache and the rate limits (when `REDIS_URL` is set)."""
import redis

TIMEOUTS = {"socket_timeout": 1, "socket_connect_timeout": 1}


def init_app(app):
    url = app.config.get("REDIS_URL")
    app.extensions["redis_pool"] = redis.ConnectionPool.from_url(url, **TIMEOUTS) if url else None


def pool(app):
    """The app's pool, or None when the portal runs without Redis."""
    return app.extensions.get("redis_pool")


def close(app):
    """Close the pool's open sockets; a later command opens new ones."""
    if pool(app) is not None:
        pool(app).disconnect()
