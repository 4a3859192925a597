"""The dashboard's blueprint, its navigation ((endpoint, label) per section, in menu order) and its notices rule."""
from flask import Blueprint

from portal_site.web import htmx

bp = Blueprint("admin", __name__)

ADMIN_NAV = [
    ("admin.home", "Home"),
    ("admin.products", "Products"),
    ("admin.portal_settings", "Portal settings"),
    ("admin.coupons", "Coupons"),
    ("admin.business", "Business information"),
    ("admin.branding", "Branding"),
    ("admin.configurations", "Configurations"),
    ("admin.login_link", "Login link"),
    ("admin.api_keys", "API keys"),
    ("admin.lookup", "Check an email"),
    ("admin.activity", "Activity"),
]

# Swapped out of band into the page's notice region: empties it.
CLEAR_NOTICES = b'\n<div hx-swap-oob="innerHTML:#alerts"></div>\n'


@bp.app_context_processor  # app-wide: error pages under /admin/ match no dashboard route but show its menu
def admin_context():
    return {"admin_nav": ADMIN_NAV}


@bp.after_request
def clear_stale_notices(response):
    """A new error replaces an earlier success notice (“Price added.”) instead of standing beside it.

    Error pages already go to the notice region (`HX-Retarget: #alerts`); a form re-rendered
    with its errors (422) gets this out-of-band swap that empties the region.
    """
    if (htmx.is_partial() and response.status_code >= 400 and response.mimetype == "text/html"
            and response.headers.get("HX-Retarget") != "#alerts" and not response.direct_passthrough):
        response.set_data(response.get_data() + CLEAR_NOTICES)
    return response
