"""Applying update params to stored objects with Stripe's semantics for metadata and unsetting."""

from typing import Any


def merge_metadata(current: dict[str, str], update: dict[str, str] | None) -> dict[str, str]:
    """`metadata=''` clears all keys; `metadata[k]=''` removes k; other keys are set."""
    if update is None:
        return {}
    merged = dict(current)
    for key, value in update.items():
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def set_fields(obj: dict[str, Any], params: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Copy the given plain fields from params; an empty string stores null (Stripe's unset)."""
    for key in fields:
        if key in params:
            obj[key] = None if params[key] in ("", None) else params[key]
