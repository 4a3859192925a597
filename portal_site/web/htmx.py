"""The one vocabulary of htmx answers: page or fragment, redirect, retarget an error, sign in again.

A request is partial when htmx sent it and it is not a boosted navigation; it then gets a
fragment: a block of the page template (`render(page, block=...)`), or a fragment template of
its own (`render(page, fragment)`) when several pages share it. Every answer that can be a page
or a fragment says `Vary: HX-Request`. Decided once (README, "Errors and htmx"):
- a full-page move after a POST is `redirect()`: 303 for browsers, `HX-Redirect` for htmx;
- an error goes to an alert region with `retarget()`; htmx is configured to swap 4xx/5xx;
- a signed-out htmx request gets `sign_in_again()`: 401 with `HX-Redirect`, never a login page in a panel.
"""
import re
from typing import Any
from urllib.parse import urlsplit

from flask import Response, make_response, render_template
from flask import redirect as browser_redirect
from jinja2_fragments.flask import render_block
from werkzeug.wrappers import Response as BaseResponse

from portal_site.extensions import htmx

# A retarget selector may carry an id from the URL (`#invoice-<id>-alerts`): only these characters.
SELECTOR = re.compile(r"#[A-Za-z0-9_-]{1,200}")


def is_htmx() -> bool:
    """htmx sent this request (a boosted navigation included)."""
    return bool(htmx)


def is_partial() -> bool:
    """An htmx request that is not a boosted navigation wants a fragment."""
    return bool(htmx) and not htmx.boosted


def current_page() -> str:
    """The path and query of the page htmx sent the request from ("" when not htmx)."""
    page = urlsplit(htmx.current_url or "") if htmx else None
    return page.path + (f"?{page.query}" if page.query else "") if page else ""


def targets(element_id: str) -> bool:
    """Did htmx ask to swap exactly this element (a preview region, say)?"""
    return bool(htmx) and htmx.target == element_id


def render(page: str, fragment: str | None = None, *, block: str | None = None, status: int = 200,
           trigger: str | None = None, **context: Any) -> Response:
    """`page`, or for a partial request its `block` or the `fragment` template.

    `trigger` becomes `HX-Trigger`, so other panels can refresh themselves.
    """
    if is_partial() and block:
        body = render_block(page, block, **context)
    else:
        body = render_template(fragment if fragment and is_partial() else page, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    if trigger:
        response.headers["HX-Trigger"] = trigger
    return response


def redirect(url: str) -> BaseResponse:
    """Go to another page after a POST: 303 for a browser, `HX-Redirect` (a whole-page load) for htmx."""
    response: BaseResponse
    if htmx:
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
    else:
        response = browser_redirect(url, 303)
    response.vary.add("HX-Request")
    return response


def retarget(body: str | Response, selector: str, *, status: int | None = None, swap: str = "innerHTML") -> Response:
    """Send `body` to another element than the one that asked (an alert region, the form alone)."""
    response = make_response(body) if status is None else make_response(body, status)
    response.headers["HX-Retarget"] = selector if SELECTOR.fullmatch(selector) else "#alerts"
    response.headers["HX-Reswap"] = swap
    response.vary.add("HX-Request")
    return response


def sign_in_again(url: str) -> BaseResponse:
    """A signed-out request goes to sign in; for htmx a 401 that loads the sign-in page as a whole page."""
    if not htmx:
        return browser_redirect(url)
    response = make_response("", 401)
    response.headers["HX-Redirect"] = url
    response.vary.add("HX-Request")
    return response
