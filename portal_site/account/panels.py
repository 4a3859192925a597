"""What the account page's panels share: a read that carries its error instead of raising, and the way back."""
from dataclasses import dataclass
from typing import Any

from portal_site import settings
from portal_site.billing import BillingError, payment_methods
from portal_site.signin import customer_sessions


@dataclass(frozen=True)
class Panel:
    """One panel's data, or the message of the Stripe error that kept it from loading."""

    data: Any = None
    error: str | None = None


def guarded(read):
    def run():
        try:
            return Panel(read())
        except BillingError as error:
            return Panel(error=error.message)
    return run


def features():
    return settings.current().features


def return_url():
    row = customer_sessions.current()
    return (row.return_url if row else None) or settings.current().business.default_return_url


def wallet_from(details_panel, cards_panel):
    if cards_panel.error or details_panel.error:
        return Panel(error=cards_panel.error or details_panel.error)
    return Panel(payment_methods.Wallet(cards_panel.data, details_panel.data.default_payment_method))
