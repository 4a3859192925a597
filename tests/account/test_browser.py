"""Real Chromium journeys: add a card through the Stripe.js stand-in, make it default, edit the address."""
import re

from playwright.sync_api import expect


def test_add_a_card_through_stripe_js_and_make_it_default(make_customer, browser_as, stripe_v1):
    made = make_customer(cards=("pm_card_mastercard",))
    page = browser_as(made)
    page.get_by_role("button", name="Add a card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a card")
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_label("Expiration date (MM / YY)").fill("12 / 34")
    page.get_by_label("Security code (CVC)").fill("123")
    page.get_by_role("button", name="Save card").click()
    expect(page.get_by_text("Your card was declined.")).to_have_count(1)
    expect(page.locator("#add-card-error")).to_contain_text("Your card was declined.")
    expect(page.get_by_role("button", name="Save card")).to_be_enabled()

    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Save card").click()
    expect(page.get_by_text("Your Visa card ending in 4242 was added.")).to_be_visible()
    panel = page.locator("#payment-methods")
    expect(panel.get_by_text("Visa ending in 4242", exact=True)).to_be_visible()

    panel.get_by_role("button", name="Make default – Visa ending in 4242").click()
    expect(panel.get_by_text("Your default card was changed.")).to_be_visible()
    expect(panel.locator("li", has_text="Visa ending in 4242").get_by_text("Default", exact=True)).to_be_visible()
    default = stripe_v1.customers.retrieve(made.id).invoice_settings.default_payment_method
    assert stripe_v1.payment_methods.retrieve(default).card.last4 == "4242"


def test_a_card_error_is_shown_once_beside_the_card_fields(make_customer, browser_as, page):
    browser_as(make_customer())
    page.get_by_role("button", name="Add a card").click()
    page.get_by_role("button", name="Save card").click()
    expect(page.get_by_text("Your card number is incomplete.")).to_have_count(1)
    expect(page.get_by_label("Card number")).to_be_focused()


def test_edit_the_billing_address(make_customer, browser_as, stripe_v1):
    made = make_customer()
    page = browser_as(made)
    section = page.locator("#billing-address")
    section.get_by_text("Edit billing address").click()
    section.get_by_label("Address line 1").fill("")
    section.get_by_role("button", name="Save").click()
    expect(section.get_by_text("Enter the street address.")).to_be_visible()
    section.get_by_label("Address line 1").fill("10 Downing Street")
    section.get_by_label("Country").focus()
    section.get_by_label("Country").select_option("GB")
    expect(section.get_by_label("Post town")).to_be_visible()
    expect(section.get_by_label("Country")).to_be_focused()
    expect(section.get_by_label("Address line 1")).to_have_value("10 Downing Street")
    expect(section.get_by_label("State, province or region")).to_have_count(0)
    section.get_by_label("Postal code").fill("SW1A 2AA")
    section.get_by_label("Post town").fill("London")
    section.get_by_role("button", name="Save").click()
    expect(page.locator("#billing-address").get_by_text("Your billing address was saved.")).to_be_visible()
    expect(page.locator("#billing-address address")).to_contain_text("10 Downing Street")
    assert stripe_v1.customers.retrieve(made.id).address.city == "London"


def test_open_and_pay_an_invoice(debtor, browser_as, stripe_v1):
    page = browser_as(debtor)
    due = page.locator("#due-invoices")
    due.get_by_role("button", name="Pay now").click()
    expect(due.get_by_role("alert")).to_have_text(
        "Your card was declined. Please use another card, or contact your bank to find out why.")

    due.get_by_role("link", name=f"Invoice {debtor.invoice.number}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Invoice {debtor.invoice.number}")
    page.get_by_label("Pay with").select_option(label="Visa ending in 4242")
    page.get_by_role("button", name="Pay now").click()
    expect(page.get_by_text(f"Thank you, invoice {debtor.invoice.number} is paid.")).to_be_visible()
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "paid"

    page.get_by_role("link", name="Back to your account").click()
    expect(page.locator("#due-invoices")).to_have_count(0)
    expect(page.locator("#invoices").get_by_text("Paid", exact=True)).to_be_visible()


def test_paying_from_the_account_page_refreshes_the_invoice_history(debtor, browser_as):
    page = browser_as(debtor)
    history = page.locator("#invoices")
    expect(history.get_by_text("Past due", exact=True)).to_be_visible()
    due = page.locator("#due-invoices")
    due.get_by_label("Pay with").select_option(label="Visa ending in 4242")
    due.get_by_role("button", name="Pay now").click()
    expect(due.get_by_role("status")).to_have_text(f"Thank you, invoice {debtor.invoice.number} is paid.")
    expect(page.locator("#invoices").get_by_text("Paid", exact=True)).to_be_visible()


def test_the_add_card_page_says_so_when_stripe_js_cannot_load(make_customer, browser_as, app):
    app.config["STRIPE_JS_URL"] = app.config["STRIPE_API_BASE"] + "/js/missing/"
    page = browser_as(make_customer())
    page.get_by_role("button", name="Add a card").click()
    expect(page.get_by_text("The card form could not be loaded.")).to_be_visible()
    expect(page.get_by_role("button", name="Save card")).to_be_disabled()


# Records the options the page gives Stripe(), whichever Stripe.js (the real one or the stand-in) defines it.
RECORD_STRIPE_OPTIONS = """
(() => {
  let loaded;
  Object.defineProperty(window, "Stripe", {
    configurable: true,
    set(value) { loaded = value; },
    get() { return loaded && ((key, options) => { window.stripeOptions = options; return loaded(key, options); }); },
  });
})();
"""


def test_in_french_stripe_js_is_told_the_language_and_a_decline_is_explained_in_french(debtor, browser_as,
                                                                                        live_server, stripe_v1):
    page = browser_as(debtor)
    page.add_init_script(RECORD_STRIPE_OPTIONS)
    page.goto(live_server + "/account/?locale=fr")
    due = page.locator("#due-invoices")
    due.get_by_role("button", name="Payer maintenant").click()
    expect(due.get_by_role("alert")).to_have_text(
        "Votre carte a été refusée. Veuillez utiliser une autre carte ou contacter votre banque pour en "
        "connaître la raison.")
    assert stripe_v1.invoices.retrieve(debtor.invoice.id).status == "open"

    page.get_by_role("button", name="Ajouter une carte").click()
    expect(page.locator("#payment-element input").first).to_be_visible()
    assert page.evaluate("window.stripeOptions") == {"locale": "fr"}


def test_a_refusal_replaces_the_earlier_success_notice_in_its_panel(make_customer, browser_as, subscribe):
    made = make_customer(cards=("pm_card_visa", "pm_card_mastercard"))
    subscribe(made)
    page = browser_as(made)
    page.on("dialog", lambda dialog: dialog.accept())
    panel = page.locator("#payment-methods")
    panel.get_by_role("button", name="Remove Mastercard ending in 4444").click()
    expect(panel.get_by_text("The card was removed.")).to_be_visible()

    panel.get_by_role("button", name="Remove Visa ending in 4242").click()

    expect(panel.get_by_text("you need at least one payment method")).to_be_visible()
    expect(panel.get_by_text("The card was removed.")).to_have_count(0)


def test_after_one_invoice_is_paid_pay_all_offers_what_is_left(behind, browser_as, stripe_v1):
    page = browser_as(behind)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "/invoices/pay-all" in request.url else None)
    due = page.locator("#due-invoices")
    first = page.locator(f"#invoice-{behind.open[0]}")
    first.get_by_label("Pay with").select_option(label="Visa ending in 4242")
    first.get_by_role("button", name="Pay now").click()

    expect(first.get_by_text("is paid.")).to_be_visible()
    expect(due.get_by_role("button", name="Pay all 2 invoices: $30.00")).to_be_visible()
    expect(due.get_by_role("button", name="Pay all 3 invoices: $45.00")).to_have_count(0)

    second = page.locator(f"#invoice-{behind.open[1]}")
    second.get_by_label("Pay with").select_option(label="Visa ending in 4242")
    second.get_by_role("button", name="Pay now").click()
    expect(second.get_by_text("is paid.")).to_be_visible()
    expect(due.get_by_role("button", name=re.compile("^Pay all"))).to_have_count(0)
    expect(due.get_by_role("button", name="Pay now")).to_have_count(1)
    assert [stripe_v1.invoices.retrieve(i).status for i in behind.open] == ["paid", "paid", "open"]
    assert len(asked) == 2

    last = page.locator(f"#invoice-{behind.open[2]}")
    last.get_by_label("Pay with").select_option(label="Visa ending in 4242")
    last.get_by_role("button", name="Pay now").click()
    expect(last.get_by_text("is paid.")).to_be_visible()
    page.wait_for_timeout(500)
    assert len(asked) == 2, "with no Pay all on the page, paying asks for none"


def test_pay_all_in_a_tab_older_than_a_payment_pays_nothing_and_shows_what_is_left(behind, browser_as, stripe_v1):
    older = browser_as(behind)
    newer = older.context.new_page()
    newer.goto(older.url)
    paying = newer.locator(f"#invoice-{behind.open[0]}")
    paying.get_by_label("Pay with").select_option(label="Visa ending in 4242")
    paying.get_by_role("button", name="Pay now").click()
    expect(paying.get_by_text("is paid.")).to_be_visible()

    due = older.locator("#due-invoices")
    due.get_by_label("Pay all with").select_option(label="Visa ending in 4242")
    due.get_by_role("button", name="Pay all 3 invoices: $45.00").click()

    expect(due.get_by_role("alert")).to_have_text(re.compile("^What is due changed since this page was shown"))
    expect(due.get_by_role("button", name="Pay all 2 invoices: $30.00")).to_be_visible()
    assert [stripe_v1.invoices.retrieve(i).status for i in behind.open] == ["paid", "open", "open"]


def test_three_open_invoices_are_paid_at_once_and_the_card_that_paid_is_kept(behind, browser_as, stripe_v1):
    page = browser_as(behind)
    due = page.locator("#due-invoices")
    expect(due.get_by_text("These invoices are waiting for payment.")).to_be_visible()
    due.get_by_label("Pay all with").select_option(label="Mastercard ending in 4444")
    due.get_by_role("button", name="Pay all 3 invoices: $45.00").click()

    expect(due.get_by_text("are paid.")).to_be_visible()
    expect(due.get_by_role("button", name="Pay now")).to_have_count(0)
    card = page.locator(f"#subscription-{behind.subscription.id}")
    expect(card.get_by_text("Active", exact=True)).to_be_visible()
    expect(card.get_by_text("Past due")).to_have_count(0)
    due.get_by_role("button", name="Pay with Mastercard ending in 4444 from now on").click()

    panel = page.locator("#payment-methods")
    expect(panel.get_by_text("Your default card was changed.")).to_be_visible()
    expect(panel.locator("li", has_text="Mastercard ending in 4444").get_by_text("Default", exact=True)).to_be_visible()
    expect(page.get_by_text("from now on")).to_have_count(0)
    assert stripe_v1.customers.retrieve(behind.id).invoice_settings.default_payment_method == behind.cards[1]
