"""Hostile input stopped before any view runs: NUL characters, and client addresses that are not addresses.

PostgreSQL text cannot hold NUL ("text fields cannot contain NUL"), so a NUL that reached a query
or a column was a 500 for anyone who typed `%00`; no field of the portal has a use for one: 400.
The client address comes from the router's `X-Forwarded-For` (ProxyFix); a value that is not an IP
address (sent by a client straight to the server) is replaced by the connection's own address, so
rate limits and the sign-in history never key on text the client chose.
A form view that answers a NUL itself, keeping what was typed (`@own_nul_check`: the dashboard's translations),
is not refused here; it must not store the NUL.
"""
import ipaddress
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, request
from werkzeug.datastructures import MultiDict


def _has_nul(fields: MultiDict[str, str]) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in fields.lists())


def own_nul_check(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose form refuses a NUL itself, with its message and the rest of the input kept."""
    view.own_nul_check = True  # type: ignore[attr-defined]
    return view


def _is_ip(value: str | None) -> bool:
    try:
        ipaddress.ip_address(value or "")
    except ValueError:
        return False
    return True


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_hostile_input() -> None:
        if not _is_ip(request.remote_addr):
            original = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR")
            request.remote_addr = original if _is_ip(original) else None
        if "\x00" in request.path or _has_nul(request.args):
            abort(400)
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            names = MultiDict([(name, upload.filename or "") for name, upload in request.files.items(multi=True)])
            view = app.view_functions.get(request.endpoint or "")
            if getattr(view, "own_nul_check", False):
                return
            if _has_nul(request.form) or _has_nul(names):
                abort(400)
