"""Money, dates and numbers are formatted by Babel for the customer's language, never by hand."""
from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string

from portal_site.billing.money import Money
from portal_site.i18n import unit_plural

MARCH_5_2026 = int(datetime(2026, 3, 5, 12, 30, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(("locale", "money", "expected"), [
    ("en", Money(123400, "usd"), "$1,234.00"),
    ("en", Money(123400, "eur"), "€1,234.00"),
    ("fr", Money(123400, "eur"), "1\u202f234,00\u00a0€"),
    ("de", Money(123400, "eur"), "1.234,00\u00a0€"),
    ("es", Money(123400, "eur"), "1.234,00\u00a0€"),
    ("fr", Money(123400, "usd"), "1\u202f234,00\u00a0$US"),
    ("en", Money(5000, "jpy"), "¥5,000"),
    ("de", Money(-1999, "eur"), "-19,99\u00a0€"),
    ("ja", Money(5000, "jpy"), "￥5,000"),
    ("ja", Money(123400, "usd"), "$1,234.00"),
    ("it", Money(123400, "eur"), "1.234,00\u00a0€"),
    ("nl", Money(123400, "eur"), "€\u00a01.234,00"),
    ("sv", Money(1234500, "sek"), "12\u00a0345,00\u00a0kr"),
    ("nb", Money(123400, "nok"), "1\u00a0234,00\u00a0kr"),
    ("da", Money(123400, "dkk"), "1.234,00\u00a0kr."),
    ("fi", Money(123400, "eur"), "1\u00a0234,00\u00a0€"),
    ("pl", Money(123400, "pln"), "1\u00a0234,00\u00a0zł"),
    ("pt_BR", Money(123400, "brl"), "R$\u00a01.234,00"),
    ("pt_PT", Money(123400, "eur"), "1\u00a0234,00\u00a0€"),
    ("zh_Hans", Money(123400, "cny"), "¥1,234.00"),
    ("ko", Money(1234500, "krw"), "₩1,234,500"),
])
def test_money_is_formatted_for_the_locale(app, locale, money, expected):
    with app.test_request_context(f"/?locale={locale}"):
        assert render_template_string("{{ amount|money }}", amount=money) == expected


def test_minor_units_with_a_currency_are_money_too(app):
    with app.test_request_context("/?locale=fr"):
        assert render_template_string("{{ 123400|money('eur') }}") == "1\u202f234,00\u00a0€"


@pytest.mark.parametrize(("locale", "day", "moment"), [
    ("en", "Mar 5, 2026", "3/5/26, 12:30\u202fPM"),
    ("fr", "5 mars 2026", "05/03/2026 12:30"),
    ("de", "05.03.2026", "05.03.26, 12:30"),
    ("es", "5 mar 2026", "5/3/26, 12:30"),
    ("ja", "2026/03/05", "2026/03/05 12:30"),
    ("zh_Hans", "2026年3月5日", "2026/3/5 12:30"),
    ("pt_BR", "5 de mar. de 2026", "05/03/2026 12:30"),
    ("pt_PT", "05/03/2026", "05/03/26, 12:30"),
])
def test_dates_from_stripe_timestamps_are_formatted_for_the_locale(app, locale, day, moment):
    with app.test_request_context(f"/?locale={locale}"):
        assert render_template_string("{{ ts|date }}", ts=MARCH_5_2026) == day
        assert render_template_string("{{ ts|datetime('short') }}", ts=MARCH_5_2026) == moment
        assert render_template_string("{{ none|date }}", none=None) == ""


@pytest.mark.parametrize(("locale", "same_year", "across_years"), [  # CLDR puts thin spaces around the dash
    ("en", "Mar 5\u2009–\u2009Apr 5, 2026", "Mar 5, 2026\u2009–\u2009Mar 5, 2027"),
    ("fr", "5 mars\u2009–\u20095 avr. 2026", "5 mars 2026\u2009–\u20095 mars 2027"),
    ("de", "5. März\u2009–\u20095. Apr. 2026", "5. März 2026\u2009–\u20095. März 2027"),
    ("es", "5 mar\u2009–\u20095 abr 2026", "5 mar 2026\u2009–\u20095 mar 2027"),
])
def test_billing_periods_are_written_as_the_locale_writes_a_range(app, locale, same_year, across_years):
    with app.test_request_context(f"/?locale={locale}"):
        template = "{{ start|date_range(end) }}"
        assert render_template_string(template, start=MARCH_5_2026, end=MARCH_5_2026 + 31 * 86400) == same_year
        assert render_template_string(template, start=MARCH_5_2026, end=MARCH_5_2026 + 365 * 86400) == across_years


def test_the_account_page_shows_amounts_in_the_customers_language(client, sign_in, subscribed_customer):
    subscribed_customer("marie@example.test", currency="eur", preferred_locales=["fr-FR"])
    sign_in("marie@example.test")
    french = client.get("/account/").get_data(as_text=True)
    assert "1\u202f234,00\u00a0€ par mois" in french
    english = client.get("/account/?locale=en").get_data(as_text=True)
    assert "€1,234.00 per month" in english


@pytest.mark.parametrize(("locale", "value", "expected"), [
    ("en", 12.5, "12.5"), ("fr", 12.5, "12,5"), ("de", 1234567, "1.234.567"), ("fr", 20.0, "20"),
])
def test_numbers_are_formatted_for_the_locale(app, locale, value, expected):
    with app.test_request_context(f"/?locale={locale}"):
        assert render_template_string("{{ value|number }}", value=value) == expected


@pytest.mark.parametrize(("locale", "minutes", "expected"), [
    ("en", 5, "5 minutes ago"), ("fr", 5, "il y a 5 minutes"), ("de", 180, "vor 3 Stunden"),
    ("es", 0, "hace 1 minuto"),
])
def test_recent_moments_are_said_in_words_of_the_locale(app, locale, minutes, expected):
    moment = datetime.now(UTC) - timedelta(minutes=minutes)
    with app.test_request_context(f"/?locale={locale}"):
        assert render_template_string("{{ moment|when }}", moment=moment) == expected
        assert render_template_string("{{ moment|when }}", moment=moment.replace(tzinfo=None)) == expected


def test_older_moments_are_a_date_and_time(app):
    with app.test_request_context("/?locale=fr"):
        assert render_template_string("{{ moment|when }}", moment=MARCH_5_2026) == "05/03/2026 12:30"


@pytest.mark.parametrize("label, plural", [("seat", "seats"), ("license", "licenses"), ("box", "boxes"),
                                           ("company", "companies"), ("GB", "GB"), ("API", "API"), ("m²", "m²")])
def test_a_unit_label_is_pluralised_as_english_but_abbreviations_stay(label, plural):
    assert unit_plural(label) == plural
