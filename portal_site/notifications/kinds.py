"""The customer emails the portal sends, each named once: its Stripe event, its setting, its template."""
from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    name: str  # also the setting (`customer_emails.<name>.enabled`), the template (`email/<name>`) and the key suffix
    event_type: str
    title: str  # for the merchant's dashboard (English)
    when: str  # when it is sent, for the dashboard
    label: LazyString  # the customer's activity log
    # Stripe sends the event again for the same subject (each retry of a failed invoice): email only the first.
    once_per_subject: bool = False

    @property
    def activity(self) -> str:
        return f"email.{self.name}"

    @property
    def template(self) -> str:
        return f"notifications/{self.name}"


KINDS = {kind.name: kind for kind in (
    Kind("payment_failed", "invoice.payment_failed", "Payment failed",
         "When Stripe could not charge an invoice (invoice.payment_failed). Links to the invoice, to pay it or add a card.",
         _l("Emailed: a payment did not go through"), once_per_subject=True),
    Kind("trial_ending", "customer.subscription.trial_will_end", "Trial ending",
         "Three days before a trial ends (customer.subscription.trial_will_end). Says what will be charged; "
         "links to adding a card when none is on file, else to the subscription.",
         _l("Emailed: the trial is ending")),
    Kind("renewal_upcoming", "invoice.upcoming", "Yearly renewal coming up",
         "Seven days before a plan billed yearly or less often renews (invoice.upcoming). Amount and date, "
         "with a link to change or cancel.",
         _l("Emailed: a renewal is coming up")),
    Kind("card_expiring", "invoice.upcoming", "Card expiring before the next payment",
         "Seven days before any renewal (invoice.upcoming), when the card that will be charged expires before "
         "the renewal date. Links to the cards.",
         _l("Emailed: the card expires soon")),
)}


def for_event(event_type: str) -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.event_type == event_type]
