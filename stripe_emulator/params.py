"""Per-endpoint parameter allow-lists: declaration, validation and type coercion.

A spec is one of:
  str / int / float / bool  a scalar, coerced from its form value
  Enum("a", "b")         a string that must be one of the given values
  {"name": spec, ...}    a hash with exactly these keys allowed
  [spec]                 an array of spec
  METADATA               a free-form string-to-string hash (`metadata[key]=value`)
  OneOf(spec, spec)      the first spec that accepts the value (e.g. `created` or `created[gte]`)

Posting an empty string unsets a field in Stripe: for every spec but `str`
the empty string decodes to `None`, which handlers read as "clear this".
"""

from typing import Any

from .errors import StripeError, invalid_param, unknown_param


class Enum:
    def __init__(self, *values: str) -> None:
        self.values = values


class OneOf:
    def __init__(self, *specs: Any) -> None:
        self.specs = specs


class _Metadata:
    """Free-form metadata: up to 50 keys, keys <= 40 chars, values <= 500 chars."""


METADATA = _Metadata()

EXPAND = [str]
RANGE = {"gt": int, "gte": int, "lt": int, "lte": int}
CREATED = OneOf(int, RANGE)
LIST_PARAMS: dict[str, Any] = {"limit": int, "starting_after": str, "ending_before": str, "expand": EXPAND}


def _invalid(message: str, param: str, code: str = "parameter_invalid") -> StripeError:
    return invalid_param(message, param=param, code=code)


def _check_metadata(value: Any, path: str) -> dict[str, str] | None:
    if value == "":
        return None
    if isinstance(value, list):
        value = {str(index): item for index, item in enumerate(value)}
    if not isinstance(value, dict):
        raise _invalid("Invalid object", path)
    if len(value) > 50:
        raise _invalid("Metadata can have at most 50 keys.", path)
    for key, item in value.items():
        if not isinstance(item, str):
            raise _invalid("Invalid metadata value: must be a string.", f"{path}[{key}]")
        if len(key) > 40:
            raise _invalid("Metadata keys can have a maximum length of 40 characters.", f"{path}[{key}]")
        if len(item) > 500:
            raise _invalid("Metadata values can have a maximum length of 500 characters.", f"{path}[{key}]")
    return value


def coerce(spec: Any, value: Any, path: str) -> Any:
    """Validate `value` (as decoded from the wire) against `spec`; return the typed value."""
    if spec is str:
        if not isinstance(value, str):
            raise _invalid(f"Invalid string: {value!r}", path)
        return value
    if spec is METADATA:
        return _check_metadata(value, path)
    if value == "":
        return None
    if spec is int:
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        raise _invalid(f"Invalid integer: {value}", path, "parameter_invalid_integer")
    if spec is float:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise _invalid(f"Invalid decimal: {value}", path) from None
    if spec is bool:
        if value in ("true", "false"):
            return value == "true"
        raise _invalid(f"Invalid boolean: {value}", path)
    if isinstance(spec, Enum):
        if value not in spec.values:
            raise _invalid(f"Invalid {path}: must be one of {', '.join(spec.values)}", path)
        return value
    if isinstance(spec, OneOf):
        for index, option in enumerate(spec.specs):
            try:
                return coerce(option, value, path)
            except StripeError:
                if index == len(spec.specs) - 1:
                    raise
    if isinstance(spec, list):
        if isinstance(value, dict) and not value:
            return []
        if not isinstance(value, list):
            raise _invalid("Invalid array", path)
        return [coerce(spec[0], item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise _invalid("Invalid object", path)
        return validate(spec, value, prefix=path)
    raise TypeError(f"unsupported param spec {spec!r}")


def validate(spec: dict[str, Any], params: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Reject keys not in `spec` (400 parameter_unknown) and coerce the rest."""
    result: dict[str, Any] = {}
    for key, value in params.items():
        path = f"{prefix}[{key}]" if prefix else key
        if key not in spec:
            raise unknown_param(path)
        result[key] = coerce(spec[key], value, path)
    return result
