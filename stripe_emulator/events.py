"""Creating events for state changes and handing them to the store's event listeners."""

import copy
from typing import Any

from .expand import public
from .ids import new_id

API_VERSION = "2026-10-28.endive"


def previous_attributes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The values in `before` that differ in `after`, nested hashes diffed key by key."""
    changed: dict[str, Any] = {}
    for key in set(before) | set(after):
        if key.startswith("_"):
            continue
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict) and "object" not in old:
            changed[key] = previous_attributes(old, new)
        else:
            changed[key] = public(old)
    return changed


def emit(store: Any, type_: str, obj: dict[str, Any], *, previous: dict[str, Any] | None = None,
         request: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Record event `type_` about `obj` (snapshot now) and call every event listener.

    `previous` is the object's state before an update; the event then carries
    `data.previous_attributes` with what changed, and no event is created when
    nothing did (as Stripe does for no-op updates).
    """
    data: dict[str, Any] = {"object": public(copy.deepcopy(obj))}
    if previous is not None:
        data["previous_attributes"] = previous_attributes(previous, obj)
        if not data["previous_attributes"]:
            return None
    event = {
        "id": new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": store.now(),
        "data": data,
        "livemode": False,
        "pending_webhooks": 0,
        "request": request or {"id": None, "idempotency_key": None},
        "type": type_,
    }
    store.add(event)
    for listener in store.event_listeners:
        listener(store, event)
    return event
