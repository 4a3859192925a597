"""Payment method views: the panel, add a card with Stripe.js, make default, remove."""
from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from portal_site.account import actions
from portal_site.account.blueprint import bp
from portal_site.billing import BillingError, payment_methods
from portal_site.web import htmx

PANEL = "account/_payment_methods.html"


def _enabled(features):
    return features.payment_method_update.enabled


def _wallet(wallet):
    return {"wallet": wallet}


class CardNotSaved(BillingError):
    """Stripe.js came back, but the setup intent holds no card (declined, abandoned)."""

    status = 402


def _flash_refusal(error, run):
    """A card that was not saved is told on the account page; anything else is a refusal like any other."""
    if not isinstance(error, CardNotSaved):
        return actions.panel_refusal(error, run)
    flash(error.message, "error")
    return redirect(url_for("account.index", _anchor="payment-methods"), 303)


ADD = actions.Action("payment_method.added", "payment-methods", PANEL, _wallet, enabled=_enabled,
                     subject_key="payment_method", refusal=_flash_refusal)
MAKE_DEFAULT = actions.Action("payment_method.default", "payment-methods", PANEL, _wallet, enabled=_enabled,
                              subject_key="payment_method")
REMOVE = actions.Action("payment_method.removed", "payment-methods", PANEL, _wallet, enabled=_enabled,
                        subject_key="payment_method")
# Starting a card setup changes nothing the customer has: it is checked like an action, and not logged.
SETUP = actions.Action("payment_method.setup", "payment-methods", PANEL, _wallet, enabled=_enabled)


@bp.get("/payment-methods")
def payment_methods_panel():
    run = actions.begin(SETUP)
    try:
        wallet = payment_methods.wallet(run.customer_id)
    except BillingError as error:
        return actions.refusal_in("payment-methods", error)
    return htmx.render("account/panel_page.html", PANEL, panel=PANEL, wallet=wallet)


@bp.post("/payment-methods/setup")
def add_card():
    """Create the SetupIntent and show the Stripe.js form; the nonce makes a double click one intent, and a lost
    answer is asked for once more under the same key, so Stripe answers with the intent it made."""
    run = actions.begin(SETUP)
    try:
        setup = run.write(lambda key: payment_methods.start_setup(run.customer_id, key))
    except BillingError as error:
        return actions.refusal_in("payment-methods", error)
    return htmx.render(
        "account/add_card.html",
        setup=setup,
        publishable_key=current_app.config["STRIPE_PUBLISHABLE_KEY"],
        stripe_js_url=current_app.config["STRIPE_JS_URL"],
        return_url=current_app.config["PORTAL_BASE_URL"] + url_for("account.card_added"),
    )


@bp.get("/payment-methods/added")
def card_added():
    """Stripe.js sends the customer here with `?setup_intent=` once the card is confirmed.

    The setup intent's id is the submission's nonce: reloading this page logs the card once.
    """
    intent_id = request.args.get("setup_intent", "")
    if not intent_id.startswith("seti_"):
        return redirect(url_for("account.index", _anchor="payment-methods"))
    run = actions.begin(ADD, nonce=intent_id)

    def finish(_key):
        setup = payment_methods.finish_setup(run.customer_id, intent_id)
        if setup.card is None:
            raise CardNotSaved(setup.error_message or _("Your card could not be saved. Please try again."))
        return setup

    return run.finish(
        finish,
        notice=lambda setup: _("Your %(brand)s card ending in %(last4)s was added.",
                               brand=setup.card.brand.title(), last4=setup.card.last4),
        detail=lambda setup: {"payment_method": setup.card.id},
    )


@bp.post("/payment-methods/<payment_method_id>/default")
def make_default(payment_method_id):
    run = actions.begin(MAKE_DEFAULT, payment_method_id)
    return run.finish(lambda key: payment_methods.make_default(run.customer_id, payment_method_id, key),
                      notice=_("Your default card was changed."))


@bp.post("/payment-methods/<payment_method_id>/remove")
def remove_card(payment_method_id):
    run = actions.begin(REMOVE, payment_method_id)
    return run.finish(lambda key: payment_methods.remove(run.customer_id, payment_method_id, key),
                      replay=lambda: payment_methods.wallet(run.customer_id),
                      notice=_("The card was removed."))
