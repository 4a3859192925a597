"""Which language a customer gets: the login link's ?locale=, their Stripe preference, the browser, the merchant."""
import re

import pytest

from portal_site.i18n import LOCALES
from tests.conftest import Mailbox

LANG = re.compile(r'<html lang="([^"]+)"')


def lang_of(response):
    return LANG.search(response.get_data(as_text=True)).group(1)


def text(response):
    return response.get_data(as_text=True)


def test_locale_on_the_login_link_is_kept_for_the_whole_sign_in(client, login_path, stripe_v1, mailbox):
    stripe_v1.customers.create(params={"email": "zoe@example.test"})
    page = client.get(f"{login_path}?locale=fr")
    assert lang_of(page) == "fr"
    assert "Connectez-vous pour gérer votre facturation" in text(page)

    client.post(login_path, data={"email": "zoe@example.test"})
    code_page = client.get(f"{login_path}/code", headers={"Accept-Language": "de"})
    assert lang_of(code_page) == "fr"
    assert "Consultez vos e-mails" in text(code_page)
    email = mailbox.wait(1)[0]
    assert email["Subject"].startswith("Votre code de connexion\u00a0: ")
    assert "Votre code de connexion est\u00a0:" in Mailbox.text(email)
    assert '<html lang="fr">' in Mailbox.html(email)


@pytest.mark.parametrize("unknown", ["xx", "klingon", "../../etc/passwd", "", "fr_FR_EXTRA_LONG" * 20])
def test_unknown_locales_fall_back_without_error(client, login_path, unknown):
    response = client.get(login_path, query_string={"locale": unknown}, headers={"Accept-Language": "es-ES"})
    assert response.status_code == 200
    assert lang_of(response) == "es"
    assert "Inicie sesión para gestionar su facturación" in text(response)


def test_regional_variants_use_their_language(client, login_path):
    assert lang_of(client.get(f"{login_path}?locale=de-AT")) == "de"
    assert lang_of(client.get(f"{login_path}?locale=fr_CA")) == "fr"


@pytest.mark.parametrize(("tag", "lang"), [
    ("pt-BR", "pt-BR"), ("pt_BR", "pt-BR"), ("pt", "pt-PT"), ("pt-PT", "pt-PT"), ("pt-AO", "pt-PT"),
    ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-Hans", "zh-Hans"), ("zh_Hans_SG", "zh-Hans"),
    ("no", "nb"), ("nb-NO", "nb"), ("nn", "nb"), ("ja-JP", "ja"), ("ko-KR", "ko"), ("sv-FI", "sv"),
])
def test_script_and_region_tags_choose_the_right_catalogue(client, login_path, tag, lang):
    assert lang_of(client.get(login_path, query_string={"locale": tag})) == lang


def test_arabic_pages_and_emails_are_right_to_left(client, login_path, stripe_v1, mailbox):
    stripe_v1.customers.create(params={"email": "samir@example.test"})
    page = text(client.get(login_path, query_string={"locale": "ar"}))
    assert '<html lang="ar" dir="rtl">' in page
    assert "سجّل الدخول لإدارة الفوترة الخاصة بك" in page
    assert 'dir="rtl"' not in text(client.get(login_path, query_string={"locale": "fr"}))
    client.get(login_path, query_string={"locale": "ar"})
    client.post(login_path, data={"email": "samir@example.test"})
    email = mailbox.wait(1)[0]
    assert email["Subject"].startswith("رمز تسجيل الدخول: ")
    assert '<html lang="ar" dir="rtl">' in Mailbox.html(email)


def test_traditional_chinese_is_not_given_simplified(client, login_path):
    for tag in ("zh-TW", "zh-Hant", "zh-HK", "zh-Hant-TW"):
        assert lang_of(client.get(login_path, query_string={"locale": tag}, headers={"Accept-Language": "en"})) == "en"


def test_a_regional_stripe_preference_picks_the_regional_catalogue(client, sign_in, stripe_v1):
    stripe_v1.customers.create(params={"email": "rui@example.test", "preferred_locales": ["zh-TW", "pt-BR", "en"]})
    sign_in("rui@example.test")
    account = client.get("/account/")
    assert lang_of(account) == "pt-BR"
    assert "Sua conta" in text(account)


@pytest.mark.parametrize(("header", "lang", "heading"), [
    ("de-DE,de;q=0.9,en;q=0.5", "de", "Melden Sie sich an, um Ihre Abrechnung zu verwalten"),
    ("tr-TR,fr;q=0.8", "fr", "Connectez-vous pour gérer votre facturation"),
    ("it-IT,fr;q=0.8", "it", "Acceda per gestire la sua fatturazione"),
    ("pt-BR,pt;q=0.9,en;q=0.5", "pt-BR", "Faça login para gerenciar sua cobrança"),
    ("pt-PT,pt;q=0.9", "pt-PT", "Inicie sessão para gerir a sua faturação"),
    ("pt", "pt-PT", "Inicie sessão para gerir a sua faturação"),
    ("zh-CN,zh;q=0.9", "zh-Hans", "登录以管理您的账单"),
    ("zh-Hans-SG", "zh-Hans", "登录以管理您的账单"),
    ("zh-TW,zh-Hant;q=0.9,de;q=0.5", "de", "Melden Sie sich an, um Ihre Abrechnung zu verwalten"),
    ("ja-JP", "ja", "サインインして請求情報を管理"),
    ("es-MX", "es", "Inicie sesión para gestionar su facturación"),
    ("en-GB", "en", "Sign in to manage your billing"),
])
def test_the_browser_language_is_used_when_nothing_else_was_chosen(client, login_path, header, lang, heading):
    response = client.get(login_path, headers={"Accept-Language": header})
    assert lang_of(response) == lang
    assert heading in text(response)


def test_the_merchant_default_applies_when_the_browser_asks_for_nothing_supported(
        client, login_path, merchant_default_locale):
    merchant_default_locale("de")
    assert lang_of(client.get(login_path)) == "de"
    assert lang_of(client.get(login_path, headers={"Accept-Language": "tr, uk;q=0.5"})) == "de"
    assert lang_of(client.get(login_path, headers={"Accept-Language": "es"})) == "es"


def test_an_unsupported_merchant_default_falls_back_to_english(client, login_path, merchant_default_locale):
    merchant_default_locale("tr-TR")
    response = client.get(login_path)
    assert response.status_code == 200
    assert lang_of(response) == "en"


def test_the_customers_preferred_locale_applies_after_sign_in(client, sign_in, subscribed_customer):
    subscribed_customer("lena@example.test", preferred_locales=["de-DE", "en"])
    email = sign_in("lena@example.test", **{"Accept-Language": "en-US"})
    assert email["Subject"].startswith("Your sign-in code")
    account = client.get("/account/", headers={"Accept-Language": "en-US"})
    assert lang_of(account) == "de"
    assert "Ihr Konto" in text(account)


def test_the_first_supported_preferred_locale_wins(client, sign_in, stripe_v1):
    stripe_v1.customers.create(params={"email": "ines@example.test", "preferred_locales": ["tr-TR", "es", "fr"]})
    sign_in("ines@example.test")
    assert lang_of(client.get("/account/")) == "es"


def test_a_locale_chosen_on_the_login_link_beats_the_stripe_preference(client, sign_in, stripe_v1):
    stripe_v1.customers.create(params={"email": "ana@example.test", "preferred_locales": ["de"]})
    sign_in("ana@example.test", query="?locale=es")
    assert lang_of(client.get("/account/")) == "es"


def test_the_language_switcher_changes_the_language_for_the_rest_of_the_session(client, sign_in, stripe_v1):
    stripe_v1.customers.create(params={"email": "noor@example.test", "preferred_locales": ["fr"]})
    sign_in("noor@example.test")
    assert lang_of(client.get("/account/")) == "fr"
    assert lang_of(client.get("/account/?locale=en")) == "en"
    assert lang_of(client.get("/account/")) == "en"


def test_signing_out_forgets_the_stripe_preference(client, sign_in, stripe_v1):
    stripe_v1.customers.create(params={"email": "jan@example.test", "preferred_locales": ["de"]})
    sign_in("jan@example.test")
    signed_out = client.post("/p/logout", follow_redirects=True)
    assert lang_of(signed_out) == "en"
    assert "You are signed out" in text(signed_out)


SWITCHER_OPTION = re.compile(r'<option value="(\w+)" lang="([\w-]+)"( selected)?>([^<]+)</option>')


@pytest.mark.parametrize("path", ["login", "account"])
def test_customer_pages_offer_every_language_in_its_own_name(client, login_path, sign_in, stripe_v1, path):
    if path == "account":
        stripe_v1.customers.create(params={"email": "kai@example.test"})
        sign_in("kai@example.test")
    page = text(client.get(login_path if path == "login" else "/account/", query_string={"locale": "de"}))
    switcher = page[page.index('<form class="language-switcher" method="get">'):]
    switcher = switcher[:switcher.index("</form>")]
    assert '<label for="language-switcher" class="visually-hidden">Sprache</label>' in switcher
    assert '<button type="submit" class="link-button">Sprache ändern</button>' in switcher
    options = SWITCHER_OPTION.findall(switcher)
    names = {code: name for code, _lang, _selected, name in options}
    assert [code for code, _lang, _selected, _name in options] == list(LOCALES)
    assert (names["en"], names["fr"], names["de"], names["es"]) == ("English", "Français", "Deutsch", "Español")
    assert names["pt_BR"] == "Português (Brasil)"
    assert all(lang == code.replace("_", "-") for code, lang, _selected, _name in options)
    assert [code for code, _lang, selected, _name in options if selected] == ["de"]


def test_the_switcher_sends_the_chosen_language_without_javascript(client, login_path):
    """The select's form is a plain GET to the same page: `?locale=` chooses the language for the session."""
    page = client.get(login_path, query_string={"locale": "pt_BR"})
    assert lang_of(page) == "pt-BR"
    assert lang_of(client.get(login_path)) == "pt-BR"
