"""Fixtures for the merchant dashboard tests: a merchant account and a signed-in client."""
import pytest
from werkzeug.security import generate_password_hash

from admin_catalog.helpers import ADMIN_EMAIL, ADMIN_PASSWORD, sign_in
from portal_site.extensions import db
from portal_site.models import AdminUser


@pytest.fixture
def admin(app):
    """A merchant account; its password hashed cheaply (the CLI test covers the real hashing)."""
    with app.app_context():
        db.session.add(AdminUser(email=ADMIN_EMAIL,
                                 password_hash=generate_password_hash(ADMIN_PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()
    return ADMIN_EMAIL, ADMIN_PASSWORD


@pytest.fixture
def signed_in(client, admin):
    """A test client with a merchant signed in."""
    response = sign_in(client)
    assert response.status_code == 302
    return client
