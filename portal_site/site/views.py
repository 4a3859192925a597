"""Public pages that belong to no area: home and health check."""
from flask import Blueprint, jsonify, render_template
from sqlalchemy import text

from portal_site.billing.health import stripe_reachable
from portal_site.extensions import db
from portal_site.signin import login_links

bp = Blueprint("site", __name__)


@bp.get("/")
def home():
    link = login_links.active()
    return render_template("home.html", login_url=login_links.url(link) if link else None)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = True
    except Exception:
        db.session.rollback()
        database = False
    stripe = stripe_reachable()
    ok = database and stripe
    body = {"status": "ok" if ok else "unavailable", "database": database, "stripe": stripe}
    return jsonify(body), 200 if ok else 503
