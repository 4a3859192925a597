"""Outgoing email: render the .txt and .html templates now, deliver off the request thread.

Backends are chosen by MAIL_BACKEND: `smtp` (Flask-Mail) or `console` (prints, for the demo).
"""
import logging
import sys
from concurrent.futures import ThreadPoolExecutor

from flask import current_app, render_template
from flask_mail import Message

from portal_site.extensions import mail

log = logging.getLogger(__name__)
_outbox = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")


def _smtp(app, message):
    mail.send(message)


def _console(app, message):
    print(
        f"\n----- email to {', '.join(message.recipients)} -----\n"
        f"Subject: {message.subject}\n\n{message.body}\n----- end of email -----\n",
        file=sys.stdout,
        flush=True,
    )


BACKENDS = {"smtp": _smtp, "console": _console}


def _deliver(app, message, template):
    with app.app_context():
        try:
            BACKENDS[app.config["MAIL_BACKEND"]](app, message)
        except Exception:
            # Named by template, never by subject: a passcode email's subject holds the code.
            log.exception("Could not send the %s email to %s", template, ", ".join(message.recipients))


def _message(to, subject, template, context):
    return Message(
        subject=str(subject),
        recipients=[to],
        body=render_template(f"email/{template}.txt", **context),
        html=render_template(f"email/{template}.html", **context),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )


def send(to, subject, template, **context):
    """Queue an email built from `email/<template>.txt` and `.html`; returns its Future."""
    message = _message(to, subject, template, context)
    return _outbox.submit(_deliver, current_app._get_current_object(), message, template)


def send_now(to, subject, template, **context):
    """Deliver at once through the configured backend; its error is raised (the dashboard's test email)."""
    app = current_app._get_current_object()
    BACKENDS[app.config["MAIL_BACKEND"]](app, _message(to, subject, template, context))
