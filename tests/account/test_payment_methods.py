"""Payment methods: list, make default, remove, ownership, idempotent double submits, SetupIntents."""
import pytest

from account.helpers import HX, post


def default_of(stripe_v1, customer_id):
    return stripe_v1.customers.retrieve(customer_id).invoice_settings.default_payment_method


def test_cards_show_brand_last4_expiry_and_the_default_badge(customer, client):
    page = client.get("/account/payment-methods").get_data(as_text=True)
    assert "Visa ending in 4242" in page and "Mastercard ending in 4444" in page
    assert page.count(">Default</span>") == 1
    assert "Expires 12/" in page


def test_a_card_expiring_this_month_is_flagged(make_customer, sign_in, client, stripe_v1):
    from datetime import UTC, datetime
    now = datetime.now(UTC)
    pm = stripe_v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4242424242424242", "exp_month": now.month, "exp_year": now.year, "cvc": "123"}})
    made = make_customer()
    stripe_v1.payment_methods.attach(pm.id, params={"customer": made.id})
    sign_in(made)
    assert "Expires soon" in client.get("/account/payment-methods").get_data(as_text=True)


def test_make_default_with_htmx_swaps_the_panel_from_one_write(customer, client, stripe_v1, activity):
    response = post(client, f"/account/payment-methods/{customer.cards[1]}/default", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="payment-methods"')
    assert "Your default card was changed." in body
    assert default_of(stripe_v1, customer.id) == customer.cards[1]
    assert activity(customer.id) == ["payment_method.default"]


def test_make_default_without_javascript_redirects_with_a_flash(customer, client, stripe_v1):
    response = post(client, f"/account/payment-methods/{customer.cards[1]}/default")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/#payment-methods")
    assert "Your default card was changed." in client.get("/account/").get_data(as_text=True)
    assert default_of(stripe_v1, customer.id) == customer.cards[1]


def test_double_submitted_make_default_logs_one_change(customer, client, activity):
    for _ in range(2):
        assert post(client, f"/account/payment-methods/{customer.cards[1]}/default", nonce="same", htmx=True).status_code == 200
    assert activity(customer.id) == ["payment_method.default"]


def test_remove_detaches_the_card(customer, client, stripe_v1, activity):
    response = post(client, f"/account/payment-methods/{customer.cards[1]}/remove", htmx=True)
    assert response.status_code == 200
    assert "Mastercard" not in response.get_data(as_text=True)
    remaining = stripe_v1.payment_methods.list(params={"customer": customer.id, "type": "card"}).data
    assert [pm.id for pm in remaining] == [customer.cards[0]]
    assert activity(customer.id) == ["payment_method.removed"]


def test_double_submitted_remove_removes_once_and_answers_the_same(customer, client, stripe_v1, activity):
    first = post(client, f"/account/payment-methods/{customer.cards[1]}/remove", nonce="twice", htmx=True)
    second = post(client, f"/account/payment-methods/{customer.cards[1]}/remove", nonce="twice", htmx=True)
    assert first.status_code == second.status_code == 200
    assert "Mastercard" not in second.get_data(as_text=True)
    assert len(stripe_v1.payment_methods.list(params={"customer": customer.id, "type": "card"}).data) == 1
    assert activity(customer.id) == ["payment_method.removed"]


def test_removing_the_default_card_clears_the_badge(customer, client):
    body = post(client, f"/account/payment-methods/{customer.cards[0]}/remove", htmx=True).get_data(as_text=True)
    assert "Visa" not in body and ">Default</span>" not in body


@pytest.mark.parametrize("action", ["default", "remove"])
def test_another_customers_card_is_not_found_and_untouched(customer, other, client, stripe_v1, action, activity):
    response = post(client, f"/account/payment-methods/{other.cards[0]}/{action}", htmx=True)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#payment-methods-alerts"
    assert stripe_v1.payment_methods.retrieve(other.cards[0]).customer == other.id
    assert default_of(stripe_v1, customer.id) == customer.cards[0]
    assert activity(customer.id) == []


def test_another_customers_card_without_javascript_is_a_404_page(customer, other, client):
    response = post(client, f"/account/payment-methods/{other.cards[0]}/remove")
    assert response.status_code == 404
    assert "We could not find that item on your account." in response.get_data(as_text=True)


def test_add_card_creates_one_setup_intent_per_form_nonce(customer, client, stripe_v1, app_config):
    first = post(client, "/account/payment-methods/setup", nonce="once").get_data(as_text=True)
    second = post(client, "/account/payment-methods/setup", nonce="once").get_data(as_text=True)
    intents = stripe_v1.setup_intents.list(params={"customer": customer.id}).data
    assert len(intents) == 1
    assert f'data-client-secret="{intents[0].client_secret}"' in first and f'data-client-secret="{intents[0].client_secret}"' in second
    assert f'data-publishable-key="{app_config["STRIPE_PUBLISHABLE_KEY"]}"' in first
    assert f'src="{app_config["STRIPE_JS_URL"]}"' in first
    assert 'data-return-url="http://localhost/account/payment-methods/added"' in first
    assert "<script>" not in first


def confirm(stripe_v1, intent_id, card):
    return stripe_v1.setup_intents.confirm(intent_id, params={"payment_method": card})


def test_return_from_stripe_makes_a_first_card_the_default(make_customer, sign_in, client, stripe_v1, activity):
    made = make_customer()
    sign_in(made)
    post(client, "/account/payment-methods/setup")
    intent = stripe_v1.setup_intents.list(params={"customer": made.id}).data[0]
    confirm(stripe_v1, intent.id, "pm_card_visa")
    response = client.get(f"/account/payment-methods/added?setup_intent={intent.id}&redirect_status=succeeded")
    assert response.status_code == 303
    page = client.get("/account/").get_data(as_text=True)
    assert "Your Visa card ending in 4242 was added." in page
    assert default_of(stripe_v1, made.id) == stripe_v1.setup_intents.retrieve(intent.id).payment_method
    client.get(f"/account/payment-methods/added?setup_intent={intent.id}&redirect_status=succeeded")
    assert activity(made.id) == ["payment_method.added"]


def test_return_from_stripe_keeps_an_existing_default(customer, client, stripe_v1):
    post(client, "/account/payment-methods/setup")
    intent = stripe_v1.setup_intents.list(params={"customer": customer.id}).data[0]
    confirm(stripe_v1, intent.id, "pm_card_amex")
    client.get(f"/account/payment-methods/added?setup_intent={intent.id}")
    assert default_of(stripe_v1, customer.id) == customer.cards[0]


def test_a_declined_card_shows_the_banks_message(customer, client, stripe_v1):
    import stripe
    post(client, "/account/payment-methods/setup")
    intent = stripe_v1.setup_intents.list(params={"customer": customer.id}).data[0]
    with pytest.raises(stripe.CardError):
        confirm(stripe_v1, intent.id, "pm_card_chargeDeclined")
    client.get(f"/account/payment-methods/added?setup_intent={intent.id}&redirect_status=failed")
    page = client.get("/account/").get_data(as_text=True)
    assert "Your card was declined. Please use another card, or contact your bank to find out why." in page


def test_another_customers_setup_intent_is_refused(customer, other, client, stripe_v1):
    intent = stripe_v1.setup_intents.create(params={"customer": other.id})
    confirm(stripe_v1, intent.id, "pm_card_visa")
    response = client.get(f"/account/payment-methods/added?setup_intent={intent.id}")
    assert response.status_code == 404
    assert default_of(stripe_v1, customer.id) == customer.cards[0]


def test_htmx_panel_refresh_is_a_fragment(customer, client):
    body = client.get("/account/payment-methods", headers=HX).get_data(as_text=True)
    assert "<html" not in body and 'id="payment-methods"' in body


def test_the_last_card_of_a_subscriber_cannot_be_removed(make_customer, sign_in, subscribe, client, stripe_v1, activity):
    made = make_customer(cards=("pm_card_visa",))
    subscribe(made)
    sign_in(made)
    response = post(client, f"/account/payment-methods/{made.cards[0]}/remove", htmx=True)
    assert response.status_code == 409
    assert "you need at least one payment method" in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#payment-methods-alerts"
    assert stripe_v1.payment_methods.retrieve(made.cards[0]).customer == made.id
    assert activity(made.id) == []


def test_the_last_card_can_go_when_there_is_no_subscription(make_customer, sign_in, client, stripe_v1):
    made = make_customer(cards=("pm_card_visa",))
    sign_in(made)
    assert post(client, f"/account/payment-methods/{made.cards[0]}/remove", htmx=True).status_code == 200
    assert stripe_v1.payment_methods.list(params={"customer": made.id, "type": "card"}).data == []


@pytest.mark.parametrize(("locale", "stripe_locale"), [("en", "en"), ("pt_BR", "pt-BR"), ("pt_PT", "pt"),
                                                       ("zh_Hans", "zh"), ("ja", "ja")])
def test_stripe_js_starts_in_the_page_language_under_stripes_name_for_it(customer, client, locale, stripe_locale):
    client.get(f"/account/?locale={locale}")
    page = post(client, "/account/payment-methods/setup", nonce=f"lang-{locale}").get_data(as_text=True)
    assert f'data-locale="{stripe_locale}"' in page
