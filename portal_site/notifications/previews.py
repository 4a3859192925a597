"""Each customer email rendered with sample values, for the dashboard's previews (nothing is stored or sent)."""
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import render_template
from flask_babel import force_locale

from portal_site import settings
from portal_site.billing.money import Money
from portal_site.notifications import content
from portal_site.notifications.kinds import Kind
from portal_site.notifications.sending import logo_url, portal_url

DAY = 86_400


@dataclass(frozen=True)
class Preview:
    subject: str
    text: str
    html: str


def sample(kind: Kind) -> dict[str, Any]:
    now = int(time.time())
    if kind.name == "payment_failed":
        return {"amount": Money(4900, "usd"), "number": "INV-0042", "attempted_on": now}
    if kind.name == "trial_ending":
        return {"plan": "Pro", "ends_on": now + 3 * DAY, "amount": Money(4900, "usd"), "has_card": False}
    values = {"plan": "Pro (yearly)", "renews_on": now + 7 * DAY, "amount": Money(49000, "usd")}
    if kind.name == "card_expiring":
        this_month = datetime.now(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        values |= {"brand": "Visa", "last4": "4242", "expires": this_month}
    return values


def render(kind: Kind, locale: str) -> Preview:
    """`kind`'s email in `locale`, with sample values and a link that leads nowhere."""
    values = sample(kind)
    link = portal_url("email_links.open_email_link", token="preview")
    with force_locale(locale):
        context = {"link": link, "logo_url": logo_url(), "customer_name": "Ada Lovelace", **values}
        return Preview(
            subject=content.subject(kind.name, values, settings.current().branding.business_name),
            text=render_template(f"email/{kind.template}.txt", **context),
            html=render_template(f"email/{kind.template}.html", **context),
        )
