"""Dashboard: the "Customer emails" card of the portal settings (each email on or off) and each email's preview."""
from flask import abort, current_app, flash, make_response, redirect, request, url_for

from portal_site import settings
from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.admin.settings_forms import (
    EMAIL_FIELDS,
    CustomerEmailsForm,
    changed_keys,
    form_data,
    settings_from_form,
)
from portal_site.i18n import LOCALE_NAMES, supported
from portal_site.notifications import KINDS, previews
from portal_site.settings.schema import to_storage
from portal_site.web import htmx
from portal_site.web.htmx import render
from portal_site.web.security import content_security_policy, csp_nonce

# The raw email shown in the preview's frame: its own inline styles and images, nothing else, framed only by us.
EMAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https: http:; frame-ancestors 'self'"


def emails_form() -> CustomerEmailsForm:
    return CustomerEmailsForm(data=form_data(EMAIL_FIELDS, settings.current()), prefix="emails")


def _render_card(form, status=200, saved=False):
    return render("admin/_customer_emails_form.html", "admin/_customer_emails_form.html", status=status,
                  emails_form=form, kinds=KINDS, saved=saved)


@bp.post("/settings/customer-emails")
def save_customer_emails():
    form = emails_form()
    if not form.validate():
        return _render_card(form, status=422)
    before = settings.current()
    after = settings_from_form(EMAIL_FIELDS, form, before)
    settings.save(after)
    audit.record("customer_emails.saved",
                 changed=changed_keys(to_storage(before.customer_emails), to_storage(after.customer_emails)))
    if htmx.is_partial():
        return _render_card(form, saved=True)
    flash("Customer email settings saved.", "success")
    return redirect(url_for("admin.portal_settings") + "#customer-emails")


def _kind_and_locale(name):
    kind = KINDS.get(name)
    if kind is None:
        abort(404)
    locale = supported(request.args.get("locale")) or supported(settings.current().default_locale) or "en"
    return kind, locale


@bp.get("/settings/customer-emails/<name>")
def customer_email_preview(name):
    kind, locale = _kind_and_locale(name)
    preview = previews.render(kind, locale)
    response = make_response(render("admin/customer_email_preview.html", kind=kind, preview=preview, locale=locale,
                                    locale_names=LOCALE_NAMES,
                                    enabled=getattr(settings.current().customer_emails, kind.name).enabled))
    # The page frames the email's HTML from this site (the default policy allows only Stripe's frames).
    policy = content_security_policy(current_app.config, csp_nonce()).replace("frame-src ", "frame-src 'self' ")
    response.headers["Content-Security-Policy"] = policy
    return response


@bp.get("/settings/customer-emails/<name>/email.html")
def customer_email_html(name):
    kind, locale = _kind_and_locale(name)
    response = make_response(previews.render(kind, locale).html)
    response.headers["Content-Security-Policy"] = EMAIL_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
