"""List objects (`object: list`, `data`, `has_more`, `url`) and cursor pagination."""

from typing import Any

from .errors import invalid_param, resource_missing

DEFAULT_LIMIT = 10


def as_list(items: list[dict[str, Any]], *, url: str, has_more: bool = False) -> dict[str, Any]:
    """A complete list object (for embedded lists such as `customer.tax_ids`)."""
    return {"object": "list", "data": items, "has_more": has_more, "url": url}


def paginate(items: list[dict[str, Any]], params: dict[str, Any], *, url: str,
             object_name: str) -> dict[str, Any]:
    """One page of `items` (already newest first) per `limit`/`starting_after`/`ending_before`."""
    limit = params.get("limit")
    limit = DEFAULT_LIMIT if limit is None else limit
    if not 1 <= limit <= 100:
        raise invalid_param("This value must be between 1 and 100 (it currently is "
                            f"{limit}).", param="limit")
    ids = [item["id"] for item in items]
    after, before = params.get("starting_after"), params.get("ending_before")
    if after and before:
        raise invalid_param("You may only specify one of these parameters: ending_before, starting_after.",
                            param="ending_before")
    if after:
        if after not in ids:
            raise resource_missing(object_name, after, param="starting_after")
        rest = items[ids.index(after) + 1:]
        return as_list(rest[:limit], url=url, has_more=len(rest) > limit)
    if before:
        if before not in ids:
            raise resource_missing(object_name, before, param="ending_before")
        rest = items[:ids.index(before)]
        return as_list(rest[-limit:], url=url, has_more=len(rest) > limit)
    return as_list(items[:limit], url=url, has_more=len(items) > limit)


def created_matches(created: int, bounds: int | dict | None) -> bool:
    """Whether `created` satisfies a `created=<ts>` or `created[gt|gte|lt|lte]=<ts>` filter."""
    if bounds is None:
        return True
    if isinstance(bounds, int):
        return created == bounds
    return all((
        bounds.get("gt") is None or created > bounds["gt"],
        bounds.get("gte") is None or created >= bounds["gte"],
        bounds.get("lt") is None or created < bounds["lt"],
        bounds.get("lte") is None or created <= bounds["lte"],
    ))
