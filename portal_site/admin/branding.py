"""Dashboard views for branding: the form, its live preview of the sign-in page, and the preview's colors."""
import re

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from portal_site import settings
from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.admin.branding_forms import (
    BrandingForm,
    contrast_warnings,
    form_data,
    normalize_color,
)
from portal_site.admin.settings_forms import changed_keys
from portal_site.settings.schema import to_storage
from portal_site.web import htmx
from portal_site.web.colors import is_hex, text_on
from portal_site.web.htmx import render

HEX_DIGITS = re.compile(r"[0-9a-f]{6}")


def _preview(form):
    """What the preview shows: the colors and name as typed when they are valid, else the saved ones."""
    saved = settings.current().branding
    brand = normalize_color(form.brand_color.data)
    accent = normalize_color(form.accent_color.data)
    brand = brand if is_hex(brand) else saved.brand_color
    accent = accent if is_hex(accent) else saved.accent_color
    return {
        "business_name": (form.business_name.data or "").strip() or saved.business_name,
        "brand_color": brand,
        "accent_color": accent,
        "logo_key": form.image_key("logo"),
        "icon_key": form.image_key("icon"),
        "headline": settings.current().business.headline,
        "css_url": url_for("admin.branding_preview_css", brand=brand[1:], accent=accent[1:]),
        "warnings": contrast_warnings(brand, accent),
    }


def _render(form, status=200, saved=False, confirm=None):
    return render(
        "admin/branding.html",
        "admin/_branding_form.html",
        status=status,
        form=form,
        preview=_preview(form),
        saved=saved,
        confirm=confirm,
    )


@bp.get("/branding")
def branding():
    return _render(BrandingForm(data=form_data(settings.current().branding)))


@bp.post("/branding")
def save_branding():
    before = settings.current().branding
    form = BrandingForm(data=form_data(before))
    if not form.validate():
        return _render(form, status=form.refused_status)
    warnings = contrast_warnings(form.brand_color.data, form.accent_color.data)
    if warnings and not form.save_anyway.data:
        return _render(form, status=422, confirm=warnings)
    values = form.branding()
    settings.save({"branding": values})
    audit.record("branding.saved", changed=changed_keys(to_storage(before), values), contrast_warnings=len(warnings))
    if htmx.is_partial():
        return _render(form, saved=True)
    flash("Branding saved. Customers see it on their next page.", "success")
    return redirect(url_for("admin.branding"))


@bp.post("/branding/preview")
def preview_branding():
    """htmx: the preview fragment for what is typed; without JavaScript: the page with that preview."""
    form = BrandingForm(data=form_data(settings.current().branding))
    if htmx.is_partial():
        return render("admin/_branding_preview.html", preview=_preview(form))
    return _render(form)


@bp.get("/branding/preview.css")
def branding_preview_css():
    """The preview's colors as a stylesheet: the CSP allows no inline style attributes."""
    brand = request.args.get("brand", "").lower()
    accent = request.args.get("accent", "").lower()
    if not (HEX_DIGITS.fullmatch(brand) and HEX_DIGITS.fullmatch(accent)):
        abort(404)
    css = render_template(
        "admin/branding_preview.css", brand=f"#{brand}", accent=f"#{accent}", brand_text=text_on(f"#{brand}")
    )
    response = make_response(css)
    response.mimetype = "text/css"
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
