"""What each customer email says, read from its Stripe event (and Stripe, for what the event leaves out).

A builder returns a `Notice` (whom it is for, the account page its link opens, the values its template
shows) or None when the event does not call for that email (a monthly plan's renewal, a card that outlasts
the renewal, an invoice already paid by the time the event arrives).
"""
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from portal_site.billing import payment_methods, subscriptions
from portal_site.billing.money import Money
from portal_site.billing.payment_methods import Card
from portal_site.billing.webhooks import WebhookEvent
from portal_site.i18n import date, money


@dataclass(frozen=True)
class Notice:
    customer_id: str
    endpoint: str  # the account page the email's link opens
    target: str | None  # that page's id argument (an invoice or subscription id), if it takes one
    values: dict[str, Any] = field(default_factory=dict)




def _subscription_of_invoice(invoice: dict[str, Any]) -> str | None:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    subscription = details.get("subscription") or invoice.get("subscription")
    return subscription.get("id") if isinstance(subscription, dict) else subscription


def _plan_name(subscription: subscriptions.Subscription) -> str:
    plan = subscription.items[0].plan
    return plan.product_name if not plan.nickname else f"{plan.product_name} ({plan.nickname})"


def yearly_or_longer(subscription: subscriptions.Subscription) -> bool:
    plan = subscription.items[0].plan
    months = {"year": 12 * plan.interval_count, "month": plan.interval_count}.get(plan.interval, 0)
    return months >= 12


def last_day(card: Card) -> datetime:
    """The moment a card stops working: the end of its expiry month (UTC)."""
    days = monthrange(card.exp_year, card.exp_month)[1]
    return datetime(card.exp_year, card.exp_month, days, 23, 59, 59, tzinfo=UTC)


def payment_failed(event: WebhookEvent) -> Notice | None:
    invoice = event.object
    if invoice.get("status") not in (None, "open") or not event.customer_id or not invoice.get("id"):
        return None
    currency = invoice.get("currency") or "usd"
    amount = invoice.get("amount_remaining") or invoice.get("amount_due") or 0
    return Notice(event.customer_id, "account.invoice", invoice["id"], {
        "amount": Money(int(amount), currency), "number": invoice.get("number") or invoice["id"],
        "attempted_on": invoice.get("status_transitions", {}).get("finalized_at") or event.created,
    })


def trial_ending(event: WebhookEvent) -> Notice | None:
    sub = event.object
    if sub.get("status") != "trialing" or not event.customer_id or not sub.get("trial_end"):
        return None
    subscription = subscriptions.owned(event.customer_id, sub["id"])
    upcoming = subscriptions.upcoming(event.customer_id, sub["id"])
    has_card = subscription.paid_with is not None or payment_methods.default_id(event.customer_id) is not None
    amount = upcoming.amount if upcoming else subscription.items[0].plan.amount
    values = {"plan": _plan_name(subscription), "ends_on": sub["trial_end"], "amount": amount, "has_card": has_card}
    if has_card:
        return Notice(event.customer_id, "account.subscription_card", sub["id"], values)
    return Notice(event.customer_id, "account.payment_methods_panel", None, values)


def _renewal(event: WebhookEvent) -> tuple[subscriptions.Subscription, dict[str, Any]] | None:
    invoice = event.object
    subscription_id = _subscription_of_invoice(invoice)
    if not event.customer_id or not subscription_id:
        return None
    subscription = subscriptions.owned(event.customer_id, subscription_id)
    renews_on = invoice.get("next_payment_attempt") or invoice.get("period_end") or subscription.current_period_end
    amount = Money(int(invoice.get("amount_due") or 0), invoice.get("currency") or "usd")
    return subscription, {"plan": _plan_name(subscription), "renews_on": renews_on, "amount": amount}


def renewal_upcoming(event: WebhookEvent) -> Notice | None:
    found = _renewal(event)
    if found is None or not yearly_or_longer(found[0]) or found[0].cancel_at_period_end:
        return None
    subscription, values = found
    return Notice(subscription.customer_id, "account.subscription_card", subscription.id, values)


def card_expiring(event: WebhookEvent) -> Notice | None:
    """Sent on `invoice.upcoming` (seven days before each renewal, whatever the plan's interval) when the card
    that renewal will charge (the subscription's own, else the customer's default) expires before it."""
    found = _renewal(event)
    if found is None:
        return None
    subscription, values = found
    card = subscription.paid_with
    if card is None:
        wallet = payment_methods.wallet(subscription.customer_id)
        card = next((c for c in wallet.cards if c.id == wallet.default_id), None)
    if card is None or not values["renews_on"] or last_day(card).timestamp() >= values["renews_on"]:
        return None
    values |= {"brand": card.brand.title(), "last4": card.last4,
               "expires": datetime(card.exp_year, card.exp_month, 1, tzinfo=UTC)}
    return Notice(subscription.customer_id, "account.payment_methods_panel", None, values)


BUILDERS: dict[str, Callable[[WebhookEvent], Notice | None]] = {
    "payment_failed": payment_failed,
    "trial_ending": trial_ending,
    "renewal_upcoming": renewal_upcoming,
    "card_expiring": card_expiring,
}


def subject(kind: str, values: dict[str, Any], business: str) -> str:
    """The email's subject, in the locale in force (call it under `force_locale`)."""
    if kind == "payment_failed":
        text = _l("Your payment of %(amount)s to %(business)s did not go through",
                  amount=money(values["amount"]), business=business)
    elif kind == "trial_ending":
        text = _l("Your %(plan)s trial ends on %(date)s", plan=values["plan"], date=date(values["ends_on"], "long"))
    elif kind == "renewal_upcoming":
        text = _l("Your %(plan)s subscription renews on %(date)s",
                  plan=values["plan"], date=date(values["renews_on"], "long"))
    else:
        text = _l("Your card ending in %(last4)s expires before your next payment", last4=values["last4"])
    return str(text)
