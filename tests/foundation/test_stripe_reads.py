"""The gateway's plain reads (`client.read`, `read_all`): Stripe's JSON as it is, every page of a list, and
Stripe's errors as the portal's."""
import pytest

from portal_site.billing import client
from portal_site.billing.errors import BillingError


def test_read_all_follows_every_page(app, stripe_v1):
    made = [stripe_v1.products.create(params={"name": f"Plan {index}"}).id for index in range(5)]
    with app.app_context():
        found = client.read_all("/v1/products", {"limit": 2})
    assert sorted(product["id"] for product in found) == sorted(made)
    assert {product["object"] for product in found} == {"product"}


def test_a_read_expands_what_it_is_asked_to(app, stripe_v1):
    customer = stripe_v1.customers.create(params={"email": "ann@example.test"})
    stripe_v1.customers.tax_ids.create(customer.id, params={"type": "eu_vat", "value": "DE123456789"})
    with app.app_context():
        read = client.read(f"/v1/customers/{customer.id}", {"expand": ["tax_ids"]})
    assert read["email"] == "ann@example.test"
    assert [tax_id["value"] for tax_id in read["tax_ids"]["data"]] == ["DE123456789"]


def test_a_read_of_what_stripe_does_not_have_is_the_portals_error(app):
    with app.app_context(), pytest.raises(BillingError) as raised:
        client.read("/v1/customers/cus_missing", {})
    assert raised.value.status == 404
