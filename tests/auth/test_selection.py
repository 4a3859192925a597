"""Which Stripe customer an email signs in to, and the customer's language."""
import pytest

from auth.helpers import ask_for_code, code_from, enter_code
from portal_site import settings
from portal_site.billing.customers import (
    Customer,
    choose,
    choose_for_email,
    email_variants,
)
from portal_site.models import CustomerSession

EMAIL = "ann@example.test"


def _as_customer(obj, *statuses):
    return Customer(id=obj.id, email=obj.email, name=obj.name, created=obj.created, subscription_statuses=statuses)


def test_the_rule_prefers_the_newest_customer_with_an_active_subscription(make_customer, later):
    old_active = make_customer(EMAIL)
    later()
    middle_trialing = make_customer(EMAIL)
    later()
    newest_without = make_customer(EMAIL)
    candidates = [_as_customer(old_active, "active"), _as_customer(middle_trialing, "trialing", "canceled"),
                  _as_customer(newest_without, "incomplete_expired")]
    choice = choose(EMAIL, candidates)
    assert choice.chosen.id == middle_trialing.id
    assert [c.id for c in choice.candidates] == [newest_without.id, middle_trialing.id, old_active.id]
    assert "most recently created of the 2 customers" in choice.reason


@pytest.mark.parametrize("status", ["active", "trialing", "past_due"])
def test_active_trialing_and_past_due_count_as_active(make_customer, later, status):
    older = make_customer(EMAIL)
    later()
    newer = make_customer(EMAIL)
    choice = choose(EMAIL, [_as_customer(older, status), _as_customer(newer, "unpaid", "paused", "incomplete")])
    assert choice.chosen.id == older.id
    assert "only one of the 2 customers" in choice.reason


def test_without_an_active_subscription_the_newest_customer_is_chosen(make_customer, later):
    older = make_customer(EMAIL)
    later()
    newer = make_customer(EMAIL)
    choice = choose(EMAIL, [_as_customer(older, "canceled"), _as_customer(newer)])
    assert choice.chosen.id == newer.id
    assert choice.reason.startswith("None of the 2 customers")


def test_the_email_is_looked_up_as_typed_and_in_lower_case():
    assert email_variants("  Ann@Example.TEST ") == ("Ann@Example.TEST", "ann@example.test")
    assert email_variants("ann@example.test") == ("ann@example.test",)


def test_a_mixed_case_email_finds_the_customer_stored_in_lower_case(app, make_customer):
    customer = make_customer(EMAIL)
    with app.app_context():
        choice = choose_for_email("Ann@Example.TEST")
    assert choice.chosen.id == customer.id
    assert choice.reason == f"{customer.id} is the only customer with this email."


def test_no_customer_means_no_choice(app, emulator):
    with app.app_context():
        choice = choose_for_email("nobody@example.test")
    assert choice.chosen is None and choice.candidates == ()


def test_stripe_lookup_matches_as_typed_and_lower_case_and_reads_subscriptions(app, make_customer, subscribe, later):
    older = make_customer(EMAIL)
    subscribe(older)
    later()
    middle = make_customer(EMAIL)
    later()
    other_case = make_customer("ANN@example.test")
    subscribe(other_case, trial=True)
    later()
    newest = make_customer("Ann@example.test")
    with app.app_context():
        choice = choose_for_email("Ann@example.test")
    assert [c.id for c in choice.candidates] == [newest.id, middle.id, older.id]
    assert choice.chosen.id == older.id
    assert choice.chosen.subscription_statuses == ("active",)


def test_two_accounts_on_one_email_sign_in_to_the_newest_with_an_active_subscription(
        app, client, token, mailbox, make_customer, subscribe, later):
    active = make_customer(EMAIL, name="Old but active")
    subscribe(active)
    later()
    make_customer(EMAIL, name="New without subscription")
    ask_for_code(client, token, "Ann@Example.test")
    [message] = mailbox.wait(1)
    assert message["To"] == EMAIL
    assert enter_code(client, token, code_from(message)).headers["Location"] == "/account/"
    with app.app_context():
        assert CustomerSession.query.one().customer_id == active.id


def test_the_account_picker_lets_the_customer_choose(app, client, token, mailbox, make_customer, subscribe, later):
    with app.app_context():
        settings.save({"features": {"account_picker": {"enabled": True}}})
    first = make_customer(EMAIL, name="Ann at work")
    subscribe(first)
    later()
    second = make_customer(EMAIL, name="Ann at home")
    ask_for_code(client, token, EMAIL)
    response = enter_code(client, token, code_from(mailbox.wait(1)[0]))
    assert response.headers["Location"] == f"/p/login/{token}/account"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ann at work" in page and "Ann at home" in page
    response = client.post(f"/p/login/{token}/account", data={"customer": "cus_not_yours"})
    assert response.status_code == 422
    assert "Choose an account to continue." in response.get_data(as_text=True)
    assert client.post(f"/p/login/{token}/account").status_code == 422
    response = client.post(f"/p/login/{token}/account", data={"customer": second.id})
    assert response.headers["Location"] == "/account/"
    with app.app_context():
        assert CustomerSession.query.one().customer_id == second.id


def test_the_picker_is_skipped_when_only_one_account_uses_the_email(app, client, token, mailbox, make_customer):
    with app.app_context():
        settings.save({"features": {"account_picker": {"enabled": True}}})
    make_customer(EMAIL)
    ask_for_code(client, token, EMAIL)
    assert enter_code(client, token, code_from(mailbox.wait(1)[0])).headers["Location"] == "/account/"


def test_the_account_picker_signs_in_once_and_cannot_be_replayed(app, client, token, mailbox, make_customer, later):
    with app.app_context():
        settings.save({"features": {"account_picker": {"enabled": True}}})
    first = make_customer(EMAIL, name="Ann at work")
    later()
    second = make_customer(EMAIL, name="Ann at home")
    ask_for_code(client, token, EMAIL)
    enter_code(client, token, code_from(mailbox.wait(1)[0]))
    before_the_pick = client.get_cookie("session").value
    assert client.post(f"/p/login/{token}/account", data={"customer": first.id}).headers["Location"] == "/account/"
    client.post("/p/logout")

    client.set_cookie("session", before_the_pick)
    replayed = client.post(f"/p/login/{token}/account", data={"customer": second.id})
    assert replayed.headers["Location"] == f"/p/login/{token}"
    assert client.get("/account/").headers["Location"] == "/p/signed-out"
    with app.app_context():
        assert [row.customer_id for row in CustomerSession.query.all()] == [first.id]


def test_the_account_picker_needs_a_verified_code(client, token):
    ask_for_code(client, token, EMAIL)
    response = client.get(f"/p/login/{token}/account")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/p/login/{token}"


def test_the_customers_preferred_language_becomes_the_session_language(app, client, sign_in):
    sign_in(preferred_locales=["fr-FR", "en"])
    with app.app_context():
        assert CustomerSession.query.one().locale == "fr"
    assert '<html lang="fr">' in client.get("/p/signed-out").get_data(as_text=True)


def test_the_locale_of_the_login_link_is_kept(client, token):
    page = client.get(f"/p/login/{token}?locale=de").get_data(as_text=True)
    assert '<html lang="de">' in page
    assert '<html lang="de">' in client.get(f"/p/login/{token}").get_data(as_text=True)
