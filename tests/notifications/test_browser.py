"""In Chromium: the link in a failed-payment email lands the customer signed in on that invoice."""
from playwright.sync_api import expect

from notifications.conftest import customer, fail_next_payment, link_in, product_price, subscribe


def test_the_email_link_opens_the_invoice_signed_in(app, hooks, advance, stripe_v1, mailbox, page):
    ada = customer(stripe_v1)
    subscribe(stripe_v1, ada, product_price(stripe_v1, 4900))
    fail_next_payment(stripe_v1, ada)
    advance(31)
    link = link_in(mailbox.text(mailbox.wait(1)[0]))
    assert link.startswith(hooks)  # built from PORTAL_BASE_URL
    (invoice,) = stripe_v1.invoices.list(params={"customer": ada.id, "status": "open"}).data

    page.goto(link)
    assert page.url == f"{hooks}/account/invoices/{invoice.id}"
    expect(page.get_by_role("heading", level=1)).to_contain_text(invoice.number)
    expect(page.get_by_role("button", name="Pay")).to_be_visible()

    page.goto(f"{hooks}/account/")
    expect(page.locator("#recent-activity")).to_contain_text("Emailed: a payment did not go through")

    response = page.goto(link)
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")


def test_the_used_link_page_and_the_previews_pass_axe(app, live_server, page, check_axe):
    from werkzeug.security import generate_password_hash

    from notifications.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
    from portal_site.extensions import db
    from portal_site.models import AdminUser
    from portal_site.notifications import KINDS

    response = page.goto(f"{live_server}/p/email/not-a-token")
    assert response.status == 410
    check_axe(page)
    with app.app_context():
        db.session.add(AdminUser(email=ADMIN_EMAIL,
                                 password_hash=generate_password_hash(ADMIN_PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/admin/")
    for name in KINDS:
        page.goto(f"{live_server}/admin/settings/customer-emails/{name}?locale=ar")
        expect(page.frame_locator("iframe").locator("a").first).to_be_visible()
        check_axe(page)
    page.goto(f"{live_server}/admin/settings")
    page.get_by_label("Trial ending").check()
    page.get_by_role("button", name="Save customer emails").click()
    expect(page.get_by_text("Customer email settings saved.")).to_be_visible()
    check_axe(page)
