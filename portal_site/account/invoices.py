"""Invoice views: history with "load more", one invoice, paying an open invoice or all of them."""
from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal_site.account import actions
from portal_site.account.blueprint import bp
from portal_site.account.panels import features
from portal_site.billing import BillingError, client, invoices, payment_methods
from portal_site.web import htmx

PANEL = "account/_invoices.html"
ROWS = "account/_invoice_rows.html"
PAYABLE = "account/_invoice_payable.html"
DUE = "account/_due_invoices.html"
PAY_ALL_FORM = "account/_pay_all.html"


def _offer(payment):
    """Without JavaScript, the page after a payment offers to keep the card that paid (`?offer_card=`)."""
    return {"offer_card": payment.card.id} if payment.card else {}


def offered_card(wallet):
    """The card named by `?offer_card=` when it is the customer's and not their default, else None."""
    chosen = request.args.get("offer_card")
    if not wallet or not chosen or chosen == wallet.default_id:
        return None
    return next((card for card in wallet.cards if card.id == chosen), None)


def _paid_one(payment):
    return {"invoice": payment.invoice, "wallet": None, "offer_default": payment.card}


def _paid_all(payment):
    return {"due": payment.left, "due_total": invoices.payable_total(payment.left), "wallet": payment.wallet,
            "offer_default": payment.card}


# Paying one invoice swaps that invoice only: "Pay all" hears `due-invoices-changed` and asks for its new count.
PAY = actions.Action("invoice.paid", "due-invoices", PAYABLE, _paid_one, subject_key="invoice",
                     trigger="invoice-paid, due-invoices-changed")
PAY_ALL = actions.Action("invoice.paid_all", "due-invoices", DUE, _paid_all, trigger="invoice-paid")


@bp.get("/invoices")
def invoice_history():
    """The panel (htmx refresh), more rows (htmx `?after=`), or a page of history without JS."""
    if not features().invoice_history.enabled:
        abort(403)
    after = request.args.get("after") or None
    try:
        page = invoices.history(actions.customer_id(), after)
    except BillingError as error:
        return actions.refusal_in("invoices", error)
    return htmx.render("account/panel_page.html", ROWS if after else PANEL, panel=PANEL, history=page,
                       after=after)


@bp.get("/invoices/<invoice_id>")
def invoice(invoice_id):
    cid = actions.customer_id()
    try:
        found, wallet = client.parallel(lambda: invoices.get(cid, invoice_id), lambda: payment_methods.wallet(cid))
    except BillingError as error:
        return actions.refusal_in("invoices", error)
    return htmx.render("account/invoice.html", PAYABLE, invoice=found, wallet=wallet, offer_default=offered_card(wallet))


@bp.get("/invoices/pay-all")
def pay_all_form():
    """"Pay all" as it stands now (htmx, after one invoice was paid on its own); without JS, the account page."""
    if not htmx.is_partial():
        return redirect(url_for("account.index", _anchor="due-invoices"))
    cid = actions.customer_id()
    try:
        due, wallet = client.parallel(lambda: invoices.due(cid), lambda: payment_methods.wallet(cid))
    except BillingError as error:
        return actions.refusal_in("due-invoices", error)
    return htmx.render(PAY_ALL_FORM, PAY_ALL_FORM, due=due, due_total=invoices.payable_total(due), wallet=wallet)


@bp.post("/invoices/<invoice_id>/pay")
def pay_invoice(invoice_id):
    run = actions.begin(PAY, invoice_id)
    chosen = request.form.get("payment_method") or None
    back = url_for("account.invoice", invoice_id=invoice_id)
    return run.finish(
        lambda key: invoices.pay(run.customer_id, invoice_id, chosen, key),
        replay=lambda: invoices.Payment((invoices.get(run.customer_id, invoice_id),)),
        notice=lambda paid: _("Thank you, invoice %(number)s is paid.", number=paid.invoice.number or invoice_id),
        detail=lambda paid: {"number": paid.invoice.number},
        refused=lambda error, _run: actions.refusal_in(f"invoice-{invoice_id}", error, back=back),
        to=lambda payment: url_for("account.invoice", invoice_id=invoice_id, **_offer(payment)),
    )


def _numbers(paid):
    return ", ".join(invoice.number or invoice.id for invoice in paid)


def _paid_all_notice(payment):
    if payment.refused:
        return _("Paid: %(paid)s. Invoice %(number)s was not paid: %(reason)s",
                 paid=_numbers(payment.paid), number=payment.refused.number or payment.refused.id,
                 reason=payment.reason)
    if not payment.paid:
        return _("Thank you, your open invoices are paid.")
    return ngettext("Thank you, invoice %(paid)s is paid.", "Thank you, invoices %(paid)s are paid.",
                    len(payment.paid), paid=_numbers(payment.paid))


def _not_paid_all(error, run):
    """What is due changed since the page: htmx gets the due invoices as they are now, with the reason."""
    if isinstance(error, invoices.DueChanged) and htmx.is_partial():
        return htmx.render(DUE, DUE, status=error.status, due=error.due, due_total=invoices.payable_total(error.due),
                           wallet=error.wallet, error=error.message)
    return actions.panel_refusal(error, run)


@bp.post("/invoices/pay-all")
def pay_all_invoices():
    """Every open invoice, oldest first, with the default card or a chosen one; stops at a refusal."""
    run = actions.begin(PAY_ALL)
    chosen = request.form.get("payment_method") or None
    shown = request.form.getlist("invoice") or None
    return run.finish(
        lambda key: invoices.pay_all(run.customer_id, chosen, key, shown),
        replay=lambda: invoices.Payment((), left=invoices.due(run.customer_id),
                                        wallet=payment_methods.wallet(run.customer_id)),
        notice=_paid_all_notice,
        refused=_not_paid_all,
        detail=lambda payment: {"numbers": [invoice.number for invoice in payment.paid],
                                "refused": payment.refused.number if payment.refused else None},
        to=lambda payment: url_for("account.index", **_offer(payment), _anchor="due-invoices"),
    )
