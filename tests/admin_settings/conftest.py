"""Fixtures for the portal settings, branding, login link, lookup and activity tests."""
import io

import pytest
import stripe
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.security import generate_password_hash
from werkzeug.test import encode_multipart

from portal_site.extensions import db
from portal_site.models import AdminUser

ADMIN_EMAIL = "merchant@example.test"
ADMIN_PASSWORD = "a long and correct password"


def sign_in(client):
    return client.post("/admin/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})


@pytest.fixture
def admin(app):
    """A merchant account; its password hash is a cheap one, so each test signs in fast."""
    with app.app_context():
        hashed = generate_password_hash(ADMIN_PASSWORD, method="pbkdf2:sha256:1000")
        db.session.add(AdminUser(email=ADMIN_EMAIL, password_hash=hashed))
        db.session.commit()
    return ADMIN_EMAIL


@pytest.fixture
def signed_in(client, admin):
    """A test client with a merchant signed in through the dashboard's sign-in form."""
    assert sign_in(client).status_code == 302
    return client


@pytest.fixture
def browser_admin(page, live_server, admin):
    """A Playwright page signed in to the dashboard of the live server."""
    page.goto(f"{live_server}/admin/login")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/admin/")
    return page


def html(response):
    return response.get_data(as_text=True)


def price(stripe_v1, product_id, amount, interval, **extra):
    """A recurring USD price in the emulator."""
    params = {"product": product_id, "unit_amount": amount, "currency": "usd", "recurring": {"interval": interval}}
    return stripe_v1.prices.create(params={**params, **extra})


def features_form(**changes):
    """A valid submission of the portal settings form; a change of None leaves that field out (unchecked)."""
    data = {
        "customer_update_enabled": "y",
        "customer_update_fields": ["name", "address"],
        "invoice_history_enabled": "y",
        "payment_method_update_enabled": "y",
        "cancel_enabled": "y",
        "cancel_mode": "at_period_end",
        "cancel_proration": "none",
        "cancel_reason_enabled": "y",
        "cancel_reason_options": ["too_expensive", "unused"],
        "cancel_custom_question": "",
        "retention_coupon": "",
        "update_enabled": "y",
        "quantity_enabled": "y",
        "quantity_minimum": "1",
        "quantity_maximum": "10",
        "update_proration": "create_prorations",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def image_bytes(fmt="PNG", size=(64, 48)):
    """The bytes of an image file in `fmt`, made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def multipart(fields):
    """Test-client arguments posting `fields` as multipart/form-data, encoded in memory.

    The client's own encoder spools big bodies to a temporary file it never closes (a
    ResourceWarning, which this suite turns into an error). File values are (bytes, filename).
    """
    values = {
        name: FileStorage(io.BytesIO(value[0]), filename=value[1]) if isinstance(value, tuple) else value
        for name, value in fields.items()
    }
    boundary, body = encode_multipart(values)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


@pytest.fixture
def portal_sdk(live_server):
    """`portal_sdk(key)`: the official SDK pointed at the live portal with a portal API key."""

    def make(key):
        return stripe.StripeClient(key, base_addresses={"api": live_server}, max_network_retries=0).v1

    return make
