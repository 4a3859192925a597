"""The one StripeClient of the app, its idempotency keys and its parallel reads.

Parallel reads belong to the request that makes them: each `parallel()` runs its calls on threads
of its own (no pool shared by the worker's request threads, so one customer's reads never wait
for another's), and the calls one request has in flight at once are bounded
(`STRIPE_PARALLEL_CALLS`, counted in deadline.DeadlineClient). Connections are kept in one
requests.Session shared by every thread, so a new thread does not mean a new TLS handshake.
"""
import hashlib
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import requests
import stripe
from flask import Flask, current_app, g, has_request_context, request
from flask.ctx import RequestContext
from flask.globals import request_ctx

from portal_site.billing.deadline import DeadlineClient
from portal_site.billing.errors import translate

# What the request has already worked out and its parallel reads see too (each has a `g` of its own): the
# settings in force, which may be a customer session's own configuration (settings.use), not the stored ones.
CARRIED = ("portal_settings",)
# Connections kept open to Stripe, shared by all threads (urllib3's pool is thread-safe).
CONNECTIONS = 32

T = TypeVar("T")


def connections(app: Flask) -> requests.Session:
    """The one requests.Session of the app's Stripe calls, its connections kept open for every thread."""
    session = requests.Session()
    # The environment's proxy settings, read once for Stripe's address instead of on every call (requests
    # otherwise walks os.environ twice per request); the SDK passes its own CA bundle, and no netrc is wanted.
    session.proxies = requests.utils.get_environ_proxies(app.config["STRIPE_API_BASE"])
    session.trust_env = False
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=CONNECTIONS)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def init_app(app: Flask) -> None:
    http_client = DeadlineClient(timeout=tuple(app.config["STRIPE_TIMEOUTS"]), session=connections(app),
                                 in_flight=app.config["STRIPE_PARALLEL_CALLS"])
    app.extensions["stripe_client"] = stripe.StripeClient(
        app.config["STRIPE_SECRET_KEY"],
        base_addresses={"api": app.config["STRIPE_API_BASE"]},
        http_client=http_client,
        max_network_retries=app.config["STRIPE_MAX_NETWORK_RETRIES"],
    )


def stripe_client() -> stripe.StripeClient:
    return current_app.extensions["stripe_client"]


def v1() -> stripe.V1Services:
    """The v1 services of the app's client (`v1().customers.list(...)`)."""
    return stripe_client().v1


def call(method: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a Stripe SDK method, turning its errors into BillingError."""
    try:
        return method(*args, **kwargs)
    except stripe.StripeError as error:
        raise translate(error) from error


def plain(obj: Any) -> Any:
    """A Stripe SDK object as plain dicts and lists (the SDK's objects are not dicts)."""
    return obj.to_dict() if hasattr(obj, "to_dict") else obj


def read(path: str, params: Mapping[str, Any], method: str = "get") -> dict[str, Any]:
    """GET `path` as plain JSON, for reads the gateway maps into its own dataclasses at once (`method` "post"
    for a read Stripe takes as a POST, such as an invoice preview).

    The SDK's typed objects cost more to build than the page costs to render (a page of ten invoices: 3 ms
    against 0.1 ms for its JSON), and a mapping that reads plain dicts would only turn them back into dicts.
    Same client, retries, deadline and errors as any other call (`raw_request`).
    """
    return call(stripe_client().raw_request, method, path, **params).data


def read_all(path: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every object of a list endpoint (plain JSON), following `has_more` page by page."""
    found: list[dict[str, Any]] = []
    while True:
        page = read(path, {**params, "starting_after": found[-1]["id"]} if found else params)
        found += page["data"]
        if not page["has_more"] or not page["data"]:
            return found


def idempotency_options(scope: str, action: str, nonce: str | None) -> dict[str, str]:
    """Request options whose key is derived from the user's action and the form nonce.

    The same form submitted twice (double click, retry) sends the same key, so Stripe
    answers with the first result instead of doing the thing again.
    """
    if not nonce:
        return {}
    digest = hashlib.sha256(f"{scope}|{action}|{nonce}".encode()).hexdigest()
    return {"idempotency_key": f"portal-{action}-{digest[:40]}"}


def parallel(*calls: Callable[[], Any]) -> list[Any]:
    """Run independent reads at once; return their results in order.

    Each item is a zero-argument callable. Errors are raised after all have finished,
    the first one first.
    """
    # Flask types `current_app` as the app it stands for, not as the proxy whose method this is.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if has_request_context():
        # Each read gets a request of its own over the same environ and session, not a copy of the request
        # being answered (copy_current_request_context): ending a copy closes the request's uploads, which
        # the view has not read yet.
        environ, session = request.environ, request_ctx.session

        def context() -> Any:
            return RequestContext(app, environ, session=session)
    else:
        context = app.app_context

    carried = {name: g.get(name) for name in CARRIED if name in g}

    def within(fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            with context():
                for name, value in carried.items():
                    setattr(g, name, value)
                return fn()
        return run

    if not calls:
        return []
    *others, last = calls
    # Threads of this call alone: a nested parallel() (a read that itself reads in parallel) gets its own,
    # so it can never wait for a slot its caller holds. How many reach Stripe at once is bounded per request.
    # The last read runs here, on the thread that would otherwise only wait: one thread and context fewer.
    workers = max(1, min(len(others), current_app.config["STRIPE_PARALLEL_CALLS"]))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stripe-read") as pool:
        futures = [pool.submit(within(fn)) for fn in others]
        try:
            mine, failed = last(), None
        except Exception as error:  # noqa: BLE001 - raised below, after the reads before it
            mine, failed = None, error
        found = [future.result() for future in futures]
    if failed:
        raise failed
    return [*found, mine]
