"""Cancelling (at period end or now, with the reason survey), the retention offer, and renewing."""
import re

import pytest

from account_subscriptions.helpers import HTMX, nonce, text
from portal_site import settings
from portal_site.account.subscription_forms import REASON_LABELS


def test_cancel_at_period_end_stores_the_reason_in_stripe_and_the_activity_log(
        signed_in, customer, catalog, subscribe, stripe_v1, activity):
    sub = subscribe(customer, catalog["pro_monthly"])
    form = text(signed_in.get(f"/account/subscriptions/{sub.id}/cancel"))
    assert "I don't use it enough" in form and "Why are you canceling?" in form

    response = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={
        "reason": "too_expensive", "comment": "Budget cuts", "nonce": nonce(),
    })

    assert response.status_code == 303 and response.headers["Location"].endswith("/account/#subscriptions")
    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held.cancel_at_period_end is True and held.status == "active"
    assert held.cancellation_details.feedback == "too_expensive"
    assert held.cancellation_details.comment == "Budget cuts"
    [(action, customer_id, detail)] = activity("subscription.canceled")
    assert customer_id == customer.id
    assert detail["reason"] == "too_expensive" and detail["comment"] == "Budget cuts"
    assert detail["mode"] == "at_period_end" and detail["subscription"] == sub.id
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    assert "Cancels on" in page and "Renew subscription" in page and "Cancel subscription" not in page


def test_the_flash_after_a_plain_post_names_the_end_date(signed_in, customer, catalog, subscribe, stripe_v1):
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": nonce()},
                              follow_redirects=True)
    assert "Your subscription will end on" in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id).cancellation_details.feedback is None


def test_htmx_cancel_swaps_the_card_and_tells_other_panels(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX,
                              data={"reason": "unused", "nonce": nonce()})
    body = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "subscription-changed"
    assert f'id="subscription-{sub.id}"' in body and "<html" not in body
    assert "Cancels on" in body and "Renew subscription" in body


def test_cancel_immediately_with_the_merchants_question(
        signed_in, customer, catalog, subscribe, stripe_v1, configure, activity):
    configure(subscription_cancel={"mode": "immediately", "custom_question": "What would bring you back?"})
    sub = subscribe(customer, catalog["pro_monthly"])
    form = text(signed_in.get(f"/account/subscriptions/{sub.id}/cancel"))
    assert "What would bring you back? (optional)" in form and "Your subscription will end now." in form

    signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={
        "reason": "other", "comment": "Moving abroad", "answer": "A cheaper plan", "nonce": nonce(),
    })

    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held.status == "canceled"
    assert held.cancellation_details.feedback == "other"
    [(_action, _cid, detail)] = activity("subscription.canceled")
    assert detail["answer"] == "A cheaper plan" and detail["question"] == "What would bring you back?"
    assert detail["mode"] == "immediately"


def test_an_unknown_reason_is_refused_and_what_was_typed_is_kept(signed_in, customer, catalog, subscribe,
                                                                   stripe_v1):
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX, data={
        "reason": "bored", "comment": "keep me", "nonce": nonce(),
    })
    body = text(response)
    assert response.status_code == 422
    assert "Choose one of the reasons listed." in body and "keep me" in body
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is False


def test_renew_undoes_a_pending_cancellation(signed_in, customer, catalog, subscribe, stripe_v1, activity):
    sub = subscribe(customer, catalog["pro_monthly"], cancel_at_period_end=True)
    response = signed_in.post(f"/account/subscriptions/{sub.id}/renew", headers=HTMX, data={"nonce": nonce()})
    assert response.status_code == 200 and "Renews on" in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is False
    assert [row[0] for row in activity()] == ["subscription.renewed"]


def test_renew_is_refused_when_nothing_is_pending(signed_in, customer, catalog, subscribe):
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.post(f"/account/subscriptions/{sub.id}/renew", data={"nonce": nonce()})
    assert response.status_code == 403


def test_a_nonce_from_another_change_passes_no_check_and_hides_nothing_from_the_log(
        signed_in, customer, catalog, subscribe, stripe_v1, activity):
    sub = subscribe(customer, catalog["pro_monthly"])
    other = subscribe(customer, catalog["pro_yearly"])
    used = nonce()
    card = customer.invoice_settings.default_payment_method
    assert signed_in.post(f"/account/payment-methods/{card}/default", data={"nonce": used}).status_code == 303
    assert signed_in.post(f"/account/subscriptions/{other.id}/cancel", data={"nonce": used}).status_code == 303

    refused = signed_in.post(f"/account/subscriptions/{sub.id}/renew", data={"nonce": used})
    assert refused.status_code == 403, "renew is not possible: nothing is pending"
    assert signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": used}).status_code == 303

    assert [detail["subscription"] for _a, _c, detail in activity("subscription.canceled")] == [other.id, sub.id]
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is True


def _retention_coupon(stripe_v1, configure):
    coupon = stripe_v1.coupons.create(params={"percent_off": 50, "duration": "repeating",
                                                  "duration_in_months": 3})
    configure(subscription_cancel={"retention_coupon": coupon.id})
    return coupon


def test_retention_offer_accepted_applies_the_coupon_instead_of_cancelling(
        signed_in, customer, catalog, subscribe, stripe_v1, configure, activity):
    _retention_coupon(stripe_v1, configure)
    sub = subscribe(customer, catalog["pro_monthly"])

    offer = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"reason": "too_expensive",
                                                                           "nonce": nonce()})
    page = text(offer)
    assert offer.status_code == 200 and "Stay and get 50% off for 3 months." in page
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is False

    signed_in.post(f"/account/subscriptions/{sub.id}/retain", data={"nonce": nonce()})

    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held.cancel_at_period_end is False and len(held.discounts) == 1
    upcoming = stripe_v1.invoices.create_preview(params={"customer": customer.id, "subscription": sub.id})
    assert upcoming.amount_due == 750, "50% off the $15 renewal"
    assert [row[0] for row in activity()] == ["subscription.retained"]
    again = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": nonce()})
    assert again.status_code == 303, "the offer is made once"
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is True


def test_accepting_the_retention_offer_keeps_the_reason_and_comment_given(
        signed_in, customer, catalog, subscribe, stripe_v1, configure, activity):
    _retention_coupon(stripe_v1, configure)
    sub = subscribe(customer, catalog["pro_monthly"])
    offer = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX, data={
        "reason": "too_expensive", "comment": "Half the price would do", "nonce": nonce()})
    accept_form = text(offer).split(f'hx-post="/account/subscriptions/{sub.id}/retain"')[1].split("</form>")[0]
    assert 'value="too_expensive"' in accept_form and 'value="Half the price would do"' in accept_form

    signed_in.post(f"/account/subscriptions/{sub.id}/retain", data={
        "reason": "too_expensive", "comment": "Half the price would do", "nonce": nonce()})

    [(_action, _cid, detail)] = activity("subscription.retained")
    assert detail["reason"] == "too_expensive" and detail["comment"] == "Half the price would do"


def test_the_retention_coupon_is_given_once_per_subscription_even_to_a_crafted_post(
        signed_in, customer, catalog, subscribe, stripe_v1, configure, activity):
    _retention_coupon(stripe_v1, configure)
    sub = subscribe(customer, catalog["pro_monthly"])
    first = nonce()
    assert signed_in.post(f"/account/subscriptions/{sub.id}/retain", data={"nonce": first}).status_code == 303
    assert signed_in.post(f"/account/subscriptions/{sub.id}/retain", data={"nonce": first}).status_code == 303

    again = signed_in.post(f"/account/subscriptions/{sub.id}/retain", data={"nonce": nonce()})

    assert again.status_code == 409 and "this offer is no longer available" in text(again)
    assert len(stripe_v1.subscriptions.retrieve(sub.id).discounts) == 1
    assert [row[0] for row in activity()] == ["subscription.retained"]


def test_retention_offer_declined_cancels_with_the_reason_given_before(
        signed_in, customer, catalog, subscribe, stripe_v1, configure):
    _retention_coupon(stripe_v1, configure)
    sub = subscribe(customer, catalog["pro_monthly"])
    signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"reason": "unused", "nonce": nonce()})

    response = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={
        "reason": "unused", "comment": "", "retention_declined": "1", "nonce": nonce(),
    })

    assert response.status_code == 303
    held = stripe_v1.subscriptions.retrieve(sub.id)
    assert held.cancel_at_period_end is True and held.cancellation_details.feedback == "unused"
    assert held.discounts == []


def test_cancellation_turned_off_hides_the_control_and_refuses(
        signed_in, customer, catalog, subscribe, stripe_v1, configure):
    configure(subscription_cancel={"enabled": False})
    sub = subscribe(customer, catalog["pro_monthly"])
    assert "Cancel subscription" not in text(signed_in.get(f"/account/subscriptions/{sub.id}"))
    assert "Cancel subscription" not in text(signed_in.get("/account/"))

    for response in (signed_in.get(f"/account/subscriptions/{sub.id}/cancel"),
                     signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": nonce()})):
        assert response.status_code == 403
        assert "Canceling online is turned off" in text(response)
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is False


def test_the_survey_can_be_turned_off(signed_in, customer, catalog, subscribe, configure):
    configure(subscription_cancel={"cancellation_reason": {"enabled": False}})
    sub = subscribe(customer, catalog["pro_monthly"])
    form = text(signed_in.get(f"/account/subscriptions/{sub.id}/cancel"))
    assert "Why are you canceling?" not in form and "Cancel subscription" in form


def test_a_stripe_refusal_is_explained_in_the_card(signed_in, customer, catalog, subscribe, stripe_v1, configure):
    coupon = _retention_coupon(stripe_v1, configure)
    sub = subscribe(customer, catalog["pro_monthly"])
    signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": nonce()})
    stripe_v1.coupons.delete(coupon.id)

    response = signed_in.post(f"/account/subscriptions/{sub.id}/retain", headers=HTMX, data={"nonce": nonce()})

    body = text(response)
    assert response.status_code == 409 and "HX-Retarget" not in response.headers
    assert f'id="subscription-{sub.id}"' in body and "this offer is no longer available" in body
    assert "Cancel subscription" in body, "the card keeps working"
    assert stripe_v1.subscriptions.retrieve(sub.id).discounts == []


def test_cancel_now_with_proration_credits_the_unused_time(signed_in, customer, catalog, subscribe, stripe_v1,
                                                           configure):
    configure(subscription_cancel={"mode": "immediately", "proration_behavior": "always_invoice"})
    sub = subscribe(customer, catalog["pro_monthly"])
    form = {"reason": "unused", "nonce": nonce()}
    first = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data=form)
    again = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data=form)

    assert first.status_code == again.status_code == 303
    invoices = stripe_v1.invoices.list(params={"subscription": sub.id}).data
    assert len(invoices) == 2, "the first invoice and one final invoice, even after a double submit"
    assert invoices[0].billing_reason == "subscription_update" and invoices[0].total < 0


def test_cancel_now_without_proration_bills_nothing_more(signed_in, customer, catalog, subscribe, stripe_v1,
                                                         configure):
    configure(subscription_cancel={"mode": "immediately", "proration_behavior": "none"})
    sub = subscribe(customer, catalog["pro_monthly"])
    response = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", headers=HTMX, data={"nonce": nonce()})
    assert "This subscription has ended." in text(response) and "Cancel subscription" not in text(response)
    assert len(stripe_v1.invoices.list(params={"subscription": sub.id}).data) == 1


@pytest.mark.csrf
def test_the_cancel_form_carries_its_csrf_token(signed_in, customer, catalog, subscribe, stripe_v1):
    sub = subscribe(customer, catalog["pro_monthly"])
    page = text(signed_in.get(f"/account/subscriptions/{sub.id}/cancel"))
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    form_nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)

    forged = signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"nonce": form_nonce})
    assert forged.status_code == 400 and stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is False

    signed_in.post(f"/account/subscriptions/{sub.id}/cancel", data={"csrf_token": token, "nonce": form_nonce})
    assert stripe_v1.subscriptions.retrieve(sub.id).cancel_at_period_end is True


def test_every_stripe_reason_has_a_label_and_the_merchant_picks_which_to_offer(
        signed_in, customer, catalog, subscribe, configure):
    assert set(REASON_LABELS) == set(settings.CANCELLATION_REASONS)
    configure(subscription_cancel={"cancellation_reason": {"options": ["too_expensive", "other"]}})
    sub = subscribe(customer, catalog["pro_monthly"])
    form = text(signed_in.get(f"/account/subscriptions/{sub.id}/cancel"))
    assert form.count('name="reason"') == 2 and "It's too expensive" in form and "Other reason" in form
