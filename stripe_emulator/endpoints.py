"""The table of /v1 endpoints, the decorator resources declare them with, and the Call handlers get.

    @endpoint("POST", "/v1/customers/<customer>", params=UPDATE_PARAMS,
              sdk_params="CustomerUpdateParams")
    def update_customer(call: Call, customer: str) -> dict:
        obj = call.store.get("customer", customer)
        before = copy.deepcopy(obj)
        ...mutate obj...
        call.emit("customer.updated", obj, previous=before)
        return obj          # rendered (private keys dropped, expand applied) by the app

`params` is the allow-list (see params.py); `sdk_params` names the TypedDict in
`stripe.params` the SDK sends for this call (a dotted name below it, such as
`billing_portal.SessionCreateParams`, for namespaced resources), which the fidelity test compares
the allow-list against. `publishable=True` also admits `pk_test_` keys (the few
calls Stripe.js makes); `browser_params` are extra params only Stripe.js sends
(such as `client_secret`), which the server SDK's types do not declare; `retired_params`
maps params this API version removed to the error code Stripe answers them with (instead of
`parameter_unknown`).
Handlers run under the store lock.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from . import events


@dataclass
class Endpoint:
    method: str
    rule: str
    handler: Callable[..., Any]
    params: dict[str, Any]
    sdk_params: str | None
    publishable: bool = False
    browser_params: dict[str, Any] = field(default_factory=dict)
    retired_params: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The Flask endpoint name of this call."""
        return f"{self.method.lower()}_{self.rule}"

    @property
    def accepted(self) -> dict[str, Any]:
        """Every param this call accepts."""
        return {**self.params, **self.browser_params}


ENDPOINTS: list[Endpoint] = []


def endpoint(method: str, rule: str, *, params: dict[str, Any], sdk_params: str | None,
             publishable: bool = False, browser_params: dict[str, Any] | None = None,
             retired_params: dict[str, str] | None = None,
             ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(handler: Callable[..., Any]) -> Callable[..., Any]:
        ENDPOINTS.append(Endpoint(method, rule, handler, params, sdk_params, publishable, browser_params or {},
                                  retired_params or {}))
        return handler

    return register


@dataclass
class Call:
    """One /v1 request as a handler sees it (or, via `background`, work with no request)."""

    store: Any
    params: dict[str, Any]
    request_id: str | None
    idempotency_key: str | None
    publishable_key: bool
    path: str = ""

    @classmethod
    def background(cls, store: Any) -> "Call":
        """A Call for work no API request caused (clock advances); its events carry `request.id: null`."""
        return cls(store=store, params={}, request_id=None, idempotency_key=None, publishable_key=False)

    def now(self) -> int:
        return self.store.now()

    def emit(self, type_: str, obj: dict[str, Any], *, previous: dict[str, Any] | None = None) -> dict | None:
        """Create an event for this request (see events.emit)."""
        request = {"id": self.request_id, "idempotency_key": self.idempotency_key}
        return events.emit(self.store, type_, obj, previous=previous, request=request)


def current_store() -> Any:
    """The Store of the emulator app handling the current Flask request."""
    return current_app.extensions["stripe_emulator"]
