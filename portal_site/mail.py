"""Outgoing email: render the .txt and .html templates now, deliver off the request thread.

Backends are chosen by MAIL_BACKEND: `smtp` (Flask-Mail) or `console` (prints, for the demo).
"""
import logging
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask, current_app, render_template
from flask_mail import Message

from portal_site.extensions import mail

log = logging.getLogger(__name__)
_outbox = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mail")


def _smtp(app: Flask, message: Message) -> None:
    mail.send(message)


def _console(app: Flask, message: Message) -> None:
    print(
        f"\n----- email to {', '.join(map(str, message.recipients))} -----\n"
        f"Subject: {message.subject}\n\n{message.body}\n----- end of email -----\n",
        file=sys.stdout,
        flush=True,
    )


BACKENDS: dict[str, Callable[[Flask, Message], None]] = {"smtp": _smtp, "console": _console}


def _deliver(app: Flask, message: Message, template: str) -> None:
    with app.app_context():
        try:
            BACKENDS[app.config["MAIL_BACKEND"]](app, message)
        except Exception:
            # Named by template, never by subject: a passcode email's subject holds the code.
            log.exception("Could not send the %s email to %s", template, ", ".join(map(str, message.recipients)))


def _message(to: str, subject: object, template: str, context: Mapping[str, Any]) -> Message:
    return Message(
        subject=str(subject),
        recipients=[to],
        body=render_template(f"email/{template}.txt", **context),
        html=render_template(f"email/{template}.html", **context),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )


def send(to: str, subject: object, template: str, **context: Any) -> Future[None]:
    """Queue an email built from `email/<template>.txt` and `.html`; returns its Future."""
    message = _message(to, subject, template, context)
    # Flask types `current_app` as the app it stands for, not as the proxy whose method this is.
    return _outbox.submit(_deliver, current_app._get_current_object(), message, template)  # type: ignore[attr-defined]


def send_now(to: str, subject: object, template: str, **context: Any) -> None:
    """Deliver at once through the configured backend; its error is raised (the dashboard's test email)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # as in send()
    BACKENDS[app.config["MAIL_BACKEND"]](app, _message(to, subject, template, context))
