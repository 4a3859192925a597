"""`Idempotency-Key` handling: replay the first result, refuse reuse with other params."""

import json
import threading
from dataclasses import dataclass
from typing import Any

from .errors import idempotency_in_flight, idempotency_mismatch


@dataclass
class SavedResponse:
    fingerprint: str
    status: int
    body: Any


class IdempotencyCache:
    """Results of POST/DELETE requests by (API key, Idempotency-Key).

    `begin` returns the saved response to replay, or None after marking the key
    in flight; the caller then calls `finish` (result saved) or `abandon` (not).
    A second request with the key while the first runs gets a 409, which the
    SDK retries.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._saved: dict[tuple[str, str], SavedResponse] = {}
        self._in_flight: set[tuple[str, str]] = set()

    @staticmethod
    def fingerprint(method: str, path: str, params: Any) -> str:
        return json.dumps([method, path, params], sort_keys=True)

    def begin(self, scope: tuple[str, str], fingerprint: str) -> SavedResponse | None:
        with self._lock:
            saved = self._saved.get(scope)
            if saved is not None:
                if saved.fingerprint != fingerprint:
                    raise idempotency_mismatch(scope[1])
                return saved
            if scope in self._in_flight:
                raise idempotency_in_flight(scope[1])
            self._in_flight.add(scope)
            return None

    def finish(self, scope: tuple[str, str], fingerprint: str, status: int, body: Any) -> None:
        with self._lock:
            self._in_flight.discard(scope)
            self._saved[scope] = SavedResponse(fingerprint, status, body)

    def abandon(self, scope: tuple[str, str]) -> None:
        with self._lock:
            self._in_flight.discard(scope)

    def clear(self) -> None:
        with self._lock:
            self._saved.clear()
            self._in_flight.clear()
