"""Account views."""
from flask import abort

from . import bp


@bp.get("/")
def index():
    abort(401)
