"""Templates' `_()`, `ngettext` and `{% trans %}` find the catalogue once per rendering, not once per string.

Flask-Babel's callables look the locale and its catalogue up again for every string: about a hundred times on
the account page, a sixth of its rendering time. Here each `render_template` puts the catalogue of the locale in
force when it starts into the template's context (so a `force_locale` around an email still holds), and the
callables read it from there; a template rendered without it (a macro imported without context) looks it up
as before.
"""
from typing import Any

from flask import Flask
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context

CATALOGUE = "_catalogue"


def _catalogue(context: Context) -> Any:
    found = context.get(CATALOGUE)
    return found if found is not None else get_translations()


@pass_context
def _gettext(context: Context, string: str) -> str:
    return _catalogue(context).ugettext(string)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, count: int) -> str:
    return _catalogue(context).ungettext(singular, plural, count)


@pass_context
def _pgettext(context: Context, message_context: str, string: str) -> str:
    return _catalogue(context).upgettext(message_context, string)


@pass_context
def _npgettext(context: Context, message_context: str, singular: str, plural: str, count: int) -> str:
    return _catalogue(context).unpgettext(message_context, singular, plural, count)


def init_app(app: Flask) -> None:
    """After Flask-Babel's own `init_app`, whose callables these replace."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext)
    app.context_processor(lambda: {CATALOGUE: get_translations()})
