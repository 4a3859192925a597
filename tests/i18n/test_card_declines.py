"""The portal's words for Stripe's card errors: every one translated, and never Stripe's own English."""
import pytest
import stripe
from flask_babel import force_locale

from portal_site.billing.errors import CARD_MESSAGES, DECLINED, card_message, translate
from portal_site.i18n import LOCALES

TRANSLATED = [code for code in LOCALES if code != "en"]


def card_error(code, decline_code=None, message="Stripe's own English words"):
    body = {"error": {"type": "card_error", "code": code, "decline_code": decline_code, "message": message}}
    return stripe.CardError(message, None, code, http_status=402, json_body=body)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_mapped_code_reads_in_the_customers_language(app, code):
    with app.test_request_context():
        for key, message in CARD_MESSAGES.items():
            with force_locale("en"):
                english = str(message)
            with force_locale(code):
                assert str(message) != english, f"{key}: no {code} translation of {english!r}"


@pytest.mark.parametrize("decline_code", [
    "fraudulent", "lost_card", "stolen_card", "pickup_card", "merchant_blacklist", "do_not_honor", "generic_decline",
])
def test_fraud_lost_and_stolen_say_only_that_the_card_was_declined(decline_code):
    assert card_message("card_declined", decline_code) is DECLINED


@pytest.mark.parametrize("code, decline_code, expected", [
    ("card_declined", "insufficient_funds", "insufficient_funds"),
    ("expired_card", "expired_card", "expired_card"),
    ("incorrect_cvc", None, "incorrect_cvc"),
    ("processing_error", "processing_error", "processing_error"),
    ("card_declined", "card_velocity_exceeded", "card_velocity_exceeded"),
    ("card_declined", "currency_not_supported", "currency_not_supported"),
    ("authentication_required", "authentication_required", "authentication_required"),
    ("card_decline_rate_limit_exceeded", None, "card_decline_rate_limit_exceeded"),
])
def test_the_decline_code_then_the_error_code_chooses_the_message(code, decline_code, expected):
    assert card_message(code, decline_code) is CARD_MESSAGES[expected]


def test_an_unknown_code_falls_back_to_a_translated_decline_and_never_stripes_words(app):
    error = translate(card_error("card_declined", "a_code_stripe_adds_next_year"))
    assert (error.status, error.code) == (402, "card_declined")
    with app.test_request_context(), force_locale("fr"):
        assert str(error.message) == "Votre carte a été refusée. Veuillez utiliser une autre carte ou contacter " \
                                     "votre banque pour en connaître la raison."
    assert "Stripe's own English words" not in str(error)


def test_the_message_is_chosen_when_shown_so_the_session_language_applies(app):
    error = translate(card_error("card_declined", "insufficient_funds"))
    with app.test_request_context():
        with force_locale("de"):
            assert str(error.message).startswith("Ihre Bank hat die Zahlung abgelehnt")
        with force_locale("es"):
            assert str(error.message).startswith("Su banco ha rechazado el pago")
