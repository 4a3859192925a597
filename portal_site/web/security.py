"""Security headers, the Content-Security-Policy (self and Stripe.js only) and its style nonce, web URLs."""
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g, request
from werkzeug.wrappers import Response

# Pages of a signed-in customer or merchant (and the sign-in steps, which show the email) are never
# stored by the browser, so Back after signing out on a shared computer shows nothing of them.
PRIVATE_BLUEPRINTS = frozenset({"account", "admin", "auth"})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def is_web_url(value: str | None, max_length: int = 2048) -> bool:
    """An absolute http(s) URL with a host, no spaces or control characters, at most `max_length` long.

    The one test for every URL that is shown to customers as a link (return URLs, legal pages).
    """
    if not value or len(value) > max_length or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy(config: Mapping[str, Any], nonce: str) -> str:
    stripe_js = _origin(config["STRIPE_JS_URL"])
    stripe_api = _origin(config["STRIPE_API_BASE"])
    frames = " ".join(dict.fromkeys([stripe_js, "https://js.stripe.com", "https://hooks.stripe.com"]))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {stripe_js}",
        f"style-src 'self' 'nonce-{nonce}'",
        "img-src 'self' data: https:",
        f"connect-src 'self' {stripe_api} {stripe_js}",
        f"frame-src {frames}",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ])


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def secure_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy(app.config, csp_nonce()))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.blueprint in PRIVATE_BLUEPRINTS:
            headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
