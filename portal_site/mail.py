"""Outgoing email: render the .txt and .html templates now, deliver in a job, once per key.

Backends are chosen by MAIL_BACKEND: `smtp` (Flask-Mail) or `console` (prints, for the demo).
`reachable()` says whether mail can be handed over now (the SMTP server accepts a connection), so sign-in can
say that a code could not be sent instead of promising one that never comes.
"""
import hashlib
import logging
import smtplib
import socket
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app, render_template
from flask_mail import Message

from portal_site import jobs
from portal_site.extensions import mail

log = logging.getLogger(__name__)
# Per SMTP server: (when it was last checked, whether it accepted). A delivery that could not reach it counts as a
# check.
_checked: dict[tuple[str, int], tuple[float, bool]] = {}
RECHECK_SECONDS = 30
# Errors that say the server cannot be reached (not that it refused one message or one address).
UNREACHABLE = (ConnectionError, TimeoutError, socket.gaierror, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)


def _server(app: Flask) -> tuple[str, int]:
    """The SMTP server Flask-Mail sends through."""
    state = app.extensions["mail"]
    return str(state.server), int(state.port)


def reachable() -> bool:
    """Does the SMTP server accept a connection? Checked at most every RECHECK_SECONDS (2 s at most each);
    always True for the console backend. The same for every email address, so it reveals nothing of who exists."""
    app = current_app
    if app.config["MAIL_BACKEND"] != "smtp":
        return True
    server, now = _server(app), time.monotonic()
    at, ok = _checked.get(server, (-RECHECK_SECONDS, True))
    if now - at < RECHECK_SECONDS:
        return ok
    try:
        socket.create_connection(server, timeout=2).close()
        ok = True
    except OSError:
        ok = False
    _checked[server] = (now, ok)
    return ok


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


def _message(to: str, subject: object, template: str, context: Mapping[str, Any]) -> Message:
    return Message(
        subject=str(subject),
        recipients=[to],
        body=render_template(f"email/{template}.txt", **context),
        html=render_template(f"email/{template}.html", **context),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )


def send(to: str, subject: object, template: str, *, key: str, **context: Any) -> None:
    """Send the email built from `email/<template>.txt` and `.html` once for `key`, from a job.

    Rendered now (in the caller's language); delivered by a worker, retried with backoff. The same
    key sent again, by a retried job or a repeated event, is the same email: it goes out once.
    """
    message = _message(to, subject, template, context)
    payload = {"template": template, "to": to, "subject": message.subject, "body": message.body,
               "html": message.html, "sender": message.sender, "key": key}
    jobs.enqueue("mail", f"mail:{key}", payload)


def queued(key: str) -> bool:
    """Whether the email of `key` was handed to the mail job (it is then sent, or retried, on its own)."""
    return jobs.exists(f"mail:{key}")


@jobs.handler("mail")
def _deliver(payload: dict[str, Any]) -> None:
    message = Message(subject=payload["subject"], recipients=[payload["to"]], body=payload["body"],
                      html=payload["html"], sender=payload["sender"])
    # One Message-ID per key: should a worker die between the server's answer and the job's record,
    # the copy sent again carries the same id, which many mail systems show once.
    domain = str(payload["sender"]).rpartition("@")[2].strip("> ") or "localhost"
    message.msgId = f"<{hashlib.sha256(payload['key'].encode()).hexdigest()[:32]}@{domain}>"
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app, not its proxy
    try:
        BACKENDS[app.config["MAIL_BACKEND"]](app, message)
    except Exception as error:
        if app.config["MAIL_BACKEND"] == "smtp" and isinstance(error, UNREACHABLE):
            _checked[_server(app)] = (time.monotonic(), False)
        # Named by template, never by subject: a passcode email's subject holds the code.
        log.exception("Could not send the %s email to %s", payload["template"], payload["to"])
        raise


def send_now(to: str, subject: object, template: str, **context: Any) -> None:
    """Deliver at once through the configured backend; its error is raised (the dashboard's test email)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # as in _deliver()
    BACKENDS[app.config["MAIL_BACKEND"]](app, _message(to, subject, template, context))
