"""The dashboard's blueprint and its navigation: (endpoint, label) for each section, in menu order."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

ADMIN_NAV = [
    ("admin.home", "Home"),
    ("admin.products", "Products"),
    ("admin.portal_settings", "Portal settings"),
    ("admin.coupons", "Coupons"),
    ("admin.business", "Business information"),
    ("admin.branding", "Branding"),
    ("admin.login_link", "Login link"),
    ("admin.lookup", "Check an email"),
    ("admin.activity", "Activity"),
]


@bp.context_processor
def admin_context():
    return {"admin_nav": ADMIN_NAV}
