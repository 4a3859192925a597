"""Invoice views: history with "load more", one invoice, paying an open invoice."""
from flask import request, url_for
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
from portal_site.billing import BillingError, client, invoices, payment_methods
from portal_site.signin.customer_sessions import customer_required
from portal_site.web.htmx import render

PANEL = "account/_invoices.html"
ROWS = "account/_invoice_rows.html"
PAYABLE = "account/_invoice_payable.html"


@bp.get("/invoices")
@customer_required
def invoice_history():
    """The panel (htmx refresh), more rows (htmx `?after=`), or a page of history without JS."""
    require(features().invoice_history.enabled)
    after = request.args.get("after") or None
    try:
        page = invoices.history(customer_id(), after)
    except BillingError as error:
        return failed(error, "invoices")
    return render("account/panel_page.html", ROWS if after else PANEL, panel=PANEL, history=page,
                  after=after)


@bp.get("/invoices/<invoice_id>")
@customer_required
def invoice(invoice_id):
    cid = customer_id()
    try:
        found, wallet = client.parallel(lambda: invoices.get(cid, invoice_id), lambda: payment_methods.wallet(cid))
    except BillingError as error:
        return failed(error, "invoices")
    return render("account/invoice.html", PAYABLE, invoice=found, wallet=wallet)


@bp.post("/invoices/<invoice_id>/pay")
@customer_required
def pay_invoice(invoice_id):
    cid = customer_id()
    nonce = form_nonce()
    chosen = request.form.get("payment_method") or None
    back = url_for("account.invoice", invoice_id=invoice_id)
    repeated = already_done(nonce, "invoice.paid", invoice=invoice_id)
    try:
        paid = invoices.get(cid, invoice_id) if repeated else invoices.pay(cid, invoice_id, chosen, nonce)
    except BillingError as error:
        return failed(error, f"invoice-{invoice_id}", back=back)
    if not repeated:
        record("invoice.paid", invoice=invoice_id, number=paid.number, nonce=nonce)
    return done(_("Thank you, invoice %(number)s is paid.", number=paid.number or paid.id), "due-invoices",
                PAYABLE, to=back, trigger="invoice-paid", invoice=paid, wallet=None)
