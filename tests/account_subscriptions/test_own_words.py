"""The merchant's own words on customer pages, in the customer's language where the merchant gave them, else the
default: the cancellation question, the product's description and its unit label in the language's plural forms."""
import pytest

from account_subscriptions.helpers import text
from portal_site import settings


@pytest.fixture
def own_words(app, catalog, stripe_v1):
    """A question and the Pro product's words in French and Polish (none in German), over English defaults."""
    pro = catalog["pro_monthly"].product
    stripe_v1.products.update(pro, params={"description": "For growing teams."})
    with app.test_request_context():
        settings.save({
            "features": {"subscription_cancel": {"custom_question": "What could we do better?"}},
            "own_words": {
                "cancel_question": {"fr": "Que pourrions-nous améliorer ?", "pl": "Co moglibyśmy poprawić?"},
                "products": {pro: {
                    "description": {"fr": "Pour les équipes qui grandissent.", "pl": "Dla rosnących zespołów."},
                    "unit_label": {"fr": {"one": "poste", "many": "postes", "other": "postes"},
                                   "pl": {"one": "stanowisko", "few": "stanowiska", "many": "stanowisk"}},
                }},
            },
        })
    return catalog


def test_the_cancellation_question_is_asked_in_the_customers_language_else_the_default(
        signed_in, customer, own_words, subscribe):
    sub = subscribe(customer, own_words["pro_monthly"])
    url = f"/account/subscriptions/{sub.id}/cancel"

    assert "Que pourrions-nous améliorer ? (facultatif)" in text(signed_in.get(f"{url}?locale=fr"))
    assert "Co moglibyśmy poprawić?" in text(signed_in.get(f"{url}?locale=pl"))
    german = text(signed_in.get(f"{url}?locale=de"))
    assert "What could we do better?" in german and "Que pourrions" not in german


def test_no_default_question_means_no_question_in_any_language(app, signed_in, customer, own_words, subscribe):
    with app.test_request_context():
        settings.save({"features": {"subscription_cancel": {"custom_question": ""}}})
    sub = subscribe(customer, own_words["pro_monthly"])

    assert "Que pourrions" not in text(signed_in.get(f"/account/subscriptions/{sub.id}/cancel?locale=fr"))


def test_the_description_and_unit_label_read_in_french_and_fall_back_in_german(
        signed_in, customer, own_words, subscribe):
    subscribe(customer, own_words["pro_monthly"], quantity=5)

    french = text(signed_in.get("/account/?locale=fr"))
    assert "Pour les équipes qui grandissent." in french and "For growing teams." not in french
    assert "par poste et par mois" in french and "5 postes" in french
    german = text(signed_in.get("/account/?locale=de"))
    assert "For growing teams." in german and "pro seat und Monat" in german and "5 seats" in german


@pytest.mark.parametrize(("quantity", "words"), [(1, "1 stanowisko"), (3, "3 stanowiska"), (5, "5 stanowisk"),
                                                  (22, "22 stanowiska")])
def test_polish_counts_units_in_its_three_forms(signed_in, customer, own_words, subscribe, quantity, words):
    subscribe(customer, own_words["pro_monthly"], quantity=quantity)

    page = text(signed_in.get("/account/?locale=pl"))
    assert f"{words}<" in page and "Dla rosnących zespołów." in page and "za stanowisko" in page


def test_the_plan_picker_shows_the_description_in_the_customers_language(signed_in, customer, own_words, subscribe):
    sub = subscribe(customer, own_words["basic_monthly"])

    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan?locale=fr"))
    assert "Pour les équipes qui grandissent." in page and "par poste et par an" in page
