"""Payment method views: the panel, add a card with Stripe.js, make default, remove."""
from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _

from portal_site.account.blueprint import bp
from portal_site.account.panels import (
    already_done,
    customer_id,
    done,
    failed,
    features,
    form_nonce,
    record,
    require,
)
from portal_site.billing import BillingError, payment_methods
from portal_site.signin.customer_sessions import customer_required
from portal_site.web.htmx import render

PANEL = "account/_payment_methods.html"


def _enabled():
    require(features().payment_method_update.enabled)


@bp.get("/payment-methods")
@customer_required
def payment_methods_panel():
    _enabled()
    try:
        wallet = payment_methods.wallet(customer_id())
    except BillingError as error:
        return failed(error, "payment-methods")
    return render("account/panel_page.html", PANEL, panel=PANEL, wallet=wallet)


@bp.post("/payment-methods/setup")
@customer_required
def add_card():
    """Create the SetupIntent and show the Stripe.js form; the nonce makes a double click one intent."""
    _enabled()
    try:
        setup = payment_methods.start_setup(customer_id(), form_nonce())
    except BillingError as error:
        return failed(error, "payment-methods")
    returning_to = current_app.config["PORTAL_BASE_URL"] + url_for("account.card_added")
    return render(
        "account/add_card.html",
        setup=setup,
        publishable_key=current_app.config["STRIPE_PUBLISHABLE_KEY"],
        stripe_js_url=current_app.config["STRIPE_JS_URL"],
        return_url=returning_to,
    )


@bp.get("/payment-methods/added")
@customer_required
def card_added():
    """Stripe.js sends the customer here with `?setup_intent=` once the card is confirmed."""
    _enabled()
    intent_id = request.args.get("setup_intent", "")
    if not intent_id.startswith("seti_"):
        return redirect(url_for("account.index", _anchor="payment-methods"))
    try:
        setup = payment_methods.finish_setup(customer_id(), intent_id)
    except BillingError as error:
        return failed(error, "payment-methods")
    if setup.card is None:
        flash(setup.error_message or _("Your card could not be saved. Please try again."), "error")
    else:
        if not already_done(setup.id, "payment_method.added"):
            record("payment_method.added", payment_method=setup.card.id, nonce=setup.id)
        flash(_("Your %(brand)s card ending in %(last4)s was added.", brand=setup.card.brand.title(),
                last4=setup.card.last4), "success")
    return redirect(url_for("account.index", _anchor="payment-methods"), 303)


@bp.post("/payment-methods/<payment_method_id>/default")
@customer_required
def make_default(payment_method_id):
    _enabled()
    nonce = form_nonce()
    try:
        wallet = payment_methods.make_default(customer_id(), payment_method_id, nonce)
    except BillingError as error:
        return failed(error, "payment-methods")
    if not already_done(nonce, "payment_method.default", payment_method=payment_method_id):
        record("payment_method.default", payment_method=payment_method_id, nonce=nonce)
    return done(_("Your default card was changed."), "payment-methods", PANEL, wallet=wallet)


@bp.post("/payment-methods/<payment_method_id>/remove")
@customer_required
def remove_card(payment_method_id):
    _enabled()
    nonce = form_nonce()
    try:
        if already_done(nonce, "payment_method.removed", payment_method=payment_method_id):
            wallet = payment_methods.wallet(customer_id())
        else:
            wallet = payment_methods.remove(customer_id(), payment_method_id, nonce)
            record("payment_method.removed", payment_method=payment_method_id, nonce=nonce)
    except BillingError as error:
        return failed(error, "payment-methods")
    return done(_("The card was removed."), "payment-methods", PANEL, wallet=wallet)
