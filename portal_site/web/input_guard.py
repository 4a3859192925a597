"""Hostile input stopped before any view runs: NUL characters, and client addresses that are not addresses.

A multipart part whose name holds a line break reaches the form without a name (None), which broke
every view that reads the form's names: 400 too.
PostgreSQL text cannot hold NUL ("text fields cannot contain NUL"), so a NUL that reached a query
or a column was a 500 for anyone who typed `%00`; no field of the portal has a use for one: 400.
The client address comes from the router's `X-Forwarded-For` (ProxyFix); a value that is not an IP
address (sent by a client straight to the server) is replaced by the connection's own address, so
rate limits and the sign-in history never key on text the client chose.
A form view that answers a NUL itself, keeping what was typed (`@own_nul_check`: the dashboard's translations),
is not refused here; it must not store the NUL.
A JSON body is read only by the merchant APIs and the webhook endpoint: sent to a page's form, Flask-WTF
turned it into the form's data, and a JSON array or scalar there was a 500 for any visitor (`/admin/login`);
elsewhere it is refused, 415. A file sent under the name of a text field reached that field (Flask-WTF gives
forms the files and the text fields together; `accent_color` as a file was a 500): files are accepted only under
the names of the forms' file fields, 400 otherwise.
"""
import functools
import ipaddress
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.fields import FileField
from wtforms.fields.core import UnboundField


def _has_nul(fields: MultiDict[str, str]) -> bool:
    """A NUL in a name or a value, or a field without a name (a multipart part whose name held a line break)."""
    return any(not isinstance(key, str) or "\x00" in key or any("\x00" in value for value in values)
               for key, values in fields.lists())


@functools.cache
def upload_names() -> frozenset[str]:
    """The names of every file field of the portal's forms: the only names a file may be sent under."""
    names: set[str] = set()
    forms = list(FlaskForm.__subclasses__())
    while forms:
        form = forms.pop()
        forms.extend(form.__subclasses__())
        names.update(name for name, value in vars(form).items()
                     if isinstance(value, UnboundField) and issubclass(value.field_class, FileField))
    return frozenset(names)


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


# The blueprints that read JSON bodies (Stripe's API shape, the earlier API, Stripe's events).
JSON_BLUEPRINTS = frozenset({"stripe_api", "api", "webhooks"})


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_hostile_input() -> None:
        if not _is_ip(request.remote_addr):
            original = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR")
            request.remote_addr = original if _is_ip(original) else None
        if "\x00" in request.path or _has_nul(request.args):
            abort(400)
        if request.is_json and request.blueprint not in JSON_BLUEPRINTS:
            abort(415)
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            names = MultiDict([(name, upload.filename or "") for name, upload in request.files.items(multi=True)])
            if not set(request.files) <= upload_names():
                abort(400)
            view = app.view_functions.get(request.endpoint or "")
            if getattr(view, "own_nul_check", False):
                return
            if _has_nul(request.form) or _has_nul(names):
                abort(400)
