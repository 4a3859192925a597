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
