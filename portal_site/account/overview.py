"""The account page: header, every panel's Stripe reads at once (cached per customer), recent activity."""
from functools import partial

from flask_babel import lazy_gettext as _l

from portal_site import activity
from portal_site.account import invoices as invoice_views
from portal_site.account import subscriptions
from portal_site.account.actions import customer_id
from portal_site.account.billing_details import allowed
from portal_site.account.billing_forms import SECTION_FORMS
from portal_site.account.blueprint import bp
from portal_site.account.panels import Panel, features, guarded, wallet_from
from portal_site.billing import client, customer_details, invoices, payment_methods
from portal_site.billing import subscriptions as billing_subscriptions
from portal_site.notifications import KINDS
from portal_site.storage import cache
from portal_site.web import htmx

ACTIVITY_LABELS = {
    **subscriptions.ACTIVITY_LABELS,
    "payment_method.added": _l("Added a card"),
    "payment_method.default": _l("Changed the default card"),
    "payment_method.removed": _l("Removed a card"),
    "billing.name": _l("Updated the name"),
    "billing.phone": _l("Updated the phone number"),
    "billing.address": _l("Updated the billing address"),
    "billing.shipping": _l("Updated the shipping address"),
    "billing.tax_id_added": _l("Added a tax ID"),
    "billing.tax_id_removed": _l("Removed a tax ID"),
    "invoice.paid": _l("Paid an invoice"),
    "invoice.paid_all": _l("Paid all open invoices"),
    "signin.succeeded": _l("Signed in"),
    "signin.failed": _l("Failed sign-in attempt"),
    "signout": _l("Signed out"),
    **{kind.activity: kind.label for kind in KINDS.values()},
}
OTHER_ACTIVITY = _l("Account change")


def _one_after_another(*calls):
    return [call() for call in calls]


@bp.get("/")
def index():
    cid = customer_id()
    enabled = features()
    reads = {
        "details": partial(customer_details.details, cid),
        "cards": partial(payment_methods.cards, cid),
        "due": partial(invoices.due, cid),
    }
    if enabled.invoice_history.enabled:
        reads["history"] = partial(invoices.history, cid)
    found = cache.peek_many(cid, [*reads, "subscriptions"])
    cached = [guarded(partial(cache.get_or_load, cid, name, read)) if found[name] is cache.MISSING
              else partial(Panel, found[name]) for name, read in reads.items()]
    # A warm page has nothing to wait for: it takes what the cache held here rather than on threads of their own.
    warm = cache.MISSING not in found.values()
    run = _one_after_another if warm else client.parallel
    listed = None if found["subscriptions"] is cache.MISSING else found["subscriptions"]
    *loaded, subscription_panel = run(*cached, partial(subscriptions.panel, cid, listed))
    panels = dict(zip(reads, loaded, strict=True))
    panels["wallet"] = wallet_from(panels["details"], panels["cards"])
    stripe_down = all(panel.error for panel in loaded) and bool(subscription_panel["subscriptions_error"])
    details, due = panels["details"].data, panels["due"].data or ()
    subscription_panel["subscriptions"] = billing_subscriptions.with_open_invoices(
        subscription_panel["subscriptions"], due)
    return htmx.render(
        "account/index.html",
        panels=panels,
        stripe_down=stripe_down,
        features=enabled,
        recent_activity=activity.for_customer(cid),
        activity_labels=ACTIVITY_LABELS,
        other_activity=OTHER_ACTIVITY,
        editable_sections=[section for section in SECTION_FORMS if details and allowed(section)],
        due_total=invoices.payable_total(due),
        offer_default=invoice_views.offered_card(panels["wallet"].data),
        tax_ids_editable=bool(details) and allowed("tax_id"),
        **subscription_panel,
    )

