"""The dashboard home: setup checklist, health and this week's figures; and the test email it sends."""
import logging

from flask import current_app, flash, redirect, url_for
from flask_login import current_user

from portal_site import activity
from portal_site.admin import overview
from portal_site.admin.activity import REASON_NAMES
from portal_site.admin.blueprint import bp
from portal_site.mail import send_now
from portal_site.web.htmx import render

log = logging.getLogger(__name__)


@bp.get("/")
def home():
    return render("admin/home.html", admin=current_user, reason_names=REASON_NAMES, **overview.home())


@bp.post("/test-email")
def send_test_email():
    """Send a real email to the signed-in merchant through the configured backend, and log the outcome."""
    to = current_user.email
    backend = current_app.config["MAIL_BACKEND"]
    try:
        send_now(to, "Test email from your billing portal", "test_email", admin_email=to, backend=backend)
    except Exception as error:  # SMTP, DNS, TLS...: each is a failure to report, not a 500
        log.warning("Test email to %s failed: %s", to, error)
        activity.record(overview.TEST_EMAIL_FAILED, actor_type="admin", actor=to, to=to, backend=backend,
                        error=f"{type(error).__name__}: {error}"[:300])
        flash(f"The test email could not be sent ({type(error).__name__}: {error}). "
              "Check the MAIL_ settings and try again.", "error")
    else:
        activity.record(overview.TEST_EMAIL_SENT, actor_type="admin", actor=to, to=to, backend=backend)
        flash(f"A test email was sent to {to}. Check your inbox (and the spam folder).", "success")
    return redirect(url_for("admin.home") + "#setup")
