"""Merchant sign-in and sign-out: email and password, rate-limited, a fresh session each time.

The session lives in the signed cookie; it ends after ADMIN_SESSION_IDLE without a request,
PERMANENT_SESSION_LIFETIME after sign-in, and at sign-out on the server too: signing out
stamps the merchant's `sessions_revoked_at`, so a copy of the cookie is worthless.
"""
import time
from datetime import UTC
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from portal_site import activity
from portal_site.admin.blueprint import bp
from portal_site.extensions import admin_login, db, htmx
from portal_site.merchants import admins
from portal_site.models._columns import utcnow
from portal_site.signin import limits
from portal_site.web.htmx import render


class SignInForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired("Enter your email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."), Length(max=256)])
    next = HiddenField()


def safe_next(value):
    """`value` if it is a path on this site (no scheme, no host), else None: no open redirects."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(char) < 32 for char in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def _start_session(admin):
    """A fresh session (nothing from before sign-in survives but the locale), then Flask-Login's.

    The session stays a browser session (not permanent) so Flask-Login's "strong" protection
    drops it when it shows up from another address or browser.
    """
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(admin)
    session["admin_since"] = session["admin_seen"] = time.time()


def _revoked_after(moment, admin):
    revoked = admin.sessions_revoked_at
    if revoked is None:
        return False
    revoked = revoked if revoked.tzinfo else revoked.replace(tzinfo=UTC)
    return revoked.timestamp() >= moment


def session_expired():
    """Has this merchant session ended: idle too long, too old, or signed out? Else it is touched."""
    now, config = time.time(), current_app.config
    since, seen = session.get("admin_since", 0), session.get("admin_seen", 0)
    if (now - seen > config["ADMIN_SESSION_IDLE"].total_seconds()
            or now - since > config["PERMANENT_SESSION_LIFETIME"].total_seconds()
            or _revoked_after(since, current_user)):
        return True
    session["admin_seen"] = now
    return False


def _check_limits(email):
    """Count this attempt against the per-IP and per-email rules; RateLimited when over."""
    limits.hit("admin_signin_ip", request.remote_addr)
    limits.hit("admin_signin_email", admins.normalize_email(email))


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("admin.home"))
    form = SignInForm(next=next_url)
    status, problem = 200, None
    if form.validate_on_submit():
        try:
            _check_limits(form.email.data)
        except limits.RateLimited as limited:
            form.password.data = ""
            problem = f"Too many sign-in attempts. Please wait {limited.seconds} seconds and try again."
            response = render("admin/login.html", form=form, problem=problem, status=429)
            response.headers["Retry-After"] = str(limited.seconds)
            return response
        admin = admins.authenticate(form.email.data, form.password.data)
        if admin is not None:
            _start_session(admin)
            activity.record("admin.signed_in", actor_type="admin", actor=admin.email)
            return redirect(next_url or url_for("admin.home"))
        status, problem = 422, "That email and password do not match an account."
    elif form.errors:
        status = 422
    form.password.data = ""
    return render("admin/login.html", form=form, problem=problem, status=status)


@bp.post("/logout")
def logout():
    email = current_user.email
    current_user.sessions_revoked_at = utcnow()
    db.session.commit()
    logout_user()
    session.clear()
    activity.record("admin.signed_out", actor_type="admin", actor=email)
    flash("You are signed out.", "success")
    return redirect(url_for("admin.login"))


PUBLIC_ENDPOINTS = {"admin.login"}


@bp.before_request
def require_admin():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if current_user.is_authenticated:
        if not session_expired():
            return None
        logout_user()
    if htmx:
        page = urlsplit(htmx.current_url or "")
        here = page.path + (f"?{page.query}" if page.query else "")
        target = url_for("admin.login", next=here or None)
        return "", 401, {"HX-Redirect": target, "Vary": "HX-Request"}
    return admin_login.unauthorized()
