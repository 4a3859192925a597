"""Invoice views: history with "load more", one invoice, paying an open invoice."""
from flask import abort, request, url_for
from flask_babel import gettext as _

from portal_site.account import actions
from portal_site.account.blueprint import bp
from portal_site.account.panels import features
from portal_site.billing import BillingError, client, invoices, payment_methods
from portal_site.signin.customer_sessions import customer_required
from portal_site.web import htmx

PANEL = "account/_invoices.html"
ROWS = "account/_invoice_rows.html"
PAYABLE = "account/_invoice_payable.html"

PAY = actions.Action("invoice.paid", "due-invoices", PAYABLE, lambda paid: {"invoice": paid, "wallet": None},
                     subject_key="invoice", trigger="invoice-paid")


@bp.get("/invoices")
@customer_required
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
@customer_required
def invoice(invoice_id):
    cid = actions.customer_id()
    try:
        found, wallet = client.parallel(lambda: invoices.get(cid, invoice_id), lambda: payment_methods.wallet(cid))
    except BillingError as error:
        return actions.refusal_in("invoices", error)
    return htmx.render("account/invoice.html", PAYABLE, invoice=found, wallet=wallet)


@bp.post("/invoices/<invoice_id>/pay")
@customer_required
def pay_invoice(invoice_id):
    run = actions.begin(PAY, invoice_id)
    chosen = request.form.get("payment_method") or None
    back = url_for("account.invoice", invoice_id=invoice_id)
    return run.finish(
        lambda key: invoices.pay(run.customer_id, invoice_id, chosen, key),
        replay=lambda: invoices.get(run.customer_id, invoice_id),
        notice=lambda paid: _("Thank you, invoice %(number)s is paid.", number=paid.number or paid.id),
        detail=lambda paid: {"number": paid.number},
        refused=lambda error, _run: actions.refusal_in(f"invoice-{invoice_id}", error, back=back),
        to=back,
    )
