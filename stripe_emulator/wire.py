"""Decoding Stripe's form encoding (`a[b][0][c]=v`, `expand[]=x`) into nested params."""

import re
from collections.abc import Iterable
from typing import Any

from .errors import invalid_param

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def _segments(raw_key: str) -> list[str]:
    match = _KEY.match(raw_key)
    if not match:
        raise invalid_param(f"Invalid parameter name: {raw_key}", param=raw_key)
    return [match.group(1)] + re.findall(r"\[([^\[\]]*)\]", match.group(2))


def _listify(node: Any) -> Any:
    """Turn dicts keyed by the indices 0..n-1 (`{0: a, 1: b}`) into lists."""
    if not isinstance(node, dict):
        return node
    converted = {key: _listify(value) for key, value in node.items()}
    if converted and sorted(converted, key=str) == sorted(range(len(converted)), key=str):
        return [converted[k] for k in range(len(converted))]
    return {str(k): v for k, v in converted.items()}


def decode_pairs(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Build nested params from (key, value) pairs in request order."""
    root: dict[Any, Any] = {}
    for raw_key, value in pairs:
        segments = _segments(raw_key)
        node = root
        for depth, segment in enumerate(segments):
            last = depth == len(segments) - 1
            if segment == "":
                segment = sum(1 for k in node if isinstance(k, int))
            elif segment.isdigit() and depth > 0:
                segment = int(segment)
            if last:
                node[segment] = value
                break
            child = node.get(segment)
            if not isinstance(child, dict):
                child = {}
                node[segment] = child
            node = child
    return _listify(root)
