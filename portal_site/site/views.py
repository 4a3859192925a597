"""Public pages that belong to no area: home and health check."""
from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import text

from portal_site.billing.health import stripe_reachable
from portal_site.extensions import db
from portal_site.signin import login_links
from portal_site.storage import redis_store

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
    # Without Redis the portal still answers (cache skipped, limits per process, passcode checks refused):
    # degraded, not down, so a load balancer keeps sending traffic.
    redis = redis_store.reachable(current_app)
    ok = database and stripe
    status = ("ok" if redis is not False else "degraded") if ok else "unavailable"
    body = {"status": status, "database": database, "stripe": stripe, "redis": redis}
    return jsonify(body), 200 if ok else 503
