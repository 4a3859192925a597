"""Static files at fingerprinted URLs, compressed once and cached for a year; compression of every other answer.

`url_for('static', filename=...)` adds `v`, a digest of the file's content, so a changed file gets a new
URL: a URL that carries the current digest is answered `immutable` with a year's max-age, and a repeat
visit neither downloads nor revalidates it. A stale or missing `v` gets the file revalidated as before
(`no-cache`). A static file is compressed once, at the best Brotli or gzip level, and kept in memory (as
WhiteNoise precompresses); pages, fragments and JSON are compressed as they are sent by Flask-Compress.
Either only when the client's `Accept-Encoding` asks for it; every answer says `Vary: Accept-Encoding`.

The portal's own icon is written into the page (a data URI of `static/icon.svg`): Chromium revalidates an
icon URL on every navigation whatever its cache headers say.
"""
import gzip
import hashlib
import os
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import brotli
from flask import Flask, request
from flask_compress import Compress
from markupsafe import Markup
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

YEAR = 31_536_000
# Brotli first (smallest), gzip for clients that ask for nothing better. A response streamed by a view
# is compressed as it is sent, which gzip cannot do, so deflate replaces it there.
ALGORITHMS = ["br", "gzip"]
STREAMING_ALGORITHMS = ["br", "deflate"]
COMPRESSIBLE = ("text/css", "text/javascript", "application/javascript", "image/svg+xml")
DEFAULT_ICON = "icon.svg"

compress = Compress()


@lru_cache(maxsize=256)
def _digest(path: str, _modified: int) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def digest(folder: str, filename: str) -> str | None:
    """A digest of the file's content (None for no such file); recomputed when the file changes."""
    path = safe_join(folder, filename)
    try:
        return _digest(path, os.stat(path).st_mtime_ns) if path else None
    except OSError:
        return None


@lru_cache(maxsize=64)
def _compressed(path: str, _version: str, encoding: str) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read()
    return brotli.compress(data, quality=11) if encoding == "br" else gzip.compress(data, 9, mtime=0)


def _precompressed(response: Response, path: str, version: str) -> None:
    """The file's body compressed in the encoding the client prefers, if it asks for one."""
    encoding = request.accept_encodings.best_match(ALGORITHMS)
    if response.status_code != 200 or response.mimetype not in COMPRESSIBLE or not encoding:
        return
    response.direct_passthrough = False
    response.set_data(_compressed(path, version, encoding))
    response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-{encoding}", weak=bool(weak))


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
    def serve_fingerprinted(response: Response) -> Response:
        """Runs before Flask-Compress (registered after it), which leaves a response it finds encoded alone.

        The open file stays closed with the response whatever replaces or wraps the body.
        """
        if request.endpoint != "static" or not request.view_args or response.status_code not in (200, 304):
            return response
        file = response.response
        if response.is_streamed and hasattr(file, "close"):
            response.call_on_close(file.close)
        filename = request.view_args["filename"]
        version = digest(folder, filename)
        if version and request.args.get("v") == version:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        path = safe_join(folder, filename)
        if version and path:
            _precompressed(response, path, version)
        return response
