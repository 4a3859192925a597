"""Deciding to send a customer email about a Stripe event, and sending it once.

`handle(event)` (called by `stripe_events.handle`) sends each kind of email the event calls for when:
its setting is on; the event's customer is the one the shared-email rule picks for their email (so a
customer with two Stripe accounts on one email hears only from the account they sign in to); and no email
of that kind was sent for that event before (a `SentNotification` row keyed by event id and kind, written
before sending; a payment-failed email also once per invoice, as Stripe sends the event again at each retry).
Each email is logged in the activity log and carries a one-time sign-in link.
"""
import logging
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from sqlalchemy import delete

from portal_site import activity, settings
from portal_site.billing import BillingError
from portal_site.billing.customers import Customer, choose_for_email, get_customer
from portal_site.billing.webhooks import WebhookEvent
from portal_site.extensions import db
from portal_site.i18n import supported
from portal_site.mail import queued, send
from portal_site.models import EmailSignInLink, SentNotification
from portal_site.models.once import stored_once
from portal_site.notifications import content
from portal_site.notifications.kinds import KINDS, Kind, for_event
from portal_site.signin import email_links
from portal_site.signin.session_links import digest

log = logging.getLogger(__name__)


def handle(event: WebhookEvent) -> None:
    """Send the emails `event` calls for. Run in the event's job: when Stripe could not be read for one of
    them, the others still go and the error is raised once they have, so the job is retried with backoff
    (the emails already sent are not sent again)."""
    unreadable = None
    for kind in for_event(event.type):
        try:
            notify(event, kind)
        except BillingError as error:
            log.warning("Stripe could not be read for the %s email of event %s; retrying later", kind.name, event.id)
            unreadable = error
    if unreadable is not None:
        raise unreadable


def enabled(kind: Kind) -> bool:
    toggle = getattr(settings.current().customer_emails, kind.name)
    return bool(toggle.enabled)


def locale_of(customer: Customer) -> str:
    """The customer's first preferred locale the portal offers, else the portal's default language."""
    default = supported(settings.current().default_locale) or "en"
    return next(filter(None, map(supported, customer.preferred_locales)), None) or default


def already_sent(event_id: str, kind: str) -> bool:
    return db.session.get(SentNotification, (event_id, kind)) is not None


def sent_about(kind: str, subject_id: str | None) -> bool:
    """Whether an email of `kind` about `subject_id` (an invoice) went out already, for any event."""
    return subject_id is not None and db.session.query(SentNotification).filter_by(
        kind=kind, subject_id=subject_id).first() is not None


def portal_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on PORTAL_BASE_URL (never the Host header), also outside a request (a job)."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        with current_app.test_request_context("/"):
            path = url_for(endpoint, **values)
    return f"{current_app.config['PORTAL_BASE_URL'].rstrip('/')}{path}"


def logo_url() -> str | None:
    key = settings.current().branding.logo_key
    return portal_url("media.serve", key=key) if key else None


def deliver(to: str, subject: str, template: str, *, key: str, **context: Any) -> None:
    """The one place customer emails reach the mail service; `key` (`<event id>:<kind>`) makes the mail
    job send it once."""
    send(to, subject, template, key=key, **context)


def release(event_id: str, kind: str) -> None:
    """Give back the claim on an email that never reached the mail job, so it can be sent."""
    db.session.execute(delete(SentNotification).where(SentNotification.event_id == event_id,
                                                      SentNotification.kind == kind))
    db.session.commit()


def notify(event: WebhookEvent, kind: Kind) -> bool:
    """Send `kind` of email about `event` if it is due (see the module docstring); True when sent."""
    key = f"{event.id}:{kind.name}"
    if not enabled(kind) or not event.customer_id:
        return False
    if already_sent(event.id, kind.name):
        if queued(key):
            return False
        release(event.id, kind.name)  # an earlier run claimed this email and died before handing it to mail
    notice = content.BUILDERS[kind.name](event)
    if notice is None or (kind.once_per_subject and sent_about(kind.name, notice.target)):
        return False
    customer = get_customer(notice.customer_id)
    if not customer.email:
        return False
    chosen = choose_for_email(customer.email).chosen
    if chosen is None or chosen.id != customer.id:
        log.info("No %s email for %s: the shared-email rule picks %s for its email", kind.name, customer.id,
                 chosen.id if chosen else "no customer")
        return False
    locale = locale_of(customer)
    if not stored_once(SentNotification(event_id=event.id, kind=kind.name, customer_id=customer.id,
                                        email=customer.email, locale=locale, subject_id=notice.target)):
        return False  # a concurrent delivery of the same event claimed it first
    token = email_links.create(customer.id, kind.name, notice.endpoint, notice.target, locale)
    business = settings.current().branding.business_name
    try:
        with force_locale(locale):
            deliver(customer.email, content.subject(kind.name, notice.values, business), kind.template,
                    key=key, link=portal_url("email_links.open_email_link", token=token),
                    logo_url=logo_url(), customer_name=customer.name, **notice.values)
    except Exception:
        # Nothing left the portal: give the claim back (and drop the link), so a retry of the event can send it.
        db.session.rollback()
        db.session.execute(delete(EmailSignInLink).where(EmailSignInLink.token_hash == digest(token)))
        release(event.id, kind.name)
        raise
    activity.record(kind.activity, actor_type="portal", actor="customer emails", customer_id=customer.id,
                    event=event.id, email=customer.email)
    return True


__all__ = ["KINDS", "deliver", "handle", "notify"]
