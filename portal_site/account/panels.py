"""Helpers shared by the account panels' views: guarded reads, nonces, activity, answers after an action."""
import re
from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for

from portal_site import activity, settings
from portal_site.billing import BillingError, payment_methods
from portal_site.signin import customer_sessions
from portal_site.storage import cache
from portal_site.web.htmx import render, wants_fragment

# A panel id may carry an id from the URL (`invoice-<id>`): only these characters reach HX-Retarget.
PANEL_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")


@dataclass(frozen=True)
class Panel:
    """One panel's data, or the message of the Stripe error that kept it from loading."""

    data: object = None
    error: str | None = None


def guarded(read):
    def run():
        try:
            return Panel(read())
        except BillingError as error:
            return Panel(error=error.message)
    return run


def customer_id():
    return customer_sessions.current().customer_id


def features():
    return settings.current().features


def require(enabled):
    """Refuse an endpoint whose feature the merchant turned off."""
    if not enabled:
        abort(403)


def form_nonce():
    return request.form.get("nonce", "")


def already_done(nonce, *actions, **detail):
    """The same form submitted again (double click): the first submit already did the work.

    Only the very same change counts: one of `actions`, on the same ids (`detail`), with this
    nonce; a nonce taken from another change neither skips a check nor keeps a change out of the log.
    """
    if not nonce:
        return False
    recent = activity.for_customer(customer_id(), limit=20)
    return any(
        row.action in actions and (row.detail or {}).get("nonce") == nonce
        and all((row.detail or {}).get(key) == value for key, value in detail.items())
        for row in recent
    )


def record(action, **detail):
    """Log the customer's change and drop their cached Stripe reads, so no page shows the old state."""
    row = customer_sessions.current()
    activity.record(action, actor_type="customer", actor=row.email, customer_id=row.customer_id, **detail)
    cache.invalidate(row.customer_id)


def return_url():
    row = customer_sessions.current()
    return (row.return_url if row else None) or settings.current().business.default_return_url


def done(message, anchor, fragment, *, to=None, trigger=None, **context):
    """After an action: htmx gets the panel fragment; a plain form POST gets a flash and a redirect."""
    if wants_fragment():
        return render(fragment, fragment, trigger=trigger, notice=message, **context)
    flash(message, "success")
    return redirect(to or url_for("account.index", _anchor=anchor), 303)


def failed(error, panel_id, back=None):
    """A Stripe refusal shown in the panel that failed (htmx) or on a page with a way back."""
    if wants_fragment():
        body = render_template("account/_panel_error.html", message=error.message)
        target = f"#{panel_id}-alerts" if PANEL_ID.fullmatch(panel_id) else "#alerts"
        return body, error.status, {"HX-Retarget": target, "HX-Reswap": "innerHTML",
                                    "Vary": "HX-Request"}
    back = back or url_for("account.index", _anchor=panel_id)
    return render_template("account/action_failed.html", message=error.message, back=back), error.status


def wallet_from(details_panel, cards_panel):
    if cards_panel.error or details_panel.error:
        return Panel(error=cards_panel.error or details_panel.error)
    return Panel(payment_methods.Wallet(cards_panel.data, details_panel.data.default_payment_method))


