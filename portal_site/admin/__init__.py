"""The merchant dashboard: catalogue, portal settings, branding, login link, activity.

Every view requires a signed-in merchant, except the sign-in page itself.
"""
from flask import Blueprint, request
from flask_login import current_user

from ..extensions import admin_login

bp = Blueprint("admin", __name__)

PUBLIC_ENDPOINTS = {"admin.login"}


@bp.before_request
def require_admin():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return admin_login.unauthorized()
    return None


from . import routes  # noqa: E402,F401
