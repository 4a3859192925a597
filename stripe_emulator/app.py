"""The emulator's Flask app factory: API-key auth, Request-Id, CORS, latency, error shape, routes."""

import base64
import binascii
import os
import time
from typing import Any

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import HTTPException

from . import resources
from .controls import controls
from .dispatch import json_response, view_for
from .endpoints import ENDPOINTS, current_store
from .errors import StripeError, authentication
from .ids import random_token
from .store import Store

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, Stripe-Version",
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Max-Age": "600",
}


def _presented_key() -> str:
    """The key from `Authorization: Bearer <key>`, or from Basic auth with the key as the user
    (`curl -u sk_test_...:`), as Stripe reads them; empty when there is none."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header[7:].strip()
    if header.startswith("Basic "):
        try:
            user = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return user.strip()
    return ""


def _api_key() -> tuple[str, str]:
    """Return (key, "secret"|"publishable") from the Authorization header or raise 401."""
    key = _presented_key()
    if not key:
        raise authentication(
            "You did not provide an API key. You need to provide your API key in the Authorization "
            "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
        )
    for prefix, kind in (("sk_test_", "secret"), ("rk_test_", "secret"), ("pk_test_", "publishable")):
        if key.startswith(prefix) and len(key) > len(prefix):
            return key, kind
    raise authentication(f"Invalid API Key provided: {key[:8]}{'*' * 4}{key[-4:]}")


def _publishable_allowed() -> bool:
    rule = request.url_rule
    return rule is not None and any(ep.publishable and ep.name == rule.endpoint for ep in ENDPOINTS)


def _before_request() -> Response | None:
    g.request_id = f"req_{random_token(14)}"
    if not request.path.startswith("/v1/"):
        return None
    latency = current_store().latency_ms
    if latency:
        # Stripe's latency includes its own work: the answer leaves `latency` after the request arrived
        # (see _after_request), so the emulator's CPU is not added on top of the latency a benchmark injects.
        g.answer_at = time.monotonic() + latency / 1000
    if request.method == "OPTIONS":
        return Response(status=204)
    g.api_key, g.key_kind = _api_key()
    if g.key_kind == "publishable" and not _publishable_allowed():
        raise authentication(
            "This API call cannot be made with a publishable API key. Please use a secret API key. "
            "You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys."
        )
    store = current_store()
    store.requests.append({"method": request.method, "path": request.path})  # list.append is atomic
    return None


def _after_request(response: Response) -> Response:
    wait = g.get("answer_at", 0.0) - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    response.headers["Request-Id"] = g.get("request_id") or f"req_{random_token(14)}"
    if request.path.startswith("/v1/") or request.path.startswith("/js/"):
        response.headers.update(CORS_HEADERS)
    return response


def _stripe_error(error: StripeError) -> Response:
    headers = {"Stripe-Should-Retry": "true"} if error.status == 409 else {}
    return json_response(error.body(), error.status, headers)


def _http_error(error: HTTPException) -> Any:
    if not request.path.startswith("/v1/"):
        return error
    if error.code in (404, 405):
        message = (f"Unrecognized request URL ({request.method}: {request.path}). Please see "
                   "https://stripe.com/docs or we can help at https://support.stripe.com/.")
        return json_response({"error": {"type": "invalid_request_error", "message": message}}, 404)
    return json_response({"error": {"type": "invalid_request_error", "message": error.description}},
                         error.code or 400)


def _unexpected_error(error: Exception) -> Response:
    current_app.logger.exception("stripe emulator bug while handling %s %s", request.method, request.path)
    body = {"error": {"type": "api_error", "message": f"Emulator error: {error!r}"}}
    return json_response(body, 500, {"Stripe-Should-Retry": "false"})


def create_app(data_file: str | None = None, store: Store | None = None, portal_url: str | None = None) -> Flask:
    """Build the emulator; state lives in memory, or in `data_file` (JSON) across restarts.

    `portal_url` (default: `$STRIPE_EMULATOR_PORTAL_URL`) is the base of billing portal session URLs
    (`<portal_url>/p/session/<token>`); without it they open the emulator's own portal page.
    """
    resource_modules = resources.load_all()
    app = Flask(__name__, static_folder=None)
    app.config["PORTAL_URL"] = portal_url or os.environ.get("STRIPE_EMULATOR_PORTAL_URL")
    app.extensions["stripe_emulator"] = store or Store(data_file)
    app.before_request(_before_request)
    app.after_request(_after_request)
    app.register_error_handler(StripeError, _stripe_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    for ep in ENDPOINTS:
        app.add_url_rule(ep.rule, endpoint=ep.name, view_func=view_for(ep), methods=[ep.method])
    app.register_blueprint(controls)
    for module in resource_modules:
        blueprint = getattr(module, "blueprint", None)
        if blueprint is not None:
            app.register_blueprint(blueprint)
    return app
