"""Static files at fingerprinted URLs cached for a year, compression of what is sent, and `/favicon.ico`.

`url_for('static', filename=...)` adds `v`, a digest of the file's content, so a changed file gets a
new URL: a URL that carries the current digest is answered `immutable` with a year's max-age, and a
repeat visit neither downloads nor revalidates it. A stale or missing `v` gets the file revalidated as
before (`no-cache`). The portal's own icon is written into the page (a data URI of `static/icon.svg`):
Chromium revalidates an icon URL on every navigation whatever its cache headers say. Responses (HTML, CSS, JS, JSON) are compressed by Flask-Compress when, and only
when, the client's `Accept-Encoding` asks for it; every answer says `Vary: Accept-Encoding`.
"""
import hashlib
import os
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from flask import Flask, request
from flask_compress import Compress
from markupsafe import Markup
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

YEAR = 31_536_000
# Brotli first (smallest for HTML); gzip for clients that ask for nothing better. A streamed file
# (a static file) is compressed as it is sent, which gzip cannot do, so deflate replaces it there.
ALGORITHMS = ["br", "gzip"]
STREAMING_ALGORITHMS = ["br", "deflate"]
DEFAULT_ICON = "icon.svg"

compress = Compress()


@lru_cache(maxsize=256)
def _digest(path: str, _modified: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def digest(folder: str, filename: str) -> str | None:
    """A digest of the file's content ("" for no such file); recomputed when the file changes."""
    path = safe_join(folder, filename)
    try:
        return _digest(path, os.stat(path).st_mtime_ns) if path else None
    except OSError:
        return None


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", STREAMING_ALGORITHMS)
    compress.init_app(app)
    folder = app.static_folder or ""

    with open(os.path.join(folder, DEFAULT_ICON), encoding="utf-8") as icon:
        # Percent-encoded but for quotes, which fit in a double-quoted attribute: marked safe to stay short.
        svg = quote(icon.read().strip().replace('"', "'"), safe=" =:/'")
        app.jinja_env.globals["default_icon"] = Markup(f"data:image/svg+xml,{svg}")

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = digest(folder, values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def cache_fingerprinted(response: Response) -> Response:
        """Runs before Flask-Compress (registered after it), which streams the file through its compressor
        and would leave the file itself open: it is closed with the response."""
        if request.endpoint == "static" and response.status_code in (200, 304) and request.view_args:
            version = request.args.get("v")
            if version and version == digest(folder, request.view_args["filename"]):
                response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
            file = response.response
            if response.is_streamed and hasattr(file, "close"):
                response.call_on_close(file.close)
        return response
