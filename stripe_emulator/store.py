"""The emulator's state: every object by id, the clock, hooks, one lock, optional JSON file.

Objects are plain dicts in Stripe's shape. Keys starting with `_` are private
(kept in the store and the data file, never sent to clients), e.g. the card
number behaviour of a payment method.
"""

import json
import os
import tempfile
import threading
from collections import deque
from typing import Any

from . import hooks
from .clock import Clock
from .errors import resource_missing
from .idempotency import IdempotencyCache


class Store:
    def __init__(self, data_file: str | None = None) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.objects: dict[str, dict[str, Any]] = {}
        self.latency_ms = 0
        # The /v1 requests served since the last reset or DELETE /_emulator/requests (the newest 10,000).
        self.requests: deque[dict[str, str]] = deque(maxlen=10_000)
        self.idempotency = IdempotencyCache()
        self.data_file = data_file
        self.event_listeners = list(hooks.EVENT_LISTENERS)
        self.advance_handlers = list(hooks.ADVANCE_HANDLERS)
        if data_file and os.path.exists(data_file):
            self.load()

    def now(self) -> int:
        return self.clock.now()

    def add(self, obj: dict[str, Any]) -> dict[str, Any]:
        self.objects[obj["id"]] = obj
        return obj

    def find(self, object_id: str) -> dict[str, Any] | None:
        return self.objects.get(object_id)

    def get(self, object_name: str, object_id: str, *, param: str = "id") -> dict[str, Any]:
        """Return the live object or raise 404 `No such <object_name>` (deleted objects count as missing)."""
        obj = self.objects.get(object_id) if isinstance(object_id, str) else None
        if obj is None or obj.get("object") != object_name or obj.get("_deleted"):
            raise resource_missing(object_name, str(object_id), param=param)
        return obj

    def remove(self, object_id: str) -> None:
        self.objects.pop(object_id, None)

    def all(self, object_name: str) -> list[dict[str, Any]]:
        """Live objects of one kind, newest first (by `created`, then creation order)."""
        ordered = [
            (obj.get("created", 0), index, obj)
            for index, obj in enumerate(self.objects.values())
            if obj.get("object") == object_name and not obj.get("_deleted")
        ]
        ordered.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return [obj for _, _, obj in ordered]

    def iter_kind(self, object_name: str) -> list[dict[str, Any]]:
        """Every stored object of one kind (deleted ones too), oldest first; safe to mutate the store meanwhile."""
        return [obj for obj in self.objects.values() if obj.get("object") == object_name]

    def advance_clock(self, seconds: int) -> None:
        """Move the clock forward and let every advance handler catch up."""
        start = self.clock.now()
        self.clock.advance(seconds)
        self._run_advance_handlers(start)

    def freeze_clock(self, frozen_time: int) -> None:
        """Freeze the clock at `frozen_time`; moving forward runs the advance handlers too."""
        start = self.clock.now()
        self.clock.set(frozen_time)
        if frozen_time > start:
            self._run_advance_handlers(start)

    def _run_advance_handlers(self, start: int) -> None:
        end = self.clock.now()
        for handler in self.advance_handlers:
            handler(self, start, end)

    def reset(self) -> None:
        self.objects.clear()
        self.clock.reset()
        self.latency_ms = 0
        self.requests.clear()
        self.idempotency.clear()

    def dump(self) -> dict[str, Any]:
        return {"objects": list(self.objects.values()), "clock": self.clock.dump()}

    def load(self) -> None:
        with open(self.data_file, encoding="utf-8") as handle:
            state = json.load(handle)
        self.objects = {obj["id"]: obj for obj in state.get("objects", [])}
        self.clock.restore(state.get("clock", {}))

    def save(self) -> None:
        """Write the state to the data file atomically (no-op when running in memory)."""
        if not self.data_file:
            return
        directory = os.path.dirname(os.path.abspath(self.data_file))
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".stripe-emulator-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # json.dumps, not json.dump: only the one-shot encoder is the C one, several times faster on megabytes.
            handle.write(json.dumps(self.dump()))
        os.replace(tmp, self.data_file)
