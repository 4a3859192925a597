"""Comparing an emulator object with Stripe's example object (fixtures3.json), field by field.

A field is a key path in the fixture, such as `items.data[].price.recurring.interval`,
that the installed SDK also declares (where the two differ, the SDK decides). It is
matched when the emulator's object has the key with the fixture's JSON type, or an
id where the SDK types the field expandable, or null where the SDK types it Optional
or the fixture itself gives null. Under a null only the field itself counts; a missing
field fails with every field under it; a list counts the fields of its elements once,
each checked in every element the emulator returned. Keys the emulator sends that neither the
fixture nor the SDK has are extras.
"""

import json
import pathlib
import types
import typing
from dataclasses import dataclass, field

from stripe._object_classes import OBJECT_CLASSES, get_object_class
from stripe._stripe_object import UntypedStripeObject

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / ".." / "shared" / "stripe" / "fixtures3.json"


def fixtures() -> dict:
    with open(FIXTURES, encoding="utf-8") as handle:
        return json.load(handle)["resources"]


@dataclass
class Comparison:
    """The outcome per field path: matched paths, and what is wrong with the others."""

    matched: set[str] = field(default_factory=set)
    problems: dict[str, str] = field(default_factory=dict)
    extras: set[str] = field(default_factory=set)
    nulls: set[str] = field(default_factory=set)

    def ok(self, path: str) -> None:
        if path not in self.problems:
            self.matched.add(path)

    def fail(self, path: str, problem: str) -> None:
        self.matched.discard(path)
        self.problems.setdefault(path, problem)

    @property
    def coverage(self) -> float:
        total = len(self.matched) + len(self.problems)
        return len(self.matched) / total if total else 1.0


def _annotations(cls: type | None) -> dict[str, typing.Any]:
    if cls is None:
        return {}
    merged: dict[str, typing.Any] = {}
    for klass in reversed(cls.__mro__):
        merged.update(klass.__dict__.get("__annotations__", {}))
    return {name: value for name, value in merged.items() if not name.startswith("_") and name != "OBJECT_NAME"}


def _union_args(annotation: typing.Any) -> tuple:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _optional(annotation: typing.Any) -> bool:
    return type(None) in _union_args(annotation)


def _expandable(annotation: typing.Any) -> bool:
    args = _union_args(annotation)
    return str in args and any(arg not in (str, type(None)) for arg in args)


def _free_form(annotation: typing.Any) -> bool:
    """Hashes with arbitrary keys (metadata, `Dict[str, ...]`): their fixture keys are examples."""
    return any(typing.get_origin(arg) in (dict, UntypedStripeObject) or arg is dict
               for arg in _union_args(annotation))


def _json_type(value: typing.Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "object"
    return {str: "string", list: "array"}.get(type(value), "null")


def _class_for(value: dict, inner: type | None) -> type | None:
    name = value.get("object")
    if isinstance(name, str) and name in OBJECT_CLASSES:
        return get_object_class("V1", name)
    return inner


def _inner(cls: type | None, key: str) -> type | None:
    """The SDK class of a nested hash (objects with an `object` key name their own class)."""
    return getattr(cls, "_inner_class_types", {}).get(key) if cls is not None else None


def _fields(example: typing.Any, cls: type | None, path: str, annotation: typing.Any = None) -> list[str]:
    """Every field path under a fixture value (what a missing field takes with it)."""
    if isinstance(example, list):
        return _fields(example[0], cls, f"{path}[]") if example else []
    if not isinstance(example, dict) or _free_form(annotation):
        return []
    cls = _class_for(example, cls)
    declared = _annotations(cls) if cls is not None else None
    found = []
    for key, value in example.items():
        if declared is None or key in declared:
            where = f"{path}.{key}"
            found += [where, *_fields(value, _inner(cls, key), where, (declared or {}).get(key))]
    return found


def compare(emulated: typing.Any, example: typing.Any, cls: type | None, result: Comparison,
            path: str = "") -> Comparison:
    """Record in `result` how `emulated` matches the fixture value `example` (SDK class `cls`)."""
    if isinstance(example, list):
        element = example[0] if example else None
        for item in emulated if isinstance(emulated, list) else []:
            if element is not None:
                compare(item, element, cls, result, f"{path}[]")
        return result
    if not isinstance(example, dict) or not isinstance(emulated, dict):
        return result
    if isinstance(example.get("object"), str) and example.get("object") != emulated.get("object"):
        return result
    cls = _class_for(example, cls)
    declared = _annotations(cls) if cls is not None else None
    for key in emulated:
        if key not in example and (declared is None or key not in declared) and key != "object":
            result.extras.add(f"{path}.{key}".lstrip("."))
    for key, value in example.items():
        if declared is not None and key not in declared and key != "object":
            continue
        where = f"{path}.{key}".lstrip(".")
        annotation = (declared or {}).get(key)
        if key not in emulated:
            for missing in [where, *_fields(value, _inner(cls, key), where, annotation)]:
                result.fail(missing, "missing")
            continue
        got = emulated[key]
        if got is None:
            if value is None or _optional(annotation):
                result.ok(where)
                if value is not None:
                    result.nulls.add(where)
            else:
                result.fail(where, f"null, Stripe gives {_json_type(value)}")
            continue
        if value is None or _json_type(got) == _json_type(value) or (
                isinstance(got, str) and _expandable(annotation)):
            result.ok(where)
        else:
            result.fail(where, f"{_json_type(got)}, Stripe gives {_json_type(value)}")
            continue
        if isinstance(got, (dict, list)) and not _free_form(annotation):
            compare(got, value, _inner(cls, key), result, where)
    return result
