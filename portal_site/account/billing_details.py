"""Billing details views: name, phone, billing and shipping address, tax IDs; each only when allowed.

The edit forms are not in the account page: each is fetched when the customer asks for it (htmx swaps it
in place of the edit link; without JavaScript the link opens a page with the form).
"""
from functools import partial

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal_site.account import actions
from portal_site.account.billing_forms import TaxIdForm, section_form
from portal_site.account.blueprint import bp
from portal_site.account.panels import features
from portal_site.billing import customer_details
from portal_site.billing.customer_details import InvalidTaxId
from portal_site.storage import cache
from portal_site.web import htmx

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


def _section_action(section):
    return actions.Action(
        f"billing.{section}", f"billing-{section}", SECTION,
        lambda details: {"section": section, "details": details},
        enabled=lambda _features: allowed(section))


SECTIONS = {section: _section_action(section) for section in SAVED}


def _tax_ids(tax_ids):
    return {"tax_ids": tax_ids}


TAX_ID_ADD = actions.Action("billing.tax_id_added", "billing-tax-ids", TAX_IDS, _tax_ids,
                            enabled=lambda _features: allowed("tax_id"))
TAX_ID_REMOVE = actions.Action("billing.tax_id_removed", "billing-tax-ids", TAX_IDS, _tax_ids,
                               subject_key="tax_id", enabled=lambda _features: allowed("tax_id"))


def _invalid(template, target, **context):
    """The form again with its errors and what was typed, in place of the form only (htmx) or as a page.

    The section around the form keeps showing the saved values while the person corrects the form.
    """
    response = htmx.render("account/panel_page.html", template, status=422, panel=template, **context)
    return htmx.retarget(response, f"#{target}", swap="outerHTML") if htmx.is_partial() else response


@bp.get("/billing/<any(name, phone, address, shipping):section>/edit")
def edit_section(section):
    """The section's form filled with what Stripe holds (the cached read of the account page)."""
    run = actions.begin(SECTIONS[section])
    details = cache.get_or_load(run.customer_id, "details", partial(customer_details.details, run.customer_id))
    return htmx.render("account/panel_page.html", SECTION_FORM, panel=SECTION_FORM, section=section, focus=True,
                       form=section_form(section, details))


@bp.get("/billing/tax-ids/add")
def tax_id_form():
    """The form to add a tax ID."""
    actions.begin(TAX_ID_ADD)
    return htmx.render("account/panel_page.html", TAX_ID_FORM, panel=TAX_ID_FORM, focus=True,
                       form=TaxIdForm(prefix="tax_id", formdata=None))


@bp.get("/billing/<any(address, shipping):section>/form")
def section_form_for_country(section):
    """The address form again as the newly chosen country asks for it, keeping what was typed."""
    actions.begin(SECTIONS[section])
    return htmx.render("account/panel_page.html", SECTION_FORM, panel=SECTION_FORM, section=section,
                       form=section_form(section, formdata=request.args))


@bp.post("/billing/<any(name, phone, address, shipping):section>")
def update_section(section):
    run = actions.begin(SECTIONS[section])
    form = section_form(section, formdata=request.form)
    if not form.validate():
        return _invalid(SECTION_FORM, f"billing-{section}-form", section=section, form=form)
    return run.finish(lambda key: customer_details.update(run.customer_id, section, form.data_for_stripe(), key),
                      notice=SAVED[section])


@bp.post("/billing/tax-ids")
def add_tax_id():
    run = actions.begin(TAX_ID_ADD)
    form = TaxIdForm(prefix="tax_id")
    if not form.validate():
        return _invalid(TAX_ID_FORM, "tax-id-add", form=form)

    def refused(error, run):
        if not isinstance(error, InvalidTaxId):
            return actions.panel_refusal(error, run)
        form.value.errors = [error.message]
        return _invalid(TAX_ID_FORM, "tax-id-add", form=form)

    return run.finish(
        lambda key: customer_details.add_tax_id(run.customer_id, form.type.data, form.value.data.strip(), key),
        notice=_("The tax ID was added."), detail={"type": form.type.data}, refused=refused)


@bp.post("/billing/tax-ids/<tax_id>/remove")
def remove_tax_id(tax_id):
    run = actions.begin(TAX_ID_REMOVE, tax_id)
    return run.finish(lambda key: customer_details.remove_tax_id(run.customer_id, tax_id, key),
                      replay=lambda: customer_details.tax_ids(run.customer_id),
                      notice=_("The tax ID was removed."))
