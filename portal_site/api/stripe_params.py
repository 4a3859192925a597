"""Stripe's request bodies for the `/v1` API: the nested form encoding (`a[b][0][c]=v`) or JSON, checked against a spec.

A spec is a Python type (str, int, bool), `Url`, `OneOf("a", "b")`, a dict {name: spec} (exactly those keys),
a list [spec] (an array), or `METADATA` (string to string). Every refusal is a `StripeError` naming the param
as Stripe spells it, e.g. `features[subscription_cancel][mode]`. An empty form value unsets a field (None).
"""
import re
from typing import Any

from flask import request

from portal_site.web.security import is_web_url

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


class StripeError(Exception):
    """An error answered as Stripe's `{"error": {type, code, message, param}}` with Stripe's status."""

    def __init__(self, status: int, message: str, *, param: str | None = None, code: str | None = None,
                 type_: str = "invalid_request_error") -> None:
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.type = status, message, param, code, type_

    def body(self) -> dict[str, Any]:
        error = {"type": self.type, "code": self.code, "message": self.message, "param": self.param}
        if self.code:
            error["doc_url"] = f"https://stripe.com/docs/error-codes/{self.code.replace('_', '-')}"
        return {"error": error}


def invalid(message: str, param: str, code: str = "parameter_invalid") -> StripeError:
    return StripeError(400, message, param=param, code=code)


def missing(param: str) -> StripeError:
    return StripeError(400, f"Missing required param: {param}.", param=param, code="parameter_missing")


def no_such(kind: str, value: str, param: str | None) -> StripeError:
    return StripeError(404, f"No such {kind}: '{value}'", param=param, code="resource_missing")


class OneOf:
    def __init__(self, *values: str) -> None:
        self.values = values


class _Url:
    """An absolute http(s) URL."""


class _Metadata:
    """Up to 50 string keys (at most 40 characters) with string values (at most 500)."""


Url, METADATA = _Url(), _Metadata()


def _to_lists(node: Any, path: str) -> Any:
    """Dicts whose keys are all 0..n-1 become lists, as Stripe reads `a[0]=x&a[1]=y`."""
    if not isinstance(node, dict):
        return node
    node = {key: _to_lists(value, f"{path}[{key}]" if path else key) for key, value in node.items()}
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if node and all(key.isascii() and key.isdigit() for key in node):
        if sorted(int(key) for key in node) != list(range(len(node))):
            raise invalid("Invalid array: the indexes must run from 0 without gaps.", path)
        return [node[str(index)] for index in range(len(node))]
    return node


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`a[b][c]=v` pairs as nested dicts and lists; `a[]=x` appends."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if match is None:
            raise invalid(f"Invalid parameter name: {key}", key)
        names = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        node = root
        for depth, name in enumerate(names):
            if name == "":
                name = str(sum(1 for existing in node if existing.isdigit()))
            if depth == len(names) - 1:
                node[name] = value
            else:
                child = node.setdefault(name, {})
                if not isinstance(child, dict):
                    raise invalid(f"Invalid parameter: {key} mixes a value and a hash.", key)
                node = child
    return _to_lists(root, "")


def body() -> dict[str, Any]:
    """The request's parameters: the query string for GET, else a JSON object or Stripe's form encoding."""
    if request.method == "GET":
        return decode_form(list(request.args.items(multi=True)))
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise StripeError(400, "The request body must be a JSON object or form-encoded parameters.")
        return data
    return decode_form(list(request.form.items(multi=True)))


def _scalar(spec: Any, value: Any, path: str) -> Any:
    if spec is bool:
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise invalid(f"Invalid boolean: {value}", path)
    if spec is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"-?\d{1,15}", value):
            return int(value)
        raise invalid(f"Invalid integer: {value}", path, "parameter_invalid_integer")
    if not isinstance(value, str):
        raise invalid(f"Invalid string: {value!r}", path, "parameter_invalid_string")
    if isinstance(spec, OneOf) and value not in spec.values:
        raise invalid(f"Invalid {path}: must be one of {', '.join(spec.values)}", path)
    if spec is Url and not is_web_url(value):
        raise invalid(f"Not a valid URL: {path} must be an absolute http or https URL.", path, "url_invalid")
    if len(value) > 5000:
        raise invalid(f"Invalid {path}: at most 5000 characters.", path, "parameter_invalid_string")
    return value


def _metadata(value: Any, path: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise invalid("Invalid object", path)
    if len(value) > 50:
        raise invalid("Metadata can have at most 50 keys.", path)
    for key, item in value.items():
        if not isinstance(item, str) or len(item) > 500:
            raise invalid("Invalid metadata value: a string of at most 500 characters.", f"{path}[{key}]")
        if len(key) > 40:
            raise invalid("Metadata keys can have a maximum length of 40 characters.", f"{path}[{key}]")
    return value


def check(spec: Any, value: Any, path: str = "") -> Any:
    """`value` checked against `spec` and coerced (form strings to bool and int); StripeError naming the param."""
    if value == "" or value is None:
        # Stripe's way to clear: an empty array, no value (a hash given as "" is left out by its parent).
        return [] if isinstance(spec, list) else ("" if spec is str and value == "" else None)
    if spec is METADATA:
        return _metadata(value, path)
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise invalid("Invalid object", path or "body")
        for name in value:
            if name not in spec:
                param = f"{path}[{name}]" if path else name
                raise invalid(f"Received unknown parameter: {param}", param, "parameter_unknown")
        checked = {name: check(spec[name], item, f"{path}[{name}]" if path else name) for name, item in value.items()}
        return {name: item for name, item in checked.items() if item is not None or not isinstance(spec[name], dict)}
    if isinstance(spec, list):
        if not isinstance(value, list):
            raise invalid("Invalid array", path)
        items = [check(spec[0], item, f"{path}[{index}]") for index, item in enumerate(value)]
        for index, item in enumerate(items):
            if item is None:
                raise invalid("Invalid array: an item has no value.", f"{path}[{index}]")
        return items
    return _scalar(spec, value, path)
