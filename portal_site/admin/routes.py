"""The dashboard home: where each part of the merchant dashboard starts."""
from flask_login import current_user

from ..rendering import render
from . import ADMIN_NAV, bp


@bp.get("/")
def home():
    sections = [(endpoint, label) for endpoint, label in ADMIN_NAV if endpoint != "admin.home"]
    return render("admin/home.html", sections=sections, admin=current_user)
