"""Each product form field: what is accepted, and each refusal with the reason a merchant reads."""
import pytest

from admin_catalog.helpers import product_form, stripe_client


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Enter the product&#39;s name."),
    ("name", "   ", "Enter the product&#39;s name."),
    ("name", "x" * 251, "Use at most 250 characters."),
    ("description", "x" * 2001, "Use at most 2000 characters."),
    ("tax_code", "vat20", "Choose a tax code from the list (they look like txcd_10000000)."),
    ("tax_code", "txcd_1000", "Choose a tax code from the list (they look like txcd_10000000)."),
    ("statement_descriptor", "Acme", "Must be 5 to 22 characters long; this is 4."),
    ("statement_descriptor", "A" * 23, "Must be 5 to 22 characters long; this is 23."),
    ("statement_descriptor", "12345 678", "Must contain at least one letter."),
    ("statement_descriptor", "ACME <SHOP>", "Cannot contain &lt; &gt; \\ &#39; &#34; or *; remove &lt; &gt;."),
    ("statement_descriptor", "ACME\\SHOP", "remove \\."),
    ("statement_descriptor", "O'NEIL SHOP", "remove &#39;."),
    ("statement_descriptor", 'ACME "PRO"', "remove &#34;."),
    ("statement_descriptor", "ACME*SHOP", "remove *."),
    ("unit_label", "x" * 13, "Use at most 12 characters; this is 13."),
])
def test_invalid_values_are_refused_with_their_reason(signed_in, emulator, field, value, message):
    response = signed_in.post("/admin/products/new", data=product_form(**{field: value}))
    assert response.status_code == 422
    assert message in response.text
    assert f'id="{field}-error"' in response.text
    assert 'aria-invalid="true"' in response.text
    if field != "name":
        assert 'value="Team plan"' in response.text
    assert stripe_client(emulator).v1.products.list().data == []


@pytest.mark.parametrize("field,value,stored", [
    ("name", "  Pro plan  ", "Pro plan"),
    ("tax_code", "txcd_10000000", "txcd_10000000"),
    ("tax_code", "txcd_12345678", "txcd_12345678"),
    ("statement_descriptor", "ACME1", "ACME1"),
    ("statement_descriptor", "A" * 22, "A" * 22),
    ("statement_descriptor", "ACME.COM SHOP-2", "ACME.COM SHOP-2"),
    ("unit_label", "x" * 12, "x" * 12),
    ("description", "Line one\nLine two", "Line one\nLine two"),
])
def test_valid_values_reach_stripe(signed_in, emulator, field, value, stored):
    response = signed_in.post("/admin/products/new", data=product_form(**{field: value}))
    assert response.status_code == 303
    [product] = stripe_client(emulator).v1.products.list().data
    assert getattr(product, field) == stored


def test_htmx_validation_errors_swap_the_form_only(signed_in, emulator):
    response = signed_in.post("/admin/products/new", data=product_form(unit_label="x" * 13),
                              headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith("<form")
    assert "<html" not in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_the_tax_code_list_offers_common_codes_with_their_names(signed_in, emulator):
    page = signed_in.get("/admin/products/new")
    assert 'list="tax-codes"' in page.text
    assert '<option value="txcd_10000000">General - Electronically Supplied Services</option>' in page.text
    assert '<option value="txcd_10103001">Software as a service (SaaS) - business use</option>' in page.text
