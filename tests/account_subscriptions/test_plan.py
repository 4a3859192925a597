"""Switching plan: the allowed choices, the proration preview, what Stripe then bills (downgrades that wait
for the period end: test_scheduled_changes.py)."""
import re

from account_subscriptions.helpers import HTMX, nonce, text


def _preview(client, sub, price, headers=None):
    response = client.get(f"/account/subscriptions/{sub.id}/plan", query_string={"price": price.id}, headers=headers)
    assert response.status_code == 200, text(response)
    page = text(response)
    proration_date = re.search(r'name="proration_date" value="(\d+)"', page).group(1)
    return page, proration_date


def test_the_choices_are_the_other_active_recurring_prices_in_the_same_currency(
        signed_in, customer, catalog, subscribe, stripe_v1):
    euro = stripe_v1.prices.create(params={"product": catalog["pro_monthly"].product, "unit_amount": 1400,
                                               "currency": "eur", "recurring": {"interval": "month"}})
    sub = subscribe(customer, catalog["pro_monthly"])
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan"))
    assert f'value="{catalog["pro_yearly"].id}"' in page and f'value="{catalog["basic_monthly"].id}"' in page
    assert f'value="{catalog["pro_monthly"].id}"' not in page and euro.id not in page
    assert "$150.00 per seat per year" in page and "$5.00 per month" in page


def test_allowed_prices_limit_the_choices_and_the_endpoint(signed_in, customer, catalog, subscribe, configure,
                                                           stripe_v1):
    configure(subscription_update={"allowed_prices": [catalog["pro_monthly"].id, catalog["pro_yearly"].id]})
    sub = subscribe(customer, catalog["pro_monthly"])
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/plan"))
    assert catalog["pro_yearly"].id in page and catalog["basic_monthly"].id not in page

    response = signed_in.post(f"/account/subscriptions/{sub.id}/plan", headers=HTMX,
                              data={"price": catalog["basic_monthly"].id, "nonce": nonce()})
    assert response.status_code == 422 and "Choose one of the plans listed." in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].price.id == catalog["pro_monthly"].id


def test_always_invoice_preview_matches_the_invoice_stripe_creates(
        signed_in, customer, catalog, subscribe, stripe_v1, configure, activity):
    configure(subscription_update={"proration_behavior": "always_invoice"})
    sub = subscribe(customer, catalog["pro_monthly"])
    page, proration_date = _preview(signed_in, sub, catalog["pro_yearly"])
    charged = re.search(r"Charged now: (\$[\d,.]+)", page).group(1)

    response = signed_in.post(f"/account/subscriptions/{sub.id}/plan", headers=HTMX, data={
        "price": catalog["pro_yearly"].id, "proration_date": proration_date, "nonce": nonce(),
    })

    assert response.status_code == 200 and response.headers["HX-Trigger"] == "subscription-changed"
    assert "Your plan is now Pro, $150.00 per seat per year." in text(response)
    held = stripe_v1.subscriptions.retrieve(sub.id, params={"expand": ["latest_invoice"]})
    assert held["items"].data[0].price.id == catalog["pro_yearly"].id
    assert f"${held.latest_invoice.amount_due / 100:,.2f}" == charged
    [(_action, _cid, detail)] = activity("subscription.plan_changed")
    assert detail["from_price"] == catalog["pro_monthly"].id and detail["to_price"] == catalog["pro_yearly"].id


def test_create_prorations_preview_shows_the_proration_lines_stripe_adds(
        signed_in, customer, catalog, subscribe, stripe_v1):
    sub = subscribe(customer, catalog["basic_monthly"], quantity=2)
    page, proration_date = _preview(signed_in, sub, catalog["pro_monthly"])
    adjustment = re.search(r"Added to your next invoice on [^:]+: (\$[\d,.]+)", page).group(1)
    next_total = re.search(r"Next invoice: (\$[\d,.]+)", page).group(1)

    signed_in.post(f"/account/subscriptions/{sub.id}/plan", data={
        "price": catalog["pro_monthly"].id, "proration_date": proration_date, "nonce": nonce(),
    })

    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    prorations = [line.amount for line in upcoming.lines.data
                  if line.parent.subscription_item_details.proration]
    assert prorations and f"${sum(prorations) / 100:,.2f}" == adjustment
    assert f"${upcoming.amount_due / 100:,.2f}" == next_total


def test_htmx_preview_answers_only_the_preview_region(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.get(f"/account/subscriptions/{sub.id}/plan", query_string={"price": catalog["pro_yearly"].id},
                             headers={**HTMX, "HX-Target": f"preview-{sub.id}"})
    body = text(response)
    assert "Confirm the change" in body and "<article" not in body and "<html" not in body
    assert response.headers["Vary"] == "HX-Request" or "HX-Request" in response.headers["Vary"]


def test_an_upgrade_applies_at_once_even_with_downgrades_at_period_end(
        signed_in, customer, catalog, subscribe, stripe_v1, configure):
    configure(subscription_update={"downgrades_at_period_end": True, "proration_behavior": "none"})
    sub = subscribe(customer, catalog["basic_monthly"])
    signed_in.post(f"/account/subscriptions/{sub.id}/plan", data={"price": catalog["pro_monthly"].id, "nonce": nonce()})
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].price.id == catalog["pro_monthly"].id


def test_a_double_submit_switches_and_invoices_once(signed_in, customer, catalog, subscribe, stripe_v1,
                                                    configure, activity):
    configure(subscription_update={"proration_behavior": "always_invoice"})
    sub = subscribe(customer, catalog["pro_monthly"])
    form = {"price": catalog["pro_yearly"].id, "nonce": nonce()}
    first = signed_in.post(f"/account/subscriptions/{sub.id}/plan", data=form)
    second = signed_in.post(f"/account/subscriptions/{sub.id}/plan", data=form)
    assert first.status_code == second.status_code == 303
    invoices = stripe_v1.invoices.list(params={"customer": customer.id}).data
    assert len(invoices) == 2, "the first invoice and one proration invoice"
    assert len(activity("subscription.plan_changed")) == 1


def test_switching_turned_off_hides_the_control_and_refuses(signed_in, customer, catalog, subscribe, configure,
                                                            stripe_v1):
    configure(subscription_update={"enabled": False})
    sub = subscribe(customer, catalog["pro_monthly"])
    assert "Change plan" not in text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    assert "Change plan" not in text(signed_in.get("/account/"))
    response = signed_in.post(f"/account/subscriptions/{sub.id}/plan",
                              data={"price": catalog["pro_yearly"].id, "nonce": nonce()})
    assert response.status_code == 403 and "Changing plans online is turned off" in text(response)
    assert signed_in.get(f"/account/subscriptions/{sub.id}/plan").status_code == 403
    assert stripe_v1.subscriptions.retrieve(sub.id)["items"].data[0].price.id == catalog["pro_monthly"].id


def test_a_refused_card_leaves_the_plan_as_it_was_and_says_why(
        signed_in, customer, catalog, subscribe, stripe_v1, configure, activity):
    configure(subscription_update={"proration_behavior": "always_invoice"})
    sub = subscribe(customer, catalog["pro_monthly"])
    declining = stripe_v1.payment_methods.attach("pm_card_visa_chargeDeclinedInsufficientFunds",
                                                 params={"customer": customer.id})
    stripe_v1.customers.update(customer.id, params={"invoice_settings": {"default_payment_method": declining.id}})
    _page, proration_date = _preview(signed_in, sub, catalog["pro_yearly"])

    response = signed_in.post(f"/account/subscriptions/{sub.id}/plan", headers=HTMX, data={
        "price": catalog["pro_yearly"].id, "proration_date": proration_date, "nonce": nonce(),
    })

    assert response.status_code == 402
    assert "there is not enough money on the card" in text(response)
    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held["items"].data[0].price.id == catalog["pro_monthly"].id and held.status == "active"
    assert [invoice.billing_reason for invoice in stripe_v1.invoices.list(params={"customer": customer.id})] == [
        "subscription_create"]
    assert activity("subscription.plan_changed") == []
