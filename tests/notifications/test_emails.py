"""Customer emails end to end: the emulator's clock moves, Stripe's event reaches the portal by webhook, and the
customer's email arrives in the test SMTP server, branded, in their language, with a one-time sign-in link."""
from datetime import timedelta

from notifications.conftest import (
    activity,
    customer,
    fail_next_payment,
    link_in,
    product_price,
    sent,
    subscribe,
    wait_for_event,
)
from portal_site import settings
from portal_site.billing.webhooks import WebhookEvent
from portal_site.extensions import db
from portal_site.models import EmailSignInLink, Job
from portal_site.models._columns import utcnow
from portal_site.notifications import KINDS
from portal_site.notifications.sending import notify


def test_a_failed_renewal_emails_the_customer_a_link_that_signs_them_in_on_the_invoice(
        app, hooks, advance, stripe_v1, mailbox, client):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    (message,) = mailbox.wait(1)
    assert message["To"] == "ada@example.test"
    assert message["Subject"] == "Your payment of $49.00 to Billing portal did not go through"
    text, html = mailbox.text(message), mailbox.html(message)
    assert "We could not take your payment of $49.00 for invoice" in text
    assert "Pay this invoice" in html and "Billing portal" in html
    (invoice,) = stripe_v1.invoices.list(params={"customer": ada.id, "status": "open"}).data
    response = client.get(link_in(text).split("localhost", 1)[-1].split(hooks, 1)[-1])
    assert response.status_code == 302 and response.headers["Location"] == f"/account/invoices/{invoice.id}"
    assert client.get(f"/account/invoices/{invoice.id}").status_code == 200
    assert "email.payment_failed" in activity(app, ada.id) and "signin.succeeded" in activity(app, ada.id)


def test_the_link_works_once_then_answers_410(app, hooks, advance, stripe_v1, mailbox, client):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    path = "/p/email/" + link_in(mailbox.text(mailbox.wait(1)[0])).rsplit("/", 1)[1]
    assert client.get(path).status_code == 302
    again = app.test_client().get(path)
    assert again.status_code == 410
    assert "This link no longer works" in again.get_data(as_text=True)


def test_an_expired_link_answers_410(app, hooks, advance, stripe_v1, mailbox, client):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    path = "/p/email/" + link_in(mailbox.text(mailbox.wait(1)[0])).rsplit("/", 1)[1]
    with app.app_context():
        link = db.session.query(EmailSignInLink).one()
        assert abs(link.expires_at - link.created_at - timedelta(days=7)) < timedelta(seconds=5)
        link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get(path).status_code == 410
    assert client.get("/account/").status_code == 302  # not signed in


def test_each_event_is_emailed_once_even_when_handled_again(app, hooks, advance, stripe_v1, mailbox):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    mailbox.wait(1)
    (event,) = stripe_v1.events.list(params={"type": "invoice.payment_failed"}).data
    again = WebhookEvent(event.id, event.type, ada.id, event.data.object.to_dict(), event.created)
    with app.test_request_context():
        assert notify(again, KINDS["payment_failed"]) is False  # a retried job, after the webhook log let it through
    wait_for_event(app, "invoice.payment_failed")
    assert len(mailbox.messages) == 1 and sent(app) == [("payment_failed", ada.id)]


def test_a_switched_off_email_is_not_sent(app, hooks, advance, stripe_v1, mailbox):
    with app.test_request_context():
        settings.save({"customer_emails": {"payment_failed": {"enabled": False}}})
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    wait_for_event(app, "invoice.payment_failed")
    assert mailbox.messages == [] and sent(app) == []


def test_only_the_customer_the_shared_email_rule_picks_is_emailed(app, hooks, advance, stripe_v1, mailbox):
    older = customer(stripe_v1)
    subscribe(stripe_v1, older, product_price(stripe_v1, 4900))
    advance(1 / 24)  # an hour later: the newer customer
    newer = customer(stripe_v1)
    subscribe(stripe_v1, newer, product_price(stripe_v1, 1900, name="Basic"))
    fail_next_payment(stripe_v1, older)
    fail_next_payment(stripe_v1, newer)
    advance(31)
    wait_for_event(app, "invoice.payment_failed", count=2)
    (message,) = mailbox.wait(1)
    assert "$19.00" in message["Subject"]  # the newer customer's invoice
    assert sent(app) == [("payment_failed", newer.id)]
    assert "email.payment_failed" not in activity(app, older.id)


def test_a_trial_ending_without_a_card_links_to_adding_one(app, hooks, advance, stripe_v1, mailbox, client):
    ada = customer(stripe_v1, card=None, preferred_locales=["fr"])
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900), trial_period_days=14)
    advance(11)
    (message,) = mailbox.wait(1)
    text = mailbox.text(message)
    assert message["Subject"].startswith("Votre essai")
    assert "49,00" in text and "15 janvier 2026" in text
    response = client.get("/p/email/" + link_in(text).rsplit("/", 1)[1])
    assert response.headers["Location"] == "/account/payment-methods"


def test_a_yearly_renewal_is_announced_with_a_link_to_change_or_cancel(app, hooks, advance, stripe_v1, mailbox, client):
    ada = customer(stripe_v1)
    subscription = subscribe(stripe_v1, ada, product_price(stripe_v1, 49000, interval="year"))
    advance(358)
    (message,) = mailbox.wait(1)
    assert message["Subject"] == "Your Pro subscription renews on January 1, 2027"
    text = mailbox.text(message)
    assert "$490.00" in text and "Change or cancel your plan" in text
    response = client.get("/p/email/" + link_in(text).rsplit("/", 1)[1])
    assert response.headers["Location"] == f"/account/subscriptions/{subscription.id}"


def test_a_monthly_renewal_is_not_announced(app, hooks, advance, stripe_v1, mailbox):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    advance(25)
    wait_for_event(app, "invoice.upcoming")
    assert mailbox.messages == [] and sent(app) == []


def test_a_card_expiring_before_the_renewal_is_flagged(app, hooks, advance, stripe_v1, mailbox, client):
    ada = customer(stripe_v1, card={"number": "4242424242424242", "exp_month": 1, "exp_year": 2026, "cvc": "123"})
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    advance(25)
    (message,) = mailbox.wait(1)
    assert message["Subject"] == "Your card ending in 4242 expires before your next payment"
    assert "expires at the end of January 2026, before your next payment of $49.00 on February 1, 2026" in (
        mailbox.text(message))
    response = client.get("/p/email/" + link_in(mailbox.text(message)).rsplit("/", 1)[1])
    assert response.headers["Location"] == "/account/payment-methods"
    assert sent(app) == [("card_expiring", ada.id)]


def test_an_email_that_could_not_be_handed_to_the_mail_service_can_be_sent_by_a_retry(
        app, hooks, advance, stripe_v1, mailbox, monkeypatch):
    from portal_site.notifications import sending

    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    real = sending.send
    monkeypatch.setattr(sending, "send", lambda *args, **kwargs: (_ for _ in ()).throw(OSError("mail down")))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    wait_for_event(app, "invoice.payment_failed")
    assert sent(app) == [] and mailbox.messages == []
    with app.app_context():
        assert db.session.query(EmailSignInLink).count() == 0
    monkeypatch.setattr(sending, "send", real)
    (event,) = stripe_v1.events.list(params={"type": "invoice.payment_failed"}).data
    again = WebhookEvent(event.id, event.type, ada.id, event.data.object.to_dict(), event.created)
    with app.test_request_context():
        assert notify(again, KINDS["payment_failed"]) is True
    mailbox.wait(1)
    assert sent(app) == [("payment_failed", ada.id)]


def test_stripes_retries_of_a_failed_invoice_send_no_second_email(app, hooks, advance, stripe_v1, mailbox):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    mailbox.wait(1)
    advance(10)
    wait_for_event(app, "invoice.payment_failed", count=2)
    assert len(mailbox.messages) == 1 and sent(app) == [("payment_failed", ada.id)]


def test_an_email_claimed_by_a_run_that_died_before_handing_it_to_mail_is_sent_by_the_next_run(
        app, hooks, advance, stripe_v1, mailbox):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    mailbox.wait(1)
    (event,) = stripe_v1.events.list(params={"type": "invoice.payment_failed"}).data
    with app.app_context():  # as if the worker had died between claiming the email and queueing it
        db.session.execute(Job.__table__.delete().where(Job.key == f"mail:{event.id}:payment_failed"))
        db.session.commit()
    again = WebhookEvent(event.id, event.type, ada.id, event.data.object.to_dict(), event.created)
    with app.test_request_context():
        assert notify(again, KINDS["payment_failed"]) is True
    first, second = mailbox.wait(2)
    assert first["Subject"] == second["Subject"] == "Your payment of $49.00 to Billing portal did not go through"
    assert sent(app) == [("payment_failed", ada.id)]
