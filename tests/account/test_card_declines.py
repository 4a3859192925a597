"""A card refusal speaks the customer's language: the portal's own words for Stripe's decline codes."""
import pytest
import stripe

from account.helpers import post

# Stripe's declining test cards, and what a French customer reads when one of them is charged.
FRENCH = [
    ("pm_card_chargeDeclined", "Votre carte a été refusée. Veuillez utiliser une autre carte ou contacter votre banque"),
    ("pm_card_visa_chargeDeclinedInsufficientFunds", "le solde de la carte est insuffisant"),
    ("pm_card_visa_chargeDeclinedLostCard", "Votre carte a été refusée. Veuillez utiliser une autre carte"),
    ("pm_card_visa_chargeDeclinedStolenCard", "Votre carte a été refusée. Veuillez utiliser une autre carte"),
    ("pm_card_chargeDeclinedExpiredCard", "Votre carte a expiré. Veuillez utiliser une autre carte"),
    ("pm_card_chargeDeclinedIncorrectCvc", "le cryptogramme (CVC) de la carte ne correspond pas"),
    ("pm_card_chargeDeclinedProcessingError", "Une erreur s’est produite lors du traitement de votre carte"),
    ("pm_card_visa_chargeDeclinedVelocityLimitExceeded", "la carte a atteint son plafond de dépenses"),
]


@pytest.fixture
def owes_with(make_customer, sign_in, subscribe, stripe_v1, client):
    """A signed-in customer whose default card is `card`, with a working Visa and one open invoice."""
    def make(card, locale):
        made = make_customer(email="owes@example.test", cards=(card, "pm_card_visa"))
        subscribe(made)
        made.invoice = stripe_v1.invoices.list(params={"customer": made.id}).data[0]
        sign_in(made)
        client.get(f"/account/?locale={locale}")
        return made
    return make


def charged(stripe_v1, invoice_id):
    invoice = stripe_v1.invoices.retrieve(invoice_id)
    return invoice.status, invoice.amount_paid


@pytest.mark.parametrize("card, message", FRENCH)
def test_a_declined_payment_is_explained_in_french_in_the_invoices_panel(owes_with, card, message, client,
                                                                          stripe_v1, activity):
    owes = owes_with(card, "fr")
    assert charged(stripe_v1, owes.invoice.id) == ("open", 0)
    response = post(client, f"/account/invoices/{owes.invoice.id}/pay", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 402
    assert response.headers["HX-Retarget"] == f"#invoice-{owes.invoice.id}-alerts"
    assert message in body
    assert "Your card" not in body and "Your bank" not in body
    assert charged(stripe_v1, owes.invoice.id) == ("open", 0)
    assert activity(owes.id) == []


def test_lost_and_stolen_cards_read_as_a_plain_decline(owes_with, client):
    owes = owes_with("pm_card_visa_chargeDeclinedStolenCard", "en")
    body = post(client, f"/account/invoices/{owes.invoice.id}/pay", htmx=True).get_data(as_text=True)
    assert "Your card was declined. Please use another card, or contact your bank to find out why." in body
    assert "stolen" not in body.lower()


@pytest.mark.parametrize("locale, message", [
    ("en", "Your bank declined the payment: there is not enough money on the card."),
    ("de", "Ihre Bank hat die Zahlung abgelehnt: Die Karte ist nicht ausreichend gedeckt."),
    ("es", "Su banco ha rechazado el pago: no hay fondos suficientes en la tarjeta."),
])
def test_the_message_follows_the_sessions_language(owes_with, client, locale, message):
    owes = owes_with("pm_card_visa_chargeDeclinedInsufficientFunds", locale)
    response = post(client, f"/account/invoices/{owes.invoice.id}/pay", htmx=True)
    assert response.status_code == 402 and message in response.get_data(as_text=True)


def test_without_javascript_the_decline_is_a_french_page_with_a_way_back(owes_with, client, stripe_v1):
    owes = owes_with("pm_card_chargeDeclinedExpiredCard", "fr")
    response = post(client, f"/account/invoices/{owes.invoice.id}/pay")
    body = response.get_data(as_text=True)
    assert response.status_code == 402
    assert '<html lang="fr">' in body and "Votre carte a expiré." in body
    assert f"/account/invoices/{owes.invoice.id}" in body
    assert charged(stripe_v1, owes.invoice.id) == ("open", 0)


def test_a_card_that_fails_to_be_saved_is_explained_in_french(customer, client, stripe_v1, activity):
    client.get("/account/?locale=fr")
    post(client, "/account/payment-methods/setup")
    intent = stripe_v1.setup_intents.list(params={"customer": customer.id}).data[0]
    with pytest.raises(stripe.CardError):
        stripe_v1.setup_intents.confirm(intent.id, params={"payment_method": "pm_card_chargeDeclinedIncorrectCvc"})
    response = client.get(f"/account/payment-methods/added?setup_intent={intent.id}&redirect_status=failed")
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "le cryptogramme (CVC) de la carte ne correspond pas" in page
    assert "security code" not in page
    assert len(stripe_v1.payment_methods.list(params={"customer": customer.id, "type": "card"}).data) == 2
    assert activity(customer.id) == []
