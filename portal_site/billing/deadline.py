"""One deadline for all of a request's calls to Stripe, so a hanging Stripe cannot keep a person waiting.

The SDK's timeouts are per attempt and it retries, so a Stripe that accepts connections and never answers
cost 3 attempts × the read timeout (46 s). Here the first call of a request starts a budget
(`STRIPE_REQUEST_BUDGET`, 15 s) kept in the WSGI environ, so the parallel reads of one request share it;
each attempt waits at most what is left, and no attempt starts once it is spent: the call fails as Stripe
being unreachable (BillingUnavailable, the 503 page saying nothing was changed). Outside a request
(CLI, background work) only the per-attempt timeouts apply.

The request's calls in flight at once are bounded too (a semaphore in the same environ): its parallel reads
run on threads of their own, and past the bound they wait for one of the request's own calls, never
for another request's.
"""
import threading
import time
from collections.abc import Mapping
from typing import Any

import stripe
from flask import current_app, has_request_context, request

ENVIRON_KEY = "portal.stripe_deadline"
SLOTS_KEY = "portal.stripe_slots"
# Below this many seconds left, an attempt could not get an answer anyway.
SHORTEST_ATTEMPT = 0.5


def seconds_left() -> float | None:
    """Seconds left of this request's Stripe budget (started now if not yet), or None outside a request."""
    if not has_request_context():
        return None
    deadline = request.environ.setdefault(ENVIRON_KEY, time.monotonic() + current_app.config["STRIPE_REQUEST_BUDGET"])
    return deadline - time.monotonic()


class DeadlineClient(stripe.RequestsClient):
    """The SDK's requests client, whose attempts fit in what is left of the request's budget."""

    def __init__(self, timeout: tuple[float, float], *, session: Any = None, in_flight: int = 8) -> None:
        self._configured = timeout
        self._in_flight = in_flight
        super().__init__(timeout=timeout, session=session)

    @property
    def _timeout(self) -> tuple[float, float]:
        connect, read = self._configured
        left = seconds_left()
        if left is None:
            return connect, read
        return min(connect, max(left, SHORTEST_ATTEMPT)), min(read, max(left, SHORTEST_ATTEMPT))

    @_timeout.setter
    def _timeout(self, value: Any) -> None:
        self._configured = value

    # The SDK's RequestsClient.request does not match its base class's signature; this one matches RequestsClient.
    def request(  # type: ignore[override]
        self, method: str, url: str, headers: Mapping[str, str] | None, post_data: Any = None,
    ) -> tuple[bytes, int, Mapping[str, str]]:
        left = seconds_left()
        if left is not None and left < SHORTEST_ATTEMPT:
            raise stripe.APIConnectionError("The request's time for Stripe is spent.", should_retry=False)
        if left is None:
            return super().request(method, url, headers, post_data)
        # dict.setdefault is atomic: the request's threads all get the same semaphore.
        slots = request.environ.setdefault(SLOTS_KEY, threading.BoundedSemaphore(self._in_flight))
        if not slots.acquire(timeout=max(left, 0)):
            raise stripe.APIConnectionError("The request's time for Stripe is spent.", should_retry=False)
        try:
            return super().request(method, url, headers, post_data)
        finally:
            slots.release()
