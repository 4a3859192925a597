"""The merchant's own words in other languages, in the dashboard: what it offers, saves, removes and refuses."""
import pytest

from admin_settings.conftest import html
from portal_site import settings
from portal_site.i18n import LOCALE_NAMES
from portal_site.models import ActivityLog


def own_words(app):
    with app.test_request_context():
        return settings.current().own_words


def test_the_settings_page_offers_every_language_by_its_own_name(signed_in):
    page = html(signed_in.get("/admin/settings"))

    assert "Add a translation" in page
    for code, name in LOCALE_NAMES.items():
        assert f'value="{code}"' in page and name in page
    assert "العربية" in page and "日本語" in page and "Français" in page


def test_a_question_translation_is_saved_listed_edited_and_removed(app, signed_in):
    response = signed_in.post("/admin/settings/own-words", data={"language": "fr", "text": "  Que pourrions-nous améliorer ?  "})

    assert response.status_code == 303 and response.headers["Location"].endswith("/admin/settings#own-words")
    assert own_words(app).cancel_question == {"fr": "Que pourrions-nous améliorer ?"}
    page = html(signed_in.get("/admin/settings"))
    assert "Français: translation saved." in page and "Que pourrions-nous améliorer ?" in page
    assert 'value="Que pourrions-nous améliorer ?"' in html(signed_in.get("/admin/settings?translate=fr"))

    signed_in.post("/admin/settings/own-words", data={"language": "de", "text": "Was können wir besser machen?"})
    signed_in.post("/admin/settings/own-words", data={"language": "fr", "text": ""})

    assert own_words(app).cancel_question == {"de": "Was können wir besser machen?"}
    with app.app_context():
        assert ActivityLog.query.filter_by(action="own_words.saved").count() == 3


def test_saving_the_portal_settings_keeps_the_translations(app, signed_in):
    from admin_settings.conftest import features_form

    signed_in.post("/admin/settings/own-words", data={"language": "ja", "text": "改善できる点はありますか？"})
    assert signed_in.post("/admin/settings", data=features_form(cancel_custom_question="What could we do better?")).status_code == 302

    assert own_words(app).cancel_question == {"ja": "改善できる点はありますか？"}


@pytest.mark.parametrize(("data", "message"), [
    ({"language": "tlh", "text": "Qatlh?"}, "Choose one of the listed languages"),
    ({"language": "", "text": "Pourquoi ?"}, "Choose one of the listed languages"),
    ({"language": "fr", "text": "Pourquoi " + "x" * 200}, "200 characters or fewer"),
    ({"language": "fr", "text": "Pour\x00quoi ?"}, "control characters (such as NUL)"),
])
def test_a_bad_question_translation_is_refused_and_nothing_typed_is_lost(app, signed_in, data, message):
    response = signed_in.post("/admin/settings/own-words", data=data)

    page = html(response)
    assert response.status_code == 422
    assert message in page and "The translation was not saved" in page
    assert data["text"].replace("\x00", "")[:40] in page.replace("\x00", "").replace("&#39;", "'")
    assert own_words(app).cancel_question == {}


def test_htmx_gets_the_translations_section_with_the_refusal(signed_in):
    response = signed_in.post("/admin/settings/own-words", data={"language": "xx", "text": "Frage"},
                              headers={"HX-Request": "true"})

    page = html(response)
    assert response.status_code == 422
    assert 'id="own-words"' in page and "<html" not in page
    assert 'value="Frage"' in page


def test_a_product_translation_asks_for_the_languages_plural_forms(signed_in, stripe_v1):
    team = stripe_v1.products.create(params={"name": "Team", "unit_label": "seat"})

    page = html(signed_in.get(f"/admin/products/{team.id}"))
    assert "Add a translation" in page and "Polski" in page and "unit_few" not in page

    polish = html(signed_in.get(f"/admin/products/{team.id}?translate=pl"))
    assert 'name="unit_one"' in polish and 'name="unit_few"' in polish and 'name="unit_many"' in polish
    assert 'name="unit_two"' not in polish and "For 2, 3, 4, 22" in polish
    arabic = html(signed_in.get(f"/admin/products/{team.id}?translate=ar"))
    assert all(f'name="unit_{name}"' in arabic for name in ("zero", "one", "two", "few", "many", "other"))
    japanese = html(signed_in.get(f"/admin/products/{team.id}?translate=ja"))
    assert 'name="unit_other"' in japanese and 'name="unit_one"' not in japanese


def test_a_product_translation_is_saved_and_removed(app, signed_in, stripe_v1):
    team = stripe_v1.products.create(params={"name": "Team", "unit_label": "seat"})

    response = signed_in.post(f"/admin/products/{team.id}/own-words", data={
        "language": "pl", "description": "Cennik za stanowisko.\r\nDla zespołów.", "unit_one": "stanowisko",
        "unit_few": "stanowiska", "unit_many": "stanowisk", "unit_other": "",
    })

    assert response.status_code == 303 and response.headers["Location"].endswith(f"/admin/products/{team.id}#own-words")
    words = own_words(app).products[team.id]
    assert words.description == {"pl": "Cennik za stanowisko.\r\nDla zespołów."}  # a textarea's lines are kept
    assert words.unit_label == {"pl": {"one": "stanowisko", "few": "stanowiska", "many": "stanowisk"}}
    page = html(signed_in.get(f"/admin/products/{team.id}"))
    assert "Polski: translation saved." in page and "stanowiska" in page

    signed_in.post(f"/admin/products/{team.id}/own-words", data={"language": "pl"})
    assert own_words(app).products == {}


@pytest.mark.parametrize(("data", "message"), [
    ({"language": "klingon", "description": "Opis"}, "Choose one of the listed languages"),
    ({"language": "pl", "description": "Opis " + "x" * 2000}, "at most 2000 characters"),
    ({"language": "pl", "description": "Opis", "unit_one": "stanowiskostanowisko"}, "at most 12 characters"),
    ({"language": "pl", "description": "Op\x00is"}, "control characters (such as NUL)"),
    ({"language": "fr", "description": "Description", "unit_few": "sièges"}, "Français has no “few” form"),
])
def test_a_bad_product_translation_is_refused_and_nothing_typed_is_lost(app, signed_in, stripe_v1, data, message):
    team = stripe_v1.products.create(params={"name": "Team", "unit_label": "seat"})

    response = signed_in.post(f"/admin/products/{team.id}/own-words", data=data)

    page = html(response)
    assert response.status_code == 422
    assert message in page and "The translation was not saved" in page
    assert data["description"].replace("\x00", "")[:30] in page.replace("\x00", "")
    assert own_words(app).products == {}


def test_htmx_gets_the_section_back_with_the_notice_after_a_save(app, signed_in, stripe_v1):
    response = signed_in.post("/admin/settings/own-words", data={"language": "ko", "text": "무엇을 개선하면 좋을까요?"},
                              headers={"HX-Request": "true"})

    page = html(response)
    assert response.status_code == 200 and "<html" not in page
    assert "한국어: translation saved." in page and "무엇을 개선하면 좋을까요?" in page
    team = stripe_v1.products.create(params={"name": "Team", "unit_label": "seat"})
    response = signed_in.post(f"/admin/products/{team.id}/own-words", data={"language": "ja", "unit_other": "席"},
                              headers={"HX-Request": "true"})
    assert response.status_code == 200 and "日本語: translation saved." in html(response)
    assert own_words(app).products[team.id].unit_label == {"ja": {"other": "席"}}
