"""Public pages that belong to no area: home, health check, the icon browsers ask for at `/favicon.ico`."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from sqlalchemy import text

from portal_site import jobs, settings
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
    # The job queue down: sign-in sends codes inline, webhooks answer 503 until it is back. Degraded too.
    queue = jobs.reachable(current_app)
    ok = database and stripe
    status = ("ok" if redis is not False and queue else "degraded") if ok else "unavailable"
    body = {"status": status, "database": database, "stripe": stripe, "redis": redis, "queue": queue}
    return jsonify(body), 200 if ok else 503


@bp.get("/favicon.ico")
def favicon():
    """The merchant's icon, or the portal's own: browsers and crawlers that ask here never get a 404."""
    icon_key = settings.current().branding.icon_key
    target = url_for("media.serve", key=icon_key) if icon_key else url_for("static", filename="icon.svg")
    response = redirect(target, 302)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
