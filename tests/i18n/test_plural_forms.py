"""Counted phrases in each language's plural forms: prices billed every N periods, the passcode's life in the email,
"Pay all N invoices"; and the order of Arabic's six forms, which is the catalogue's own, not CLDR's."""
import pytest
from babel import Locale
from babel.messages.pofile import read_po
from flask import render_template, render_template_string
from flask_babel import ngettext

from portal_site.billing.money import Money
from portal_site.billing.subscriptions import Plan
from portal_site.i18n import LOCALES

PRICE = '{% import "account/_subscription_macros.html" as m %}{{ m.price_phrase(plan) }}'


def plan(count, interval="month", unit_label=None):
    return Plan(price_id="price_x", product_id="prod_x", product_name="Pro", product_image=None,
                amount=Money(1500, "usd"), interval=interval, interval_count=count, unit_label=unit_label)


def catalogue(code):
    with open(f"portal_site/translations/{code}/LC_MESSAGES/messages.po", "rb") as po_file:
        return read_po(po_file, locale=code)


def test_arabic_forms_follow_the_catalogues_plural_forms_header():
    """Babel writes Arabic catalogues with form 4 for 100-102 (n % 100 in 0..2) and form 5 for 11-99, while CLDR's
    order (babel.plural.to_gettext) puts "many" (11-99) at 4: translators fill the forms in the header's order."""
    header = catalogue("ar").plural_expr
    assert header.startswith("(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4")
    rule = Locale.parse("ar").plural_form
    assert [rule(n) for n in (0, 1, 2, 3, 11, 100)] == ["zero", "one", "two", "few", "many", "other"]


@pytest.mark.parametrize(("locale", "count", "expected"), [
    ("ar", 1, "15.00 US$ شهريًا"),
    ("ar", 2, "15.00 US$ كل شهرين (2)"),
    ("ar", 3, "15.00 US$ كل 3 أشهر"),
    ("ar", 10, "15.00 US$ كل 10 أشهر"),
    ("ar", 11, "15.00 US$ كل 11 شهرًا"),
    ("ar", 99, "15.00 US$ كل 99 شهرًا"),
    ("ar", 100, "15.00 US$ كل 100 شهر"),
    ("pl", 2, "15,00 USD co 2 miesiące"),
    ("pl", 5, "15,00 USD co 5 miesięcy"),
    ("pl", 12, "15,00 USD co 12 miesięcy"),
    ("pl", 22, "15,00 USD co 22 miesiące"),
    ("fr", 3, "15,00 $US tous les 3 mois"),
    ("en", 3, "$15.00 every 3 months"),
    ("ja", 3, "3か月ごとに$15.00"),
])
def test_prices_billed_every_n_months_use_the_languages_plural_form(app, locale, count, expected):
    with app.test_request_context(f"/?locale={locale}"):
        assert render_template_string(PRICE, plan=plan(count)).replace("\u00a0", " ").replace("\u200f", "") == expected


@pytest.mark.parametrize(("locale", "interval", "count", "expected"), [
    ("ar", "year", 11, "كل 11 سنةً"), ("ar", "week", 3, "كل 3 أسابيع"), ("ar", "day", 100, "كل 100 يوم"),
    ("pl", "year", 5, "co 5 lat"), ("pl", "week", 2, "co 2 tygodnie"), ("de", "week", 2, "alle 2 Wochen"),
])
def test_years_weeks_and_days_too(app, locale, interval, count, expected):
    with app.test_request_context(f"/?locale={locale}"):
        assert expected in render_template_string(PRICE, plan=plan(count, interval))


def test_a_unit_price_every_n_months_is_counted_too(app):
    with app.test_request_context("/?locale=ar"):
        assert "لكل seat كل 11 شهرًا" in render_template_string(PRICE, plan=plan(11, unit_label="seat"))


@pytest.mark.parametrize(("locale", "minutes", "expected"), [
    ("ar", 10, "تنتهي صلاحيته بعد 10 دقائق"),
    ("ar", 15, "تنتهي صلاحيته بعد 15 دقيقةً"),
    ("pl", 10, "Kod wygasa za 10 minut"),
    ("pl", 2, "Kod wygasa za 2 minuty"),
    ("en", 1, "It expires in 1 minute and"),
    ("en", 10, "It expires in 10 minutes and"),
])
def test_the_passcode_email_says_the_codes_life_in_the_plural_form(app, locale, minutes, expected):
    with app.test_request_context(f"/?locale={locale}"):
        assert expected in render_template("email/passcode.txt", code="123456", minutes=minutes)
        assert expected in render_template("email/passcode.html", code="123456", minutes=minutes)


@pytest.mark.parametrize(("locale", "count", "expected"), [
    ("en", 3, "Pay all 3 invoices: $9.00"), ("pl", 5, "Opłać wszystkie faktury (5): $9.00"),
    ("ar", 2, "دفع الفاتورتين (2): $9.00"), ("de", 2, "Alle 2 Rechnungen bezahlen: $9.00"),
])
def test_pay_all_n_invoices_is_counted(app, locale, count, expected):
    with app.test_request_context(f"/?locale={locale}"):
        assert ngettext("Pay %(num)s invoice: %(total)s", "Pay all %(num)s invoices: %(total)s", count,
                        total="$9.00") == expected


@pytest.mark.parametrize("code", [code for code in LOCALES if code != "en"])
def test_every_plural_entry_has_each_form_of_the_language(code):
    found = catalogue(code)
    plurals = [message for message in found if message.id and isinstance(message.id, tuple)]
    assert len(plurals) >= 17
    for message in plurals:
        assert len(message.string) == found.num_plurals and all(message.string), (code, message.id[0])


@pytest.mark.parametrize(("locale", "lang", "direction", "first_cjk"), [
    ("ja", "ja", "ltr", "'Hiragino Sans'"), ("zh_Hans", "zh-Hans", "ltr", "'PingFang SC'"),
    ("ko", "ko", "ltr", "'Apple SD Gothic Neo'"), ("ar", "ar", "rtl", "'Hiragino Sans'"),
    ("fr", "fr", "ltr", "'Hiragino Sans'"),
])
def test_the_sign_in_email_has_lang_dir_and_fonts_for_cjk(app, locale, lang, direction, first_cjk):
    with app.test_request_context(f"/?locale={locale}"):
        page = render_template("email/passcode.html", code="123456", minutes=10)
    assert f'<body lang="{lang}" dir="{direction}"' in page
    assert f'<table role="presentation" lang="{lang}" dir="{direction}"' in page
    fonts = page.split("font-family:", 1)[1].split(";", 1)[0]
    assert fonts.startswith("-apple-system,'Segoe UI'") and fonts.endswith(",sans-serif")
    assert fonts.index(first_cjk) == min(fonts.index(name) for name in
                                         ("'Hiragino Sans'", "'PingFang SC'", "'Apple SD Gothic Neo'"))
    assert "Noto Sans CJK JP" in fonts and "Noto Sans CJK SC" in fonts and "Noto Sans CJK KR" in fonts
