"""Billing details: each section saved to Stripe, validation, tax IDs, settings turning fields off."""
import re

import pytest

from account.helpers import HX, post

ADDRESS = {"address-line1": "1 Rue de Rivoli", "address-line2": "", "address-postal_code": "75001",
           "address-city": "Paris", "address-state": "", "address-country": "FR"}
SHIPPING = {"shipping-name": "Ada Lovelace", "shipping-phone": "+33 1 23 45 67 89", "shipping-line1": "2 Quai d'Orsay",
            "shipping-line2": "", "shipping-postal_code": "75007", "shipping-city": "Paris", "shipping-state": "",
            "shipping-country": "FR"}


def test_name_is_saved_and_the_section_swapped(customer, client, stripe_v1, activity):
    response = post(client, "/account/billing/name", {"name-name": "Ada Lovelace"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="billing-name"')
    assert "Your name was saved." in body and "Ada Lovelace" in body
    assert stripe_v1.customers.retrieve(customer.id).name == "Ada Lovelace"
    assert activity(customer.id) == ["billing.name"]


def test_phone_is_saved_without_javascript(customer, client, stripe_v1):
    response = post(client, "/account/billing/phone", {"phone-phone": "+44 20 7946 0000"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("#billing-phone")
    assert stripe_v1.customers.retrieve(customer.id).phone == "+44 20 7946 0000"
    assert "Your phone number was saved." in client.get("/account/").get_data(as_text=True)


def test_billing_address_is_saved(customer, client, stripe_v1):
    body = post(client, "/account/billing/address", ADDRESS, htmx=True).get_data(as_text=True)
    address = stripe_v1.customers.retrieve(customer.id).address
    assert (address.line1, address.postal_code, address.city, address.country) == ("1 Rue de Rivoli", "75001", "Paris", "FR")
    assert "1 Rue de Rivoli" in body and "Your billing address was saved." in body


def test_shipping_address_is_saved(customer, client, stripe_v1):
    post(client, "/account/billing/shipping", SHIPPING, htmx=True)
    shipping = stripe_v1.customers.retrieve(customer.id).shipping
    assert shipping.name == "Ada Lovelace" and shipping.address.line1 == "2 Quai d'Orsay"


def test_the_edit_forms_show_the_saved_details(make_customer, sign_in, client):
    made = make_customer(name="Grace Hopper", address={"line1": "3 Main St", "city": "Arlington", "country": "US"})
    sign_in(made)
    name = client.get("/account/billing/name/edit", headers=HX).get_data(as_text=True)
    assert name.lstrip().startswith('<details id="billing-name-form"') and 'value="Grace Hopper"' in name
    address = client.get("/account/billing/address/edit", headers=HX).get_data(as_text=True)
    assert 'value="3 Main St"' in address
    assert '<option selected value="US">' in address or 'value="US" selected' in address
    shipping = client.get("/account/billing/shipping/edit", headers=HX).get_data(as_text=True)
    shipping_street = re.search(r'<input[^>]*id="shipping-line1"[^>]*>', shipping).group(0)
    assert "3 Main St" not in shipping_street


def test_the_account_page_carries_no_edit_form_and_no_country_list(make_customer, sign_in, client):
    sign_in(make_customer(address={"line1": "3 Main St", "city": "Arlington", "country": "US"}))
    page = client.get("/account/").get_data(as_text=True)
    details = page.split('<section id="billing-details"')[1].split("</section>")[0]
    assert "<option" not in details and "<select" not in details and "Afghanistan" not in page
    assert page.count("<select") == 1, "the language select is the page's only one"
    for section, label in (("name", "Edit name"), ("address", "Edit billing address"),
                           ("shipping", "Edit shipping address")):
        assert f'href="/account/billing/{section}/edit" hx-get="/account/billing/{section}/edit"' in page
        assert label in page
    assert 'href="/account/billing/tax-ids/add"' in page


def test_without_javascript_the_edit_link_opens_a_form_that_saves(customer, client, stripe_v1):
    page = client.get("/account/billing/address/edit")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in body and "Back to your account" in body
    assert 'action="/account/billing/address"' in body and '<option value="FR">France</option>' in body
    saved = post(client, "/account/billing/address", ADDRESS)
    assert saved.status_code == 303 and saved.headers["Location"].endswith("#billing-address")
    assert stripe_v1.customers.retrieve(customer.id).address.city == "Paris"
    tax_page = client.get("/account/billing/tax-ids/add").get_data(as_text=True)
    assert 'action="/account/billing/tax-ids"' in tax_page and "<html" in tax_page


def test_an_edit_form_the_merchant_turned_off_is_refused(customer, client, portal_settings):
    portal_settings(customer_update={"enabled": True, "allowed_updates": ["name"]})
    assert client.get("/account/billing/address/edit").status_code == 403
    assert client.get("/account/billing/tax-ids/add", headers=HX).status_code == 403
    assert client.get("/account/billing/name/edit").status_code == 200


@pytest.mark.parametrize("htmx", [True, False])
def test_a_missing_street_keeps_what_was_typed_and_explains(customer, client, stripe_v1, htmx):
    response = post(client, "/account/billing/address", {**ADDRESS, "address-line1": ""}, htmx=htmx)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the street address." in body
    assert 'aria-invalid="true"' in body and 'value="Paris"' in body
    assert ("<html" in body) is not htmx
    assert stripe_v1.customers.retrieve(customer.id).address is None


def test_an_unknown_country_is_refused(customer, client):
    response = post(client, "/account/billing/address", {**ADDRESS, "address-country": "ZZ"}, htmx=True)
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


US_ADDRESS = {**ADDRESS, "address-line1": "12 Market St", "address-postal_code": "94103",
              "address-city": "San Francisco", "address-state": "california", "address-country": "US"}


def test_an_address_is_checked_against_its_countrys_rules(customer, client, stripe_v1):
    response = post(client, "/account/billing/address",
                    {**US_ADDRESS, "address-state": "", "address-postal_code": ""}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the state, province or region." in body and "Enter the postal code." in body
    assert 'value="San Francisco"' in body and 'value="12 Market St"' in body
    assert stripe_v1.customers.retrieve(customer.id).address is None


def test_a_postal_code_that_does_not_fit_the_country_is_explained(customer, client, stripe_v1):
    response = post(client, "/account/billing/address", {**US_ADDRESS, "address-postal_code": "9410"}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a valid postal code for United States. For example: 95014." in body
    assert 'value="9410"' in body
    assert stripe_v1.customers.retrieve(customer.id).address is None


def test_state_and_postal_code_are_saved_in_their_official_form(customer, client, stripe_v1):
    post(client, "/account/billing/address", US_ADDRESS, htmx=True)
    post(client, "/account/billing/shipping", {**SHIPPING, "shipping-postal_code": "sw1a 1aa",
                                               "shipping-city": "London", "shipping-country": "GB"}, htmx=True)
    stored = stripe_v1.customers.retrieve(customer.id)
    assert (stored.address.state, stored.address.city) == ("CA", "San Francisco")
    assert stored.shipping.address.postal_code == "SW1A 1AA"


def test_an_address_is_shown_as_its_country_writes_it_in_the_customers_language(make_customer, sign_in, client):
    sign_in(make_customer(address={
        "line1": "12 Market St", "city": "San Francisco", "state": "CA", "postal_code": "94103", "country": "US"}))
    page = client.get("/account/?locale=fr").get_data(as_text=True)
    assert "12 Market St<br>San Francisco, CA 94103<br>États-Unis" in re.sub(r"\s*<br>\s*", "<br>", page)


def test_tax_id_is_added_then_removed(customer, client, stripe_v1, activity):
    body = post(client, "/account/billing/tax-ids", {"tax_id-type": "eu_vat", "tax_id-value": "DE123456789"},
                htmx=True).get_data(as_text=True)
    assert "DE123456789" in body and "The tax ID was added." in body
    [tax_id] = stripe_v1.customers.tax_ids.list(customer.id).data
    body = post(client, f"/account/billing/tax-ids/{tax_id.id}/remove", htmx=True).get_data(as_text=True)
    assert "DE123456789" not in body
    assert stripe_v1.customers.tax_ids.list(customer.id).data == []
    assert sorted(activity(customer.id)) == ["billing.tax_id_added", "billing.tax_id_removed"]


def test_double_submitted_tax_id_is_added_once(customer, client, stripe_v1, activity):
    for _ in range(2):
        body = post(client, "/account/billing/tax-ids", {"tax_id-type": "eu_vat", "tax_id-value": "DE123456789"},
                    nonce="same", htmx=True).get_data(as_text=True)
    assert body.count("<strong>DE123456789</strong>") == 1
    assert len(stripe_v1.customers.tax_ids.list(customer.id).data) == 1
    assert activity(customer.id) == ["billing.tax_id_added"]


@pytest.mark.parametrize("htmx", [True, False])
def test_an_invalid_tax_id_gets_a_clear_message_and_keeps_the_value(customer, client, stripe_v1, htmx):
    response = post(client, "/account/billing/tax-ids", {"tax_id-type": "eu_vat", "tax_id-value": "123"}, htmx=htmx)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "That is not a valid EU VAT number." in body
    assert 'value="123"' in body
    assert response.headers.get("HX-Retarget") == ("#tax-id-add" if htmx else None)
    assert stripe_v1.customers.tax_ids.list(customer.id).data == []


def test_another_customers_tax_id_cannot_be_removed(customer, other, client, stripe_v1):
    foreign = stripe_v1.customers.tax_ids.create(other.id, params={"type": "eu_vat", "value": "FR12345678901"})
    response = post(client, f"/account/billing/tax-ids/{foreign.id}/remove", htmx=True)
    assert response.status_code == 404
    assert response.headers["HX-Retarget"] == "#billing-tax-ids-alerts"
    assert [t.id for t in stripe_v1.customers.tax_ids.list(other.id).data] == [foreign.id]


@pytest.mark.parametrize("section, url, data, marker", [
    ("name", "/account/billing/name", {"name-name": "X"}, 'id="billing-name"'),
    ("phone", "/account/billing/phone", {"phone-phone": "+1 555 0100"}, 'id="billing-phone"'),
    ("address", "/account/billing/address", ADDRESS, 'id="billing-address"'),
    ("shipping", "/account/billing/shipping", SHIPPING, 'id="billing-shipping"'),
    ("tax_id", "/account/billing/tax-ids", {"tax_id-type": "eu_vat", "tax_id-value": "DE123456789"}, 'id="billing-tax-ids"'),
])
def test_each_field_disappears_and_is_refused_when_not_allowed(customer, client, stripe_v1, portal_settings,
                                                                section, url, data, marker):
    allowed = [s for s in ("name", "address", "shipping", "phone", "tax_id") if s != section]
    portal_settings(customer_update={"enabled": True, "allowed_updates": allowed})
    page = client.get("/account/").get_data(as_text=True)
    assert marker not in page
    assert 'id="billing-details"' in page
    assert post(client, url, data, htmx=True).status_code == 403
    stored = stripe_v1.customers.retrieve(customer.id)
    assert stored.name is None and stored.phone is None and stored.address is None


def test_customer_update_off_hides_every_editable_field(customer, client, portal_settings):
    portal_settings(customer_update={"enabled": False})
    page = client.get("/account/").get_data(as_text=True)
    assert 'id="billing-name"' not in page and 'id="billing-tax-ids"' not in page
    assert customer.email in page
    assert post(client, "/account/billing/name", {"name-name": "X"}).status_code == 403


def test_htmx_form_error_replaces_only_the_form_so_the_saved_value_stays(customer, client):
    response = client.post("/account/billing/name", data={"name-name": "x" * 300, "nonce": "n"}, headers=HX)
    assert response.status_code == 422
    assert response.get_data(as_text=True).lstrip().startswith('<details id="billing-name-form"')
    assert response.headers["HX-Retarget"] == "#billing-name-form"
    assert response.headers["HX-Reswap"] == "outerHTML"


def test_double_submitted_address_is_one_change(customer, client, stripe_v1, activity):
    for _ in range(2):
        assert post(client, "/account/billing/address", ADDRESS, nonce="same", htmx=True).status_code == 200
    assert stripe_v1.customers.retrieve(customer.id).address.city == "Paris"
    assert activity(customer.id) == ["billing.address"]


def test_choosing_a_country_asks_for_the_address_as_that_country_writes_it(customer, client):
    typed = {"address-line1": "12 Market St", "address-city": "San Francisco", "address-country": "US"}
    body = client.get("/account/billing/address/form", query_string=typed, headers=HX).get_data(as_text=True)
    assert body.lstrip().startswith('<details id="billing-address-form"')
    assert ">ZIP code</label>" in body and ">State</label>" in body
    assert '<option value="California">' in body and 'value="12 Market St"' in body
    japan = client.get("/account/billing/address/form", query_string={**typed, "address-country": "JP"},
                       headers=HX).get_data(as_text=True)
    assert ">Prefecture</label>" in japan and 'id="address-city"' not in japan
    ireland = client.get("/account/billing/address/form", query_string={**typed, "address-country": "IE"},
                         headers=HX).get_data(as_text=True)
    assert ">Eircode (optional)</label>" in ireland


def test_the_address_form_follows_the_saved_country_in_the_customers_language(make_customer, sign_in, client):
    sign_in(make_customer(address={"line1": "1 Main St", "city": "Boston", "state": "MA", "country": "US"}))
    page = client.get("/account/billing/address/edit?locale=de").get_data(as_text=True)
    assert ">ZIP-Code</label>" in page and ">Bundesstaat</label>" in page


@pytest.mark.parametrize("country, typed, saved", [
    ("IE", "d02 x285", "D02 X285"), ("IE", "d02x285", "D02 X285"),
    ("NL", "1234 ab", "1234 AB"), ("NL", "1234ab", "1234 AB"), ("GB", "sw1a1aa", "SW1A 1AA"),
])
def test_a_lowercase_or_unspaced_postal_code_is_saved_as_the_country_writes_it(customer, client, stripe_v1,
                                                                               country, typed, saved):
    address = {**ADDRESS, "address-city": "Dublin", "address-postal_code": typed, "address-country": country}
    response = post(client, "/account/billing/address", address, htmx=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert stripe_v1.customers.retrieve(customer.id).address.postal_code == saved


def test_changing_the_country_drops_a_state_the_new_country_does_not_have(customer, client, stripe_v1):
    typed = {"address-line1": "1 Grand Canal Sq", "address-city": "Dublin", "address-state": "CA",
             "address-postal_code": "d02 x285", "address-country": "IE"}
    body = client.get("/account/billing/address/form", query_string=typed, headers=HX).get_data(as_text=True)
    county = re.search(r'<input[^>]*id="address-state"[^>]*>', body).group(0)
    assert 'value="CA"' not in county
    assert 'value="1 Grand Canal Sq"' in body and 'value="Dublin"' in body and 'value="d02 x285"' in body
    kept = client.get("/account/billing/address/form", query_string={**typed, "address-state": "Co. Dublin"},
                      headers=HX).get_data(as_text=True)
    assert 'value="Co. Dublin"' in kept
    us = client.get("/account/billing/address/form", query_string={**typed, "address-country": "US"},
                    headers=HX).get_data(as_text=True)
    assert 'value="CA"' in us
    saved = post(client, "/account/billing/address", {**ADDRESS, **{k: v for k, v in typed.items() if k != "address-state"}},
                 htmx=True)
    assert saved.status_code == 200
    assert stripe_v1.customers.retrieve(customer.id).address.state is None


@pytest.mark.parametrize("type_, value", [("in_gst", "22AAAAA0000A1Z5"), ("jp_cn", "x"), ("eu_vat", "123")])
def test_a_refused_tax_id_is_explained_in_the_portals_words_never_stripes(customer, client, stripe_v1, type_, value):
    response = post(client, "/account/billing/tax-ids", {"tax_id-type": type_, "tax_id-value": value}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 or (response.status_code == 200 and type_ == "in_gst")
    if response.status_code == 422:
        assert re.search(r"That is not a valid [^.]+\. Check the number|This type of tax ID \([^)]+\) cannot be", body)
        assert "emulator" not in body and "Invalid type" not in body and "Invalid value" not in body
        assert f'value="{value}"' in body


def test_a_refused_tax_id_reads_in_french(customer, client):
    response = post(client, "/account/billing/tax-ids?locale=fr", {"tax_id-type": "jp_cn", "tax_id-value": "x"},
                    htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "emulator" not in body and "Invalid" not in body
    assert "Ce type d’identifiant fiscal (Numéro d’entreprise japonais) ne peut pas être ajouté ici." in body \
        or "Ce numéro n’est pas valide (Numéro d’entreprise japonais)." in body
