"""Stripe customers by email, the rule that picks one for sign-in, and one customer's profile."""
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from portal_site.billing.client import call, parallel, v1
from portal_site.billing.customer_details import DETAILS_EXPAND, CustomerDetails, details_of
from portal_site.billing.errors import NotFound

ACTIVE_STATUSES = frozenset({"active", "trialing", "past_due"})


@dataclass(frozen=True)
class Customer:
    id: str
    email: str | None
    name: str | None
    created: int
    preferred_locales: tuple[str, ...] = ()
    subscription_statuses: tuple[str, ...] | None = ()  # None: not read yet
    # The account page's billing details from the same read, when it expanded them (sign-in reuses them).
    details: CustomerDetails | None = field(default=None, compare=False, repr=False)

    @property
    def has_active_subscription(self) -> bool:
        return any(status in ACTIVE_STATUSES for status in self.subscription_statuses or ())


@dataclass(frozen=True)
class EmailChoice:
    """Which customer an email signs in to: `chosen` (None when there is none), all candidates, and why."""

    email: str
    chosen: Customer | None
    candidates: tuple[Customer, ...]
    reason: str


def _customer(obj: Mapping[str, Any], statuses: Iterable[str] | None = (),
              details: CustomerDetails | None = None) -> Customer:
    return Customer(
        id=obj["id"],
        email=obj.get("email"),
        name=obj.get("name"),
        created=int(obj.get("created") or 0),
        preferred_locales=tuple(obj.get("preferred_locales") or ()),
        subscription_statuses=None if statuses is None else tuple(statuses),
        details=details,
    )


def email_variants(email: str | None) -> tuple[str, ...]:
    """The email as typed and in lower case (Stripe matches `email=` exactly), without repeats."""
    typed = (email or "").strip()
    return tuple(dict.fromkeys(v for v in (typed, typed.lower()) if v))


# One read finds the customers and what sign-in needs of them: their subscriptions (Stripe embeds the first
# 10 that are not canceled) and the account page's details.
LOOKUP_EXPAND = ["data.subscriptions", *("data." + path for path in DETAILS_EXPAND)]


def _list_by_email(email: str) -> list[Customer]:
    listing = call(v1().customers.list, params={"email": email, "limit": 100, "expand": LOOKUP_EXPAND})
    return [_customer(obj.to_dict(), _embedded_statuses(obj), details_of(obj)) for obj in listing.data]


def _embedded_statuses(obj: Any) -> tuple[str, ...] | None:
    """Statuses of the subscriptions embedded in a customer, or None when there are more than Stripe embeds
    and none of those shown is active (then only the full list can tell)."""
    embedded = getattr(obj, "subscriptions", None)
    if embedded is None:
        return None
    statuses = tuple(subscription.status for subscription in embedded.data)
    if embedded.has_more and not any(status in ACTIVE_STATUSES for status in statuses):
        return None
    return statuses


def _subscription_statuses(customer_id: str) -> tuple[str, ...]:
    """Statuses of the customer's subscriptions that are not canceled (Stripe's default listing)."""
    listing = call(v1().subscriptions.list, params={"customer": customer_id, "limit": 100})
    return tuple(subscription.status for subscription in listing.data)


def find_by_email(email: str | None) -> tuple[Customer, ...]:
    """Every customer whose email is `email` as typed or lower-cased, newest first, each once, with the
    statuses of their subscriptions: one wave of reads (a second only for a customer with more than
    10 subscriptions, none of the first 10 active)."""
    variants = email_variants(email)
    if not variants:
        return ()
    results = parallel(*[lambda v=v: _list_by_email(v) for v in variants])
    unique = {customer.id: customer for found in results for customer in found}
    found = sorted(unique.values(), key=lambda c: (c.created, c.id), reverse=True)
    unknown = [customer for customer in found if customer.subscription_statuses is None]
    if unknown:
        statuses = parallel(*[lambda cid=customer.id: _subscription_statuses(cid) for customer in unknown])
        known = {customer.id: status for customer, status in zip(unknown, statuses, strict=True)}
        found = [dataclasses.replace(c, subscription_statuses=known[c.id]) if c.id in known else c for c in found]
    return tuple(found)


def choose(email: str, candidates: Iterable[Customer]) -> EmailChoice:
    """The selection rule: the newest customer with an active, trialing or past-due
    subscription; if none has one, the newest customer."""
    candidates = tuple(sorted(candidates, key=lambda c: (c.created, c.id), reverse=True))
    if not candidates:
        return EmailChoice(email, None, (), f"No Stripe customer has the email {email}.")
    if len(candidates) == 1:
        only = candidates[0]
        return EmailChoice(email, only, candidates, f"{only.id} is the only customer with this email.")
    active = [c for c in candidates if c.has_active_subscription]
    if active:
        chosen = active[0]
        if len(active) == 1:
            reason = (f"{chosen.id} is the only one of the {len(candidates)} customers with this email "
                      "that has an active, trialing or past-due subscription.")
        else:
            reason = (f"{chosen.id} is the most recently created of the {len(active)} customers (out of "
                      f"{len(candidates)} with this email) that have an active, trialing or past-due subscription.")
    else:
        chosen = candidates[0]
        reason = (
            f"None of the {len(candidates)} customers with this email has an active, trialing or past-due "
            f"subscription, so {chosen.id}, the most recently created, is chosen."
        )
    return EmailChoice(email, chosen, candidates, reason)


def choose_for_email(email: str | None) -> EmailChoice:
    """Look up the customers on `email` in Stripe (one wave) and apply the selection rule."""
    return choose((email or "").strip(), find_by_email(email))


def get_customer(customer_id: str) -> Customer:
    """One customer's name, email, preferred locales and billing details; NotFound if deleted or unknown."""
    obj = call(v1().customers.retrieve, customer_id, params={"expand": DETAILS_EXPAND})
    if getattr(obj, "deleted", False):
        raise NotFound()
    return _customer(obj.to_dict(), details=details_of(obj))
