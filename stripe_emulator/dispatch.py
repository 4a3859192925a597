"""Running one /v1 call: decode, validate, idempotency, handler under the lock, render."""

import json
from typing import Any

from flask import Response, g, request

from .endpoints import Call, Endpoint, current_store
from .errors import StripeError, invalid_param
from .events import API_VERSION
from .expand import render
from .params import validate
from .wire import decode_pairs

MUTATING = ("POST", "DELETE")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body, indent=2), status=status, mimetype="application/json",
                    headers=headers or {})


def raw_params() -> dict[str, Any]:
    """The request's params from the query string and the form body, nested."""
    pairs = list(request.args.items(multi=True))
    if request.method != "GET":
        pairs += list(request.form.items(multi=True))
    return decode_pairs(pairs)


def _execute(store: Any, ep: Endpoint, params: dict[str, Any], path_args: dict[str, Any]) -> Any:
    """Run the handler under the store lock and render its result (saving state after writes)."""
    call = Call(
        store=store,
        params=params,
        request_id=g.request_id,
        idempotency_key=request.headers.get("Idempotency-Key"),
        publishable_key=g.key_kind == "publishable",
        path=request.path,
    )
    with store.lock:
        try:
            result = ep.handler(call, **path_args)
            return render(store, result, params.get("expand"))
        finally:
            if request.method in MUTATING:
                store.save()


def view_for(ep: Endpoint):
    """A Flask view that serves `ep` with Stripe's request semantics."""

    def view(**path_args: Any) -> Response:
        store = current_store()
        raw = raw_params()
        for name, code in ep.retired_params.items():
            if name in raw:
                raise invalid_param(f"`{name}` is no longer supported on API version {API_VERSION}; see "
                                    "https://docs.stripe.com/changelog for what replaces it.", param=name, code=code)
        params = validate(ep.accepted, raw)
        key = request.headers.get("Idempotency-Key")
        if not key or request.method not in MUTATING:
            return json_response(_execute(store, ep, params, path_args))
        scope = (g.api_key, key)
        fingerprint = store.idempotency.fingerprint(request.method, request.path, raw)
        saved = store.idempotency.begin(scope, fingerprint)
        if saved is not None:
            return json_response(saved.body, saved.status, {"Idempotent-Replayed": "true"})
        try:
            body = _execute(store, ep, params, path_args)
        except StripeError as error:
            if error.saved_by_idempotency:
                store.idempotency.finish(scope, fingerprint, error.status, error.body())
            else:
                store.idempotency.abandon(scope)
            raise
        except Exception:
            store.idempotency.abandon(scope)
            raise
        store.idempotency.finish(scope, fingerprint, 200, body)
        return json_response(body)

    view.__name__ = ep.name
    return view
