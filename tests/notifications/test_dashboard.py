"""The "Customer emails" card of the portal settings: each email switched on or off, and each previewed."""
import pytest

from portal_site import settings
from portal_site.models import ActivityLog
from portal_site.notifications import KINDS


def test_the_emails_are_off_until_the_merchant_turns_them_on(app, signed_in):
    page = signed_in.get("/admin/settings").get_data(as_text=True)
    assert "Customer emails" in page
    for name in KINDS:
        assert f'id="emails-{name}"' in page and f"/admin/settings/customer-emails/{name}" in page
    with app.test_request_context():
        assert not any(toggle.enabled for toggle in vars(settings.current().customer_emails).values())


def test_switches_are_saved_and_logged(app, signed_in):
    response = signed_in.post("/admin/settings/customer-emails",
                              data={"emails-payment_failed": "y", "emails-card_expiring": "y"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/settings#customer-emails")
    with app.test_request_context():
        emails = settings.current().customer_emails
        assert emails.payment_failed.enabled and emails.card_expiring.enabled
        assert not emails.trial_ending.enabled and not emails.renewal_upcoming.enabled
        (entry,) = ActivityLog.query.filter_by(action="customer_emails.saved").all()
        assert entry.detail["changed"] == ["payment_failed.enabled", "card_expiring.enabled"]
    # Unticked boxes are not posted (a browser posts the CSRF token, so the form is never empty).
    partial = signed_in.post("/admin/settings/customer-emails", data={"emails-card_expiring": "y"},
                             headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "Customer email settings saved." in partial.get_data(as_text=True)
    with app.test_request_context():
        assert not settings.current().customer_emails.payment_failed.enabled


@pytest.mark.parametrize("name, subject", [
    ("payment_failed", "Your payment of $49.00 to Billing portal did not go through"),
    ("trial_ending", "Your Pro trial ends on"),
    ("renewal_upcoming", "Your Pro (yearly) subscription renews on"),
    ("card_expiring", "Your card ending in 4242 expires before your next payment"),
])
def test_each_email_has_a_preview_with_its_subject_text_and_html(signed_in, name, subject):
    page = signed_in.get(f"/admin/settings/customer-emails/{name}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert subject in body and '<pre id="preview-text">' in body
    assert "frame-src 'self'" in page.headers["Content-Security-Policy"]
    html = signed_in.get(f"/admin/settings/customer-emails/{name}/email.html")
    assert html.status_code == 200 and "Billing portal" in html.get_data(as_text=True)
    assert html.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "style-src 'unsafe-inline'" in html.headers["Content-Security-Policy"]


def test_a_preview_in_another_language(signed_in):
    body = signed_in.get("/admin/settings/customer-emails/payment_failed?locale=de").get_data(as_text=True)
    assert "Ihre Zahlung von 49,00" in body


def test_an_unknown_email_has_no_preview(signed_in):
    assert signed_in.get("/admin/settings/customer-emails/spam").status_code == 404


def test_previews_need_a_merchant(client):
    assert client.get("/admin/settings/customer-emails/payment_failed").status_code in (302, 401)
