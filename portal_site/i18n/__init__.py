"""Languages: which locale a request uses, and money, dates and numbers formatted for it."""
import os
import re
from datetime import UTC, datetime, timedelta

from babel import Locale
from babel.dates import format_interval
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, has_request_context, request, session
from flask_babel import (
    format_currency,
    format_date,
    format_datetime,
    format_decimal,
    format_timedelta,
    get_locale,
    get_timezone,
)

from portal_site.billing.money import Money
from portal_site.i18n import own_words, template_gettext
from portal_site.i18n.own_words import unit_plural, units

__all__ = ["LOCALES", "own_words", "unit_plural", "units"]

LOCALES = ("en", "fr", "de", "es", "it", "nl", "pt_BR", "pt_PT", "ja", "zh_Hans", "ko", "sv", "da", "nb", "fi", "pl", "ar")


def _own_name(code: str) -> str:
    """A language named in itself, capitalised as a list entry: `Français`, `Português (Brasil)`."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


LOCALE_NAMES = {code: _own_name(code) for code in LOCALES}
LANGUAGE_TAG = re.compile(r"([a-z]{2,3})((?:[-_][a-z0-9]{1,8})*)", re.IGNORECASE)
TRADITIONAL_CHINESE = {"hant", "tw", "hk", "mo"}
# Stripe's own locale names (Stripe.js, Checkout) where they differ from the portal's.
STRIPE_LOCALES = {"pt_BR": "pt-BR", "pt_PT": "pt", "zh_Hans": "zh"}


def _variant(language: str, subtags: set[str]) -> str | None:
    """The catalogue for a language and its script/region subtags: Brazilian or European Portuguese,
    Simplified Chinese (Traditional is not offered), Norwegian Bokmål for any Norwegian."""
    if language == "pt":
        return "pt_BR" if "br" in subtags else "pt_PT"
    if language == "zh":
        return None if subtags & TRADITIONAL_CHINESE and "hans" not in subtags else "zh_Hans"
    if language in ("no", "nn"):
        return "nb"
    return language


def supported(value: object) -> str | None:
    """The supported locale for a language tag such as `fr`, `fr-CA`, `de_AT`, `pt-BR` or `zh-Hans-CN`, else None."""
    value = str(value or "")
    match = LANGUAGE_TAG.fullmatch(value) if len(value) <= 35 else None
    if not match:
        return None
    subtags = {part.lower() for part in re.split(r"[-_]", match.group(2)) if part}
    code = _variant(match.group(1).lower(), subtags)
    return code if code in LOCALES else None


def html_lang(code: str) -> str:
    """The BCP 47 tag for a locale code, for `lang` and `hreflang`: `pt-BR`, `zh-Hans`."""
    return code.replace("_", "-")


def stripe_locale(code: str) -> str:
    """The locale Stripe.js is started with for a portal locale."""
    return STRIPE_LOCALES.get(code, html_lang(code))


def text_direction(code: str) -> str:
    """`rtl` for right-to-left scripts (Arabic), else `ltr`."""
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


LATIN_FONTS = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial"
# Each CJK language's system fonts (macOS/iOS, Windows, then Noto CJK on Linux and Android), as in portal.css.
CJK_FONTS = {
    "ja": "'Hiragino Sans','Hiragino Kaku Gothic ProN','Yu Gothic',Meiryo,'Noto Sans CJK JP'",
    "zh_Hans": "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC'",
    "ko": "'Apple SD Gothic Neo','Malgun Gothic','Noto Sans CJK KR'",
}


def font_stack(code: str) -> str:
    """A CSS font-family for an email in `code`: Latin system fonts, then the language's own CJK fonts first (Han
    characters are drawn differently in Japanese and Chinese), then the other CJK fonts for names, then sans-serif."""
    cjk = [CJK_FONTS[code]] if code in CJK_FONTS else []
    cjk += [fonts for language, fonts in CJK_FONTS.items() if language != code]
    return ",".join([LATIN_FONTS, *cjk, "sans-serif"])


def select_locale() -> str:
    """`?locale=` kept in the session, then the customer's Stripe preference, browser, merchant default."""
    from portal_site import settings

    if not has_request_context():
        return supported(settings.current().default_locale) or "en"
    chosen = supported(request.args.get("locale"))
    if chosen:
        session["locale"] = chosen
        return chosen
    for candidate in (session.get("locale"), session.get("customer_locale")):
        if found := supported(candidate):
            return found
    browser = next(filter(None, (supported(tag) for tag, _quality in request.accept_languages)), None)
    return browser or supported(settings.current().default_locale) or "en"


def money(value: Money | int | None, currency: str | None = None) -> str:
    """`Money` or an amount in minor units, formatted for the current locale."""
    if not isinstance(value, Money):
        value = Money(int(value or 0), currency or "usd")
    return format_currency(value.decimal, value.currency.upper())


def number(value: float | int) -> str:
    """A number for the current locale: `12,5` in French, `1.234` in German."""
    return format_decimal(value)


def _moment(value: datetime | int | float) -> datetime:
    """Stripe's unix timestamps become aware datetimes; datetimes pass through."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    return value


def date(value: datetime | int | float | None, fmt: str = "medium") -> str:
    return format_date(_moment(value), fmt) if value else ""


def date_range(start: datetime | int | float, end: datetime | int | float) -> str:
    """Two days as the locale writes a range: `Nov 24 – Dec 24, 2026`, `24 nov. – 24 déc. 2026`."""
    return format_interval(_moment(start), _moment(end), "yMMMd", locale=get_locale(), tzinfo=get_timezone())


def date_time(value: datetime | int | float | None, fmt: str = "medium") -> str:
    return format_datetime(_moment(value), fmt) if value else ""


def when(value: datetime | int | float) -> str:
    """When something happened, as people say it: "5 minutes ago" within a day, else the date and time.

    Relative words need no time zone, which the portal does not know for a customer.
    """
    moment = _moment(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    elapsed = datetime.now(UTC) - moment
    if timedelta(0) <= elapsed < timedelta(days=1):
        return format_timedelta(-elapsed, granularity="minute", add_direction=True)
    return date_time(moment, "short")


def compile_catalogs(directory: str) -> None:
    """Compile each `.po` whose `.mo` is missing or older, so a fresh checkout needs no build step."""
    for root, _dirs, files in os.walk(directory):
        for name in files:
            if not name.endswith(".po"):
                continue
            po_path = os.path.join(root, name)
            mo_path = po_path[:-3] + ".mo"
            if os.path.exists(mo_path) and os.path.getmtime(mo_path) >= os.path.getmtime(po_path):
                continue
            with open(po_path, "rb") as po_file:
                catalog = read_po(po_file)
            tmp_path = f"{mo_path}.{os.getpid()}.tmp"
            with open(tmp_path, "wb") as mo_file:
                write_mo(mo_file, catalog)
            os.replace(tmp_path, mo_path)


def init_app(app: Flask) -> None:
    compile_catalogs(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    template_gettext.init_app(app)
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["date"] = date
    app.jinja_env.filters["datetime"] = date_time
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["date_range"] = date_range
    app.jinja_env.filters["units"] = units
    app.jinja_env.globals.update(
        own_description=own_words.description, own_unit_label=own_words.unit_label,
    )
