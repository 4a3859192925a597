"""Test controls under /_emulator/: reset, clock set/get/advance, artificial latency, the request log
(no auth, JSON)."""

from typing import Any

from flask import Blueprint, request

from .dispatch import json_response
from .endpoints import current_store
from .errors import invalid_param

controls = Blueprint("emulator_controls", __name__, url_prefix="/_emulator")


def _int_value(name: str, *, minimum: int = 0) -> int:
    """Read an integer control parameter from a form body, query string or JSON body."""
    body = request.get_json(silent=True) if request.is_json else None
    value: Any = (body or {}).get(name, request.values.get(name))
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise invalid_param(f"{name} must be an integer", param=name) from None
    if number < minimum:
        raise invalid_param(f"{name} must be at least {minimum}", param=name)
    return number


@controls.post("/reset")
def reset():
    store = current_store()
    with store.lock:
        store.reset()
        store.save()
    return json_response({"object": "emulator_reset", "ok": True})


@controls.get("/clock")
def get_clock():
    store = current_store()
    with store.lock:
        return json_response(store.clock.as_json())


@controls.post("/clock")
def set_clock():
    """Freeze the clock at `frozen_time` (unix seconds); a later time runs the clock-advance handlers."""
    store = current_store()
    frozen_time = _int_value("frozen_time")
    with store.lock:
        store.freeze_clock(frozen_time)
        store.save()
        return json_response(store.clock.as_json())


@controls.post("/advance")
def advance_clock():
    """Move the clock forward by `seconds`, running every clock-advance handler."""
    store = current_store()
    seconds = _int_value("seconds")
    with store.lock:
        store.advance_clock(seconds)
        store.save()
        return json_response(store.clock.as_json())


@controls.post("/latency")
def set_latency():
    """Sleep `ms` milliseconds before serving every /v1 request (0 turns it off)."""
    store = current_store()
    store.latency_ms = _int_value("ms")
    return json_response({"object": "emulator_latency", "ms": store.latency_ms})


@controls.get("/requests")
def list_requests():
    """The /v1 requests served since the last reset or DELETE, oldest first: `{"method", "path"}` each."""
    store = current_store()
    return json_response({"object": "list", "data": list(store.requests)})


@controls.delete("/requests")
def clear_requests():
    current_store().requests.clear()
    return json_response({"object": "emulator_requests", "deleted": True})
