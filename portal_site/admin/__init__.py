"""The merchant dashboard: catalogue, portal settings, branding, login link, activity.

Every view requires a signed-in merchant, except the sign-in page itself. `ADMIN_NAV`
lists the dashboard's sections as (endpoint, label) for the navigation in
templates/admin/base.html; each area appends its own entry.
"""
from urllib.parse import urlsplit

from flask import Blueprint, request, url_for
from flask_login import current_user, logout_user

from ..extensions import admin_login, htmx

bp = Blueprint("admin", __name__)

PUBLIC_ENDPOINTS = {"admin.login"}

ADMIN_NAV = [
    ("admin.home", "Home"),
    ("admin.products", "Products"),
]


@bp.context_processor
def admin_context():
    return {"admin_nav": ADMIN_NAV}


@bp.before_request
def require_admin():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated:
        if not auth.session_expired():
            return None
        logout_user()
    if htmx:
        page = urlsplit(htmx.current_url or "")
        here = page.path + (f"?{page.query}" if page.query else "")
        target = url_for("admin.login", next=here or None)
        return "", 401, {"HX-Redirect": target, "Vary": "HX-Request"}
    return admin_login.unauthorized()


from . import auth, catalog, routes  # noqa: E402,F401
from . import portal_settings, branding, login_link, lookup, activity  # noqa: E402,F401 (nav order)
