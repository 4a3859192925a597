"""The "check a customer's email" tool: which Stripe customer signs in, and why."""
import re

import pytest
import requests

from admin_settings.conftest import html, price
from portal_site import activity, settings
from portal_site.signin import login_links, passcodes


def advance(emulator, seconds=60):
    requests.post(f"{emulator}/_emulator/advance", data={"seconds": seconds}, timeout=5).raise_for_status()


def test_two_customers_on_one_email_the_one_with_a_subscription_is_chosen(app, signed_in, stripe_v1, emulator):
    older = stripe_v1.customers.create(params={"email": "jenny@example.com", "name": "Jenny (work)"})
    plan = price(stripe_v1, stripe_v1.products.create(params={"name": "Pro"}).id, 1500, "month")
    stripe_v1.subscriptions.create(params={"customer": older.id, "items": [{"price": plan.id}], "trial_period_days": 14})
    advance(emulator)
    newer = stripe_v1.customers.create(params={"email": "jenny@example.com", "name": "Jenny (personal)"})
    with app.app_context():
        activity.record("signin.succeeded", actor_type="customer", actor="jenny@example.com", customer_id=older.id)

    page = html(signed_in.get("/admin/lookup?email=Jenny@Example.com"))

    assert f"The portal signs in <strong>Jenny (work)</strong> (<code>{older.id}</code>)." in page
    assert (f"{older.id} is the only one of the 2 customers with this email that has an active, "
            "trialing or past-due subscription.") in page
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.index(newer.id) < rows.index(older.id)
    assert rows.count("Chosen") == 1 and rows.index("Chosen") > rows.index(older.id)
    assert '<span class="badge">trialing</span>' in rows
    assert "· Signed in · " + older.id in page


def test_two_customers_without_subscriptions_the_newest_is_chosen(signed_in, stripe_v1, emulator):
    stripe_v1.customers.create(params={"email": "sam@example.com", "name": "Old Sam"})
    advance(emulator)
    newest = stripe_v1.customers.create(params={"email": "sam@example.com", "name": "New Sam"})

    page = html(signed_in.get("/admin/lookup?email=sam@example.com"))

    assert f"(<code>{newest.id}</code>)" in page
    assert f"None of the 2 customers with this email has an active, trialing or past-due subscription, so {newest.id}" in page


def test_the_account_picker_setting_is_explained(app, signed_in, stripe_v1):
    stripe_v1.customers.create(params={"email": "kim@example.com"})
    stripe_v1.customers.create(params={"email": "kim@example.com"})
    with app.test_request_context():
        settings.save({"features": {"account_picker": {"enabled": True}}})

    page = html(signed_in.get("/admin/lookup?email=kim@example.com"))

    assert "The account picker is on: after entering their code, this customer chooses between the 2 accounts below." in page


def test_an_unknown_email_says_nobody_would_be_signed_in(signed_in, stripe_v1):
    page = html(signed_in.get("/admin/lookup?email=nobody@example.com"))

    assert "No customer would be signed in." in page
    assert "No Stripe customer has the email nobody@example.com." in page


@pytest.mark.parametrize(("email", "message"), [
    ("", "Enter the email address to check."),
    ("jenny", "Enter an email address, such as jenny@example.com."),
    ("jenny@example", "Enter an email address, such as jenny@example.com."),
    ("je nny@example.com", "Enter an email address, such as jenny@example.com."),
    ("a" * 250 + "@example.com", "An email address is at most 254 characters."),
])
def test_invalid_emails_are_refused_with_a_message(signed_in, email, message):
    response = signed_in.get("/admin/lookup", query_string={"email": email})

    assert response.status_code == 422
    assert message in html(response)


def test_htmx_lookup_answers_with_the_tool_fragment(signed_in, stripe_v1):
    response = signed_in.get("/admin/lookup?email=nobody@example.com", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert html(response).lstrip().startswith('<div id="lookup">')


def test_codes_requested_for_the_email_show_whether_they_were_emailed(app, signed_in, stripe_v1, mailbox):
    customer = stripe_v1.customers.create(params={"email": "jenny@example.com"})
    with app.test_request_context():
        token = login_links.activate().token
    signed_in.post(f"/p/login/{token}", data={"email": "Jenny@example.com"})
    mailbox.wait(1)
    signed_in.post(f"/p/login/{token}", data={"email": "stranger@example.com"})
    with app.app_context():
        activity.record("signin.failed", actor_type="customer", actor="jenny@example.com",
                        customer_id=customer.id, reason="wrong_code")

    known = html(signed_in.get("/admin/lookup?email=jenny@example.com"))
    unknown = html(signed_in.get("/admin/lookup?email=stranger@example.com"))

    codes = known.split('id="codes-title"')[1].split("</table>")[0]
    assert f"<code>{customer.id}</code>" in codes and "<td>No</td>" in codes
    assert "· Sign-in failed · " + customer.id in known
    assert "Not emailed (no customer with this email, or not delivered)" in unknown


def test_the_correct_code_is_not_counted_as_a_wrong_try(app, signed_in, stripe_v1):
    with app.app_context():
        challenge, code = passcodes.issue("jenny@example.com")
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        assert passcodes.verify("jenny@example.com", wrong).outcome is passcodes.Outcome.WRONG
        assert passcodes.verify("jenny@example.com", code).ok

    page = html(signed_in.get("/admin/lookup?email=jenny@example.com"))

    row = page.split('id="codes-title"')[1].split("<tbody>")[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]*)</td>", row)[-2:] == ["Yes", "1"]
