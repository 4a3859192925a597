"""The merchant's own words in the customer's language: the cancellation question, product descriptions and
unit labels, each as given for the current locale in the dashboard (`settings.own_words`), else the default.

A translation replaces the default, it does not add anything: the question is asked and the quantity counted
in units only when the default question or unit label is set. A unit label is given per plural category of
the language (CLDR's: "one", "two", "few", "many", "other"; Babel's `Locale.plural_form`), so "3 miejsca" and
"5 miejsc" read right; a category left empty uses "other", and then the default label.
"""
from babel import Locale
from flask_babel import get_locale, ngettext

from portal_site import settings
from portal_site.settings.schema import ProductWords

# Categories in the order a merchant fills them, with numbers that fall in each, for the dashboard.
CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")
EXAMPLES = tuple(range(0, 30)) + (100, 101, 102, 103, 111, 1000, 1000000)
TEXT_LIMITS = {"cancel_question": 200, "description": 2000, "unit_label": 12}


def _code() -> str:
    locale = get_locale()
    return str(locale) if locale else "en"


def plural_categories(code: str) -> list[tuple[str, str]]:
    """The plural categories of a language with a few numbers in each: [("one", "1, 21, 31…"), ("other", "…")]."""
    rule = Locale.parse(code).plural_form
    found: dict[str, list[int]] = {}
    for count in EXAMPLES:
        found.setdefault(rule(count), []).append(count)
    return [(name, ", ".join(str(n) for n in found[name][:4]) + ("…" if len(found[name]) > 4 else ""))
            for name in CATEGORY_ORDER if name in found]


def cancel_question(default: str) -> str:
    """The custom cancellation question in the customer's language ("" when the merchant asks none)."""
    if not default:
        return ""
    return settings.current().own_words.cancel_question.get(_code()) or default


def _product(product_id: str | None) -> ProductWords | None:
    return settings.current().own_words.products.get(product_id or "")


def description(product_id: str | None, default: str | None) -> str:
    """A product's description in the customer's language, else its own."""
    words = _product(product_id)
    return (words.description.get(_code()) if words else None) or default or ""


def _unit_forms(product_id: str | None) -> dict[str, str]:
    words = _product(product_id)
    return (words.unit_label.get(_code()) or {}) if words else {}


def unit_label(product_id: str | None, default: str | None) -> str:
    """The unit as in "per seat": the language's singular ("one", else "other"), else the default label."""
    if not default:
        return ""
    forms = _unit_forms(product_id)
    return forms.get("one") or forms.get("other") or default


def unit_plural(label: str) -> str:
    """The plural of a product's unit label. Stripe keeps one label, the merchant's word for one unit
    (usually an English noun: "seat", "user", "license"); its plural follows English spelling rules.
    An abbreviation ("GB", "API") or a label that is not plain English letters stays as it is."""
    if not label or not label[-1:].isalpha() or not label.isascii() or label.isupper():
        return label
    if label.endswith(("s", "x", "z", "ch", "sh")):
        return label + "es"
    if label.endswith("y") and label[-2:-1].lower() not in "aeiou":
        return label[:-1] + "ies"
    return label + "s"


def units(count: int, default: str, product_id: str | None = None) -> str:
    """"5 seats", "1 seat", "5 miejsc": a quantity with the unit label in the form the language uses for it."""
    forms = _unit_forms(product_id)
    locale = get_locale()
    category = locale.plural_form(count) if locale else ("one" if count == 1 else "other")
    if forms:
        word = forms.get(category) or forms.get("other") or forms.get("one") or default
    else:
        word = default if category == "one" else unit_plural(default)
    return ngettext("%(num)s %(unit)s", "%(num)s %(unit)s", count, unit=word)
