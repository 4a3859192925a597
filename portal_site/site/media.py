"""`/media/<key>`: uploaded images served from the database, cacheable forever (the key is their digest)."""
from flask import Blueprint, Response, abort, request

from portal_site.storage import media

bp = Blueprint("media", __name__)


@bp.get("/media/<key>")
def serve(key):
    stored = media.load(key)
    if stored is None:
        abort(404)
    response = Response(stored.data, mimetype=stored.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Disposition"] = "inline"
    response.set_etag(key)
    return response.make_conditional(request)
