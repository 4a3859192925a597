"""The one helper that answers with a whole page or, to htmx, only its fragment."""
from flask import make_response, render_template

from portal_site.extensions import htmx


def wants_fragment():
    """An htmx request that is not a boosted navigation wants a fragment."""
    return bool(htmx) and not htmx.boosted


def render(page, fragment=None, *, status=200, trigger=None, **context):
    """Render `page`, or `fragment` for htmx; always `Vary: HX-Request`.

    `trigger` becomes the `HX-Trigger` header, so other panels can refresh themselves.
    """
    template = fragment if fragment and wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    if trigger:
        response.headers["HX-Trigger"] = trigger
    return response
