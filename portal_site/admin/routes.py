"""The dashboard home: where each part of the merchant dashboard starts."""
from flask_login import current_user

from portal_site.admin.blueprint import ADMIN_NAV, bp
from portal_site.web.htmx import render


@bp.get("/")
def home():
    sections = [(endpoint, label) for endpoint, label in ADMIN_NAV if endpoint != "admin.home"]
    return render("admin/home.html", sections=sections, admin=current_user)
