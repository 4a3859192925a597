"""What the dashboard home shows: the setup checklist, the portal's health and this week's figures.

Stripe is read once for the page (the catalogue: products and prices in one parallel wave
through the gateway); that read also tells whether Stripe answers. Everything else comes
from the portal's own database: the activity log, the login link, processed webhook events.
"""
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis
from flask import current_app, url_for
from sqlalchemy import func, select

from portal_site import settings
from portal_site.activity import report
from portal_site.billing import BillingError, BillingUnavailable, catalog
from portal_site.extensions import db
from portal_site.models import ProcessedWebhookEvent
from portal_site.settings.schema import to_storage
from portal_site.signin import login_links
from portal_site.storage import redis_store

log = logging.getLogger(__name__)

TEST_EMAIL_SENT = "admin.test_email_sent"
TEST_EMAIL_FAILED = "admin.test_email_failed"
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Step:
    title: str
    done: bool
    status: str
    href: str | None
    action: str  # the link's text: where to do it


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: not configured (nothing to check)
    text: str


def _stripe():
    """(products, Check): the page's one Stripe read."""
    try:
        products = catalog.products_with_prices()
    except BillingUnavailable as error:
        return None, Check("Stripe", False, error.for_merchant)
    except BillingError as error:
        return None, Check("Stripe", False, f"Stripe refused the request: {error.for_merchant}")
    return products, Check("Stripe", True, "Answering with the configured key.")


def _database():
    try:
        db.session.execute(select(1))
    except Exception as error:  # any driver error means the same to the merchant
        log.warning("Database check failed: %s", error)
        db.session.rollback()
        return Check("Database", False, "Not answering. Check DATABASE_URL and that the database is running.")
    return Check("Database", True, "Answering.")


def _redis():
    pool = redis_store.pool(current_app)
    if pool is None:
        return Check("Redis", None, "Not configured: limits and cache live in each process (fine for one local process; "
                                    "set REDIS_URL in production).")
    try:
        redis.Redis(connection_pool=pool).ping()
    except redis.RedisError as error:
        log.warning("Redis check failed: %s", error)
        return Check("Redis", False, "Not answering. Check REDIS_URL and that Redis is running.")
    return Check("Redis", True, "Answering.")


def _mail(last_sent, last_failed):
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    where = "printed to the console (demo only)" if backend == "console" else \
        f"sent through SMTP at {config['MAIL_SERVER']}:{config['MAIL_PORT']}"
    if last_failed and (not last_sent or last_failed.created_at > last_sent.created_at):
        return Check("Mail", False, f"Emails are {where}. The last test email failed: "
                                    f"{last_failed.detail.get('error', 'unknown error')}.")
    if last_sent:
        return Check("Mail", True, f"Emails are {where}; the last test email went out.")
    return Check("Mail", None, f"Emails are {where}. Send a test email to check.")


def _last_webhook():
    return db.session.scalar(select(func.max(ProcessedWebhookEvent.received_at)))


def _when(moment):
    return f"{moment:%b} {moment.day}, {moment:%Y, %H:%M} UTC"


def _checklist(products, last_webhook, last_sent):
    priced = [product for product in products or () if product.active and product.active_prices]
    saved = report.counts_since(datetime(1970, 1, 1, tzinfo=UTC), ["settings.saved", "branding.saved"])
    chosen = settings.current()
    configured = bool(saved["settings.saved"]) or to_storage(chosen.features) != settings.DEFAULTS["features"]
    branded = bool(saved["branding.saved"]) or to_storage(chosen.branding) != settings.DEFAULTS["branding"]
    link = login_links.active()
    base = current_app.config["PORTAL_BASE_URL"]
    if products is None:
        catalogue = "Stripe did not answer, so the products could not be checked."
    elif priced:
        catalogue = f"{len(priced)} active product{'s' if len(priced) != 1 else ''} with prices."
    else:
        catalogue = "No active product with a price yet: customers would have nothing to switch to."
    return [
        Step("Add products with prices", bool(priced), catalogue, url_for("admin.products"), "Products"),
        Step("Configure the portal", configured,
             "Set." if configured else "Choose what customers may do (cancel, switch plans, pause...).",
             url_for("admin.portal_settings"), "Portal settings"),
        Step("Brand the portal", branded,
             "Set." if branded else "Add your name, colors, icon and logo.",
             url_for("admin.branding"), "Branding"),
        Step("Turn on the login link", link is not None,
             "Active." if link else "Off: customers cannot sign in from your website yet.",
             url_for("admin.login_link"), "Login link"),
        Step("Receive Stripe webhooks", last_webhook is not None,
             f"Last event received {_when(last_webhook)}." if last_webhook else
             f"None received yet. In Stripe, add the endpoint {base}/stripe/webhooks and set STRIPE_WEBHOOK_SECRET.",
             "https://dashboard.stripe.com/webhooks", "Stripe webhooks settings"),
        Step("Send a test email", last_sent is not None,
             f"Sent {_when(last_sent.created_at)} to {last_sent.detail.get('to')}." if last_sent else
             "Check that sign-in codes reach customers: use the button below.",
             None, "Send a test email"),
    ]


def _week(now):
    since = now - WEEK
    counts = report.counts_since(since, ["signin.succeeded", "subscription.canceled", "subscription.retained"])
    failed_payments = db.session.scalar(
        select(func.count()).select_from(ProcessedWebhookEvent)
        .where(ProcessedWebhookEvent.type == "invoice.payment_failed", ProcessedWebhookEvent.received_at >= since))
    return {
        "since": since,
        "sign_ins": counts["signin.succeeded"],
        "cancellations": counts["subscription.canceled"],
        "reasons": report.cancellation_reasons_since(since),
        "retained": counts["subscription.retained"],
        "failed_payments": failed_payments,
    }


def home(now=None):
    """The home page's context: `steps`, `health` and `week`."""
    now = now or datetime.now(UTC)
    products, stripe_check = _stripe()
    last_sent, last_failed = report.last_of(TEST_EMAIL_SENT), report.last_of(TEST_EMAIL_FAILED)
    last_webhook = _last_webhook()
    steps = _checklist(products, last_webhook, last_sent)
    return {
        "steps": steps,
        "steps_done": sum(step.done for step in steps),
        "health": [stripe_check, _database(), _redis(), _mail(last_sent, last_failed)],
        "week": _week(now),
        "webhooks_seen": last_webhook is not None,
    }
