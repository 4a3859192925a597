"""Dashboard views for the customer login link: show it, activate, deactivate (after a confirmation) and rotate it."""
from flask import flash, redirect, request, url_for

from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.signin import login_links
from portal_site.web import htmx
from portal_site.web.htmx import render

MESSAGES = {
    "activated": "The login link is active. Share it with your customers.",
    "deactivated": "The login link is off. Customers who follow it see a “link not active” page.",
    "rotated": "A new login link is active. The old link no longer works.",
}


def _render(message=None, *, confirm_off=False):
    link = login_links.active()
    return render(
        "admin/login_link.html",
        "admin/_login_link.html",
        link=link,
        link_url=login_links.url(link) if link else None,
        message=message,
        confirm_off=confirm_off and link is not None,
    )


def _done(outcome):
    audit.record(f"login_link.{outcome}")
    if htmx.is_partial():
        return _render(MESSAGES[outcome])
    flash(MESSAGES[outcome], "success")
    return redirect(url_for("admin.login_link"))


@bp.get("/login-link")
def login_link():
    return _render()


@bp.post("/login-link/activate")
def activate_login_link():
    login_links.activate()
    return _done("activated")


@bp.post("/login-link/deactivate")
def deactivate_login_link():
    """Without `confirm=1`: the panel asks first (a plain form, so it works without JavaScript)."""
    if request.form.get("confirm") != "1":
        return _render(confirm_off=True)
    login_links.deactivate()
    return _done("deactivated")


@bp.post("/login-link/rotate")
def rotate_login_link():
    login_links.rotate()
    return _done("rotated")
