"""The dashboard home: a setup checklist in Stripe's order, the portal's health and the last 7 days' figures."""
import hashlib
import hmac
import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from admin_settings.conftest import ADMIN_EMAIL, html, price
from portal_site import activity, settings
from portal_site.extensions import db
from portal_site.models import ActivityLog

SECRET = "whsec_test_portal"


def deliver_webhook(client, event_id, type_):
    payload = json.dumps({
        "id": event_id, "object": "event", "type": type_, "api_version": "2026-10-28.endive", "created": 1,
        "livemode": False, "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
        "data": {"object": {"id": "in_1", "object": "invoice", "customer": "cus_1"}},
    })
    stamp = int(time.time())
    signature = hmac.new(SECRET.encode(), f"{stamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    response = client.post("/stripe/webhooks", data=payload,
                           headers={"Stripe-Signature": f"t={stamp},v1={signature}", "Content-Type": "application/json"})
    assert response.status_code == 200


def steps(page):
    """(title, Done / To do) of each checklist step, in order."""
    section = page.split('id="setup"')[1].split("</section>")[0]
    return [(title, mark) for mark, title in re.findall(
        r'checklist__mark">(Done|To do)</span>\s*<div class="checklist__body">\s*<strong>([^<]+)</strong>', section)]


def test_a_new_portal_lists_every_setup_step_to_do_with_where_to_do_it(signed_in, stripe_v1):
    page = html(signed_in.get("/admin/"))

    assert steps(page) == [("Add products with prices", "To do"), ("Configure the portal", "To do"),
                           ("Brand the portal", "To do"), ("Turn on the login link", "To do"),
                           ("Receive Stripe webhooks", "To do"), ("Send a test email", "To do")]
    for href in ("/admin/products", "/admin/settings", "/admin/branding", "/admin/login-link",
                 "https://dashboard.stripe.com/webhooks"):
        assert f'href="{href}"' in page.split('id="setup"')[1]
    assert "add the endpoint http://localhost/stripe/webhooks" in page
    assert "0 of 6 done" in page
    assert re.search(r'<span class="badge badge--success">OK</span>\s+<strong>Stripe</strong>', page)
    assert re.search(r'<span class="badge badge--success">OK</span>\s+<strong>Database</strong>', page)


def test_steps_are_done_as_the_merchant_does_them(app, signed_in, stripe_v1):
    product = stripe_v1.products.create(params={"name": "Pro"})
    price(stripe_v1, product.id, 1500, "month")
    signed_in.post("/admin/branding", data={"business_name": "Acme", "brand_color": "#123456",
                                            "accent_color": "#0a5c36"})
    signed_in.post("/admin/login-link/activate")
    deliver_webhook(signed_in, "evt_home_1", "customer.updated")

    page = html(signed_in.get("/admin/"))

    assert dict(steps(page)) == {"Add products with prices": "Done", "Configure the portal": "To do",
                                 "Brand the portal": "Done", "Turn on the login link": "Done",
                                 "Receive Stripe webhooks": "Done", "Send a test email": "To do"}
    assert "1 active product with prices." in page
    assert re.search(r"Last event received \w{3} \d{1,2}, \d{4}, \d\d:\d\d UTC\.", page)


def test_the_test_email_reaches_the_merchant_and_is_logged(app, signed_in, mailbox, stripe_v1):
    response = signed_in.post("/admin/test-email")

    assert response.status_code == 302 and response.headers["Location"] == "/admin/#setup"
    [message] = mailbox.wait(1)
    assert message["To"] == ADMIN_EMAIL and message["Subject"] == "Test email from your billing portal"
    assert "the portal's mail settings work" in mailbox.text(message)
    with app.app_context():
        entry = ActivityLog.query.filter_by(action="admin.test_email_sent").one()
        assert entry.actor == ADMIN_EMAIL and entry.detail["to"] == ADMIN_EMAIL
    page = html(signed_in.get("/admin/"))
    assert f"A test email was sent to {ADMIN_EMAIL}." in page
    assert ("Send a test email", "Done") in steps(page)
    assert "the last test email went out" in page


@pytest.fixture
def dead_smtp(app_config):
    app_config["MAIL_PORT"] = 1  # nothing listens there


def test_a_test_email_that_cannot_be_sent_says_why(dead_smtp, app, signed_in, stripe_v1):
    response = signed_in.post("/admin/test-email")

    assert response.status_code == 302
    page = html(signed_in.get("/admin/"))
    assert "The test email could not be sent" in page
    assert re.search(r'<span class="badge badge--danger">Problem</span>\s+<strong>Mail</strong>', page)
    assert ("Send a test email", "To do") in steps(page)


def test_the_week_counts_sign_ins_cancellations_offers_and_failed_payments(app, signed_in, stripe_v1):
    now = datetime.now(UTC)
    with app.app_context():
        def add(action, days_ago, **detail):
            entry = activity.record(action, actor_type="customer", actor="a@example.com", commit=False, **detail)
            entry.created_at = now - timedelta(days=days_ago)
        for days in (0, 1, 6):
            add("signin.succeeded", days)
        add("signin.succeeded", 8)
        add("subscription.canceled", 2, reason="too_expensive")
        add("subscription.canceled", 3, reason="too_expensive")
        add("subscription.canceled", 3, reason="unused")
        add("subscription.canceled", 9, reason="unused")
        add("subscription.retained", 1, coupon="STAY")
        db.session.commit()
    deliver_webhook(signed_in, "evt_failed_1", "invoice.payment_failed")
    deliver_webhook(signed_in, "evt_failed_2", "invoice.payment_failed")
    deliver_webhook(signed_in, "evt_paid_1", "invoice.paid")

    page = html(signed_in.get("/admin/"))

    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", page))
    assert figures == {"Customer sign-ins": "3", "Cancellations": "3", "Retention offers accepted": "1",
                       "Failed payments": "2"}
    assert "<li>It&#39;s too expensive: 2</li><li>I don&#39;t use the service enough: 1</li>" in page


@pytest.fixture
def stripe_down(app_config):
    app_config["STRIPE_API_BASE"] = "http://127.0.0.1:1"


def test_stripe_down_is_shown_as_a_problem_not_a_500(stripe_down, app, signed_in):
    response = signed_in.get("/admin/")

    assert response.status_code == 200
    assert re.search(r'<span class="badge badge--danger">Problem</span>\s+<strong>Stripe</strong>', html(response))
    assert "Stripe did not answer, so the products could not be checked." in html(response)


def test_settings_and_branding_set_before_the_dashboard_count_as_done(app, signed_in):
    with app.app_context():
        settings.save({"features": {"subscription_pause": {"enabled": True}},
                       "branding": {"business_name": "Acme Cloud"}})

    steps_done = dict(steps(html(signed_in.get("/admin/"))))

    assert steps_done["Configure the portal"] == steps_done["Brand the portal"] == "Done"
