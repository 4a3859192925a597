"""Rendering stored objects for the wire: drop private keys, apply `expand[]` paths.

An id field expands to the object it names (looked up in the store by id).
Fields that Stripe only returns when expanded ("includable", such as
`customer.tax_ids`) are computed by functions registered with `includable`:

    @includable("customer", "subscriptions")
    def _customer_subscriptions(store, customer):
        return listing.as_list(store.all(...), url=...)

On list responses paths start with `data.` (`expand[]=data.customer`). Paths may
be at most four properties deep, not counting a list's leading `data.`
(`data.items.data.price.product` is four deep).
"""

from collections.abc import Callable
from typing import Any

from .errors import invalid_param

MAX_DEPTH = 4

Includable = Callable[[Any, dict[str, Any]], Any]
INCLUDABLE: dict[tuple[str, str], Includable] = {}


def includable(object_name: str, field: str) -> Callable[[Includable], Includable]:
    def register(func: Includable) -> Includable:
        INCLUDABLE[(object_name, field)] = func
        return func

    return register


def public(value: Any) -> Any:
    """Deep copy of `value` without private (`_`-prefixed) keys."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [public(item) for item in value]
    return value


def _cannot_expand(path: str) -> Exception:
    return invalid_param(f"This property cannot be expanded ({path}).", param="expand", code="parameter_invalid")


def _expand_id(store: Any, object_id: str, full_path: str) -> dict[str, Any]:
    target = store.find(object_id)
    if target is None:
        raise _cannot_expand(full_path)
    if target.get("_deleted"):
        return {"id": target["id"], "object": target["object"], "deleted": True}
    return public(target)


def _expand_path(store: Any, node: Any, segments: list[str], full_path: str) -> Any:
    if not segments:
        return node
    if isinstance(node, list):
        return [_expand_path(store, item, segments, full_path) for item in node]
    if not isinstance(node, dict):
        return node
    field, rest = segments[0], segments[1:]
    if field not in node:
        producer = INCLUDABLE.get((node.get("object"), field))
        if producer is None:
            raise _cannot_expand(full_path)
        node[field] = public(producer(store, node))
    value = node[field]
    if isinstance(value, str):
        value = _expand_id(store, value, full_path)
    elif isinstance(value, list):
        value = [_expand_id(store, item, full_path) if isinstance(item, str) else item for item in value]
    elif value is not None and not isinstance(value, dict):
        raise _cannot_expand(full_path)
    elif not rest and isinstance(value, dict) and "object" not in value:
        raise _cannot_expand(full_path)
    node[field] = _expand_path(store, value, rest, full_path)
    return node


def render(store: Any, value: Any, expand: list[str] | None = None) -> Any:
    """Public copy of `value` with every `expand` path applied."""
    rendered = public(value)
    for path in expand or []:
        segments = path.split(".")
        on_list = rendered.get("object") == "list" and segments[0] == "data"
        depth = len(segments) - 1 if on_list else len(segments)
        if depth > MAX_DEPTH:
            raise invalid_param(
                f"You cannot expand more than {MAX_DEPTH} levels of a property. Property: {path}",
                param="expand",
            )
        rendered = _expand_path(store, rendered, segments, path)
    return rendered
