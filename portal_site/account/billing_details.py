"""Billing details views: name, phone, billing and shipping address, tax IDs; each only when allowed."""
from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal_site.account.billing_forms import TaxIdForm, section_form
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
from portal_site.billing import BillingError, customer_details
from portal_site.billing.customer_details import InvalidTaxId
from portal_site.signin.customer_sessions import customer_required
from portal_site.web.htmx import render, wants_fragment

SECTION = "account/_billing_section.html"
SECTION_FORM = "account/_billing_form.html"
TAX_IDS = "account/_tax_ids.html"
TAX_ID_FORM = "account/_tax_id_form.html"
SAVED = {
    "name": _l("Your name was saved."),
    "phone": _l("Your phone number was saved."),
    "address": _l("Your billing address was saved."),
    "shipping": _l("Your shipping address was saved."),
}


def allowed(section):
    update = features().customer_update
    return bool(update.enabled) and section in update.allowed_updates


def _invalid(template, target, **context):
    """The form again with its errors and what was typed, in place of the form only (htmx) or as a page.

    The section around the form keeps showing the saved values while the person corrects the form.
    """
    response = render("account/panel_page.html", template, status=422, panel=template, **context)
    if wants_fragment():
        response.headers["HX-Retarget"] = f"#{target}"
        response.headers["HX-Reswap"] = "outerHTML"
    return response


@bp.get("/billing/<any(address, shipping):section>/form")
@customer_required
def section_form_for_country(section):
    """The address form again as the newly chosen country asks for it, keeping what was typed."""
    require(allowed(section))
    return render("account/panel_page.html", SECTION_FORM, panel=SECTION_FORM, section=section, editing=True,
                  form=section_form(section, formdata=request.args))


@bp.post("/billing/<any(name, phone, address, shipping):section>")
@customer_required
def update_section(section):
    require(allowed(section))
    form = section_form(section, formdata=request.form)
    if not form.validate():
        return _invalid(SECTION_FORM, f"billing-{section}-form", section=section, form=form, editing=True)
    try:
        details = customer_details.update(customer_id(), section, form.data_for_stripe(), form_nonce())
    except BillingError as error:
        return failed(error, f"billing-{section}")
    if not already_done(form_nonce(), f"billing.{section}"):
        record(f"billing.{section}", nonce=form_nonce())
    return done(SAVED[section], f"billing-{section}", SECTION,
                section=section, form=section_form(section, details), details=details)


@bp.post("/billing/tax-ids")
@customer_required
def add_tax_id():
    require(allowed("tax_id"))
    form = TaxIdForm(prefix="tax_id")
    if not form.validate():
        return _invalid(TAX_ID_FORM, "tax-id-add", form=form)
    try:
        tax_ids = customer_details.add_tax_id(customer_id(), form.type.data, form.value.data.strip(), form_nonce())
    except InvalidTaxId as error:
        form.value.errors = [error.message]
        return _invalid(TAX_ID_FORM, "tax-id-add", form=form)
    except BillingError as error:
        return failed(error, "billing-tax-ids")
    if not already_done(form_nonce(), "billing.tax_id_added"):
        record("billing.tax_id_added", type=form.type.data, nonce=form_nonce())
    return done(_("The tax ID was added."), "billing-tax-ids", TAX_IDS,
                form=TaxIdForm(prefix="tax_id", formdata=None), tax_ids=tax_ids)


@bp.post("/billing/tax-ids/<tax_id>/remove")
@customer_required
def remove_tax_id(tax_id):
    require(allowed("tax_id"))
    nonce = form_nonce()
    try:
        if already_done(nonce, "billing.tax_id_removed", tax_id=tax_id):
            tax_ids = customer_details.tax_ids(customer_id())
        else:
            tax_ids = customer_details.remove_tax_id(customer_id(), tax_id, nonce)
            record("billing.tax_id_removed", tax_id=tax_id, nonce=nonce)
    except BillingError as error:
        return failed(error, "billing-tax-ids")
    return done(_("The tax ID was removed."), "billing-tax-ids", TAX_IDS,
                form=TaxIdForm(prefix="tax_id", formdata=None), tax_ids=tax_ids)

