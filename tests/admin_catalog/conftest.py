"""Fixtures for the merchant dashboard tests: a merchant account and a signed-in client."""
import pytest

from portal_site import admins

from .helpers import ADMIN_EMAIL, ADMIN_PASSWORD, sign_in


@pytest.fixture
def admin(app):
    with app.app_context():
        admins.create(ADMIN_EMAIL, ADMIN_PASSWORD)
    return ADMIN_EMAIL, ADMIN_PASSWORD


@pytest.fixture
def signed_in(client, admin):
    """A test client with a merchant signed in."""
    response = sign_in(client)
    assert response.status_code == 302
    return client
