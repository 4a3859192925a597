"""Error pages: branded for browsers; for htmx, a message swapped into the page's alert region.

Decision (README, "Errors and htmx"): an htmx request that fails is answered with the
error's status, the message fragment, and `HX-Retarget: #alerts` / `HX-Reswap: innerHTML`;
htmx is configured (templates/base.html) to swap 4xx/5xx responses, so the person sees
the message where they are and keeps what they typed. A form that fails validation is
not an error page: its view re-renders the form fragment with status 422.
"""
import logging

from flask import Flask, make_response, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError
from werkzeug.wrappers import Response

from portal_site.billing import BillingError, BillingUnavailable
from portal_site.billing.errors import Message
from portal_site.web import htmx

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something in that request was not right"), _l("Please go back, check what you entered and try again.")),
    401: (_l("Please sign in"), _l("Your session has ended. Sign in again to continue.")),
    403: (_l("You can't do that here"), _l("This action is not available for your account.")),
    404: (_l("Page not found"), _l("We could not find what you were looking for.")),
    405: (_l("Not allowed"), _l("That action is not allowed here.")),
    413: (_l("That file is too large"), _l("Files must be smaller than 2 MB. Nothing was saved; choose a smaller file and try again.")),
    422: (_l("Please check the form"), _l("Some of the details need your attention.")),
    429: (_l("Too many attempts"), _l("Please wait a moment before trying again.")),
    500: (_l("Something went wrong on our side"), _l("We have been notified. Nothing was changed; please try again.")),
    503: (_l("Temporarily unavailable"), _l("Our payment provider is not responding. Nothing was changed; please try again in a moment.")),
}


def in_dashboard() -> bool:
    """Is this request for the merchant dashboard (English, its own layout, no language switcher)?"""
    return request.path == "/admin" or request.path.startswith("/admin/")


def error_response(status: int, detail: Message | None = None) -> Response:
    if in_dashboard():
        with force_locale("en"):
            return _error_response(status, detail, "admin/error.html")
    return _error_response(status, detail, "errors/page.html")


def _error_response(status: int, detail: Message | None, page: str) -> Response:
    title, text = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    context = {"status": status, "title": str(title), "text": str(detail or text)}
    if htmx.is_partial():
        return htmx.retarget(render_template("errors/_message.html", **context), "#alerts", status=status)
    response = make_response(render_template(page, **context), status)
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> Response:
        return error_response(400, _l("This form has expired. Reload the page and try again; nothing was changed."))

    @app.errorhandler(BillingUnavailable)
    def billing_unavailable(error: BillingUnavailable) -> Response:
        return error_response(503, error.message)

    @app.errorhandler(BillingError)
    def billing_refused(error: BillingError) -> Response:
        return error_response(error.status, error.message)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> tuple[str, int, dict[str, str]]:
        return "Bad Request: this host is not served here.", 400, {"Content-Type": "text/plain; charset=utf-8"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response | HTTPException:
        if error.code and error.code < 400 or isinstance(error, InternalServerError):
            return unexpected(error) if isinstance(error, InternalServerError) else error
        response = error_response(error.code or 500)
        if retry_after := getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(InternalServerError)
    def unexpected(error: InternalServerError) -> Response:
        log.error("Unhandled error", exc_info=error.original_exception)
        return error_response(500)
