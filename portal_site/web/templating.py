"""What every template sees: branding, business links, the locale, form nonces and address lines."""
import secrets
from typing import Any

from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup

from portal_site import settings
from portal_site.i18n import LOCALE_NAMES, addresses, font_stack, html_lang, stripe_locale, text_direction
from portal_site.web.colors import is_hex, marker_on_light, text_on


def new_nonce() -> str:
    """A fresh value for a form's hidden `nonce`, from which idempotency keys are derived."""
    return secrets.token_urlsafe(18)


def init_app(app: Flask) -> None:
    # A line holding only a block tag leaves nothing in the output (no blank line, no indentation): most of the
    # account page's whitespace came from those lines. `+%}` keeps the newline where text needs it (text emails).
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    @app.context_processor
    def portal_context() -> dict[str, Any]:
        current = settings.current()
        branding = current.branding
        brand = branding.brand_color if is_hex(branding.brand_color) else settings.DEFAULTS["branding"]["brand_color"]
        accent = branding.accent_color if is_hex(branding.accent_color) else settings.DEFAULTS["branding"]["accent_color"]
        locale = str(get_locale() or "en")
        return {
            "branding": branding,
            "business": current.business,
            "portal_settings": current,
            "brand_text_color": text_on(brand),
            "accent_marker_color": marker_on_light(accent),
            "current_locale": locale,
            "html_lang": html_lang(locale),
            "text_direction": text_direction(locale),
            "font_stack": Markup(font_stack(locale)),  # names only, no markup; quoted for a style attribute
            "stripe_locale": stripe_locale(locale),
            "locale_names": LOCALE_NAMES,
        }
    app.jinja_env.filters["address_lines"] = addresses.lines
    # A global, not a context value: the macros that write a form's nonce (macros/forms.html, account/_macros.html)
    # are then imported without context, so Jinja builds them once rather than on every import of every page.
    app.jinja_env.globals["new_nonce"] = new_nonce
