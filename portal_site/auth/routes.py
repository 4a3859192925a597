"""Sign-in views."""
from flask import abort, render_template

from .. import login_links
from . import bp


@bp.get("/login/<token>")
def login(token):
    if not login_links.find_active(token):
        return render_template("auth/link_inactive.html"), 404
    abort(501)


@bp.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")
