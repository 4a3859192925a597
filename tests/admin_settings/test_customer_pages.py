"""What the merchant saves in the dashboard changes what customers see on their account page."""
import secrets

import pytest

from portal_site.customer_sessions import COOKIE_KEY
from portal_site.extensions import db
from portal_site.models import CustomerSession

from .conftest import features_form, html


@pytest.fixture
def customer_too(app, signed_in, stripe_api):
    """The merchant's client also signed in as a customer (a server-side session, as sign-in makes)."""
    customer = stripe_api.customers.create(params={"email": "ada@example.test", "name": "Ada"})
    with app.app_context():
        row = CustomerSession(id=secrets.token_urlsafe(32), customer_id=customer.id, email="ada@example.test")
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    with signed_in.session_transaction() as session:
        session[COOKIE_KEY] = row_id
    return signed_in


def test_turning_off_invoice_history_and_card_updates_hides_them_from_customers(customer_too):
    before = html(customer_too.get("/account/"))
    assert 'id="invoices-title"' in before and 'id="payment-methods-title"' in before

    saved = customer_too.post("/admin/settings", data=features_form(
        invoice_history_enabled=None, payment_method_update_enabled=None))
    assert saved.status_code == 302

    after = html(customer_too.get("/account/"))
    assert 'id="invoices-title"' not in after and 'id="payment-methods-title"' not in after
    assert 'id="billing-details-title"' in after
