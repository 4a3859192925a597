"""Stripe customers by email, the rule that picks one for sign-in, and one customer's profile."""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from portal_site.billing.client import call, parallel, v1
from portal_site.billing.errors import NotFound

ACTIVE_STATUSES = frozenset({"active", "trialing", "past_due"})


@dataclass(frozen=True)
class Customer:
    id: str
    email: str | None
    name: str | None
    created: int
    preferred_locales: tuple[str, ...] = ()
    subscription_statuses: tuple[str, ...] = ()

    @property
    def has_active_subscription(self) -> bool:
        return any(status in ACTIVE_STATUSES for status in self.subscription_statuses)


@dataclass(frozen=True)
class EmailChoice:
    """Which customer an email signs in to: `chosen` (None when there is none), all candidates, and why."""

    email: str
    chosen: Customer | None
    candidates: tuple[Customer, ...]
    reason: str


def _customer(obj: Mapping[str, Any], statuses: Iterable[str] = ()) -> Customer:
    return Customer(
        id=obj["id"],
        email=obj.get("email"),
        name=obj.get("name"),
        created=int(obj.get("created") or 0),
        preferred_locales=tuple(obj.get("preferred_locales") or ()),
        subscription_statuses=tuple(statuses),
    )


def email_variants(email: str | None) -> tuple[str, ...]:
    """The email as typed and in lower case (Stripe matches `email=` exactly), without repeats."""
    typed = (email or "").strip()
    return tuple(dict.fromkeys(v for v in (typed, typed.lower()) if v))


def _list_by_email(email: str) -> list[dict[str, Any]]:
    return [obj.to_dict() for obj in call(v1().customers.list, params={"email": email, "limit": 100}).data]


def _subscription_statuses(customer_id: str) -> tuple[str, ...]:
    """Statuses of the customer's subscriptions that are not canceled (Stripe's default listing)."""
    listing = call(v1().subscriptions.list, params={"customer": customer_id, "limit": 100})
    return tuple(subscription.status for subscription in listing.data)


def find_by_email(email: str | None, *, full: bool = True) -> tuple[Customer, ...]:
    """Every customer whose email is `email` as typed or lower-cased, newest first, each once.

    Subscription statuses are read for every customer (in parallel); with `full=False` only
    when several customers share the email, the one case where they decide the choice.
    """
    variants = email_variants(email)
    if not variants:
        return ()
    results = parallel(*[lambda v=v: _list_by_email(v) for v in variants])
    unique = {obj["id"]: obj for found in results for obj in found}
    objs = sorted(unique.values(), key=lambda o: (int(o.get("created") or 0), o["id"]), reverse=True)
    if full or len(objs) > 1:
        statuses = parallel(*[lambda cid=obj["id"]: _subscription_statuses(cid) for obj in objs])
    else:
        statuses = [()] * len(objs)
    return tuple(_customer(obj, found) for obj, found in zip(objs, statuses, strict=True))


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


def choose_for_email(email: str | None, *, full: bool = True) -> EmailChoice:
    """Look up the customers on `email` in Stripe and apply the selection rule (see find_by_email for `full`)."""
    return choose((email or "").strip(), find_by_email(email, full=full))


def get_customer(customer_id: str) -> Customer:
    """One customer's name, email and preferred locales; NotFound if deleted or unknown."""
    obj = call(v1().customers.retrieve, customer_id).to_dict()
    if obj.get("deleted"):
        raise NotFound()
    return _customer(obj)
