"""Fixtures shared by the whole-app checks: a signed-in merchant."""
import pytest
from werkzeug.security import generate_password_hash

from portal_site.extensions import db
from portal_site.models import AdminUser


@pytest.fixture
def merchant(app):
    """A test client with a merchant signed in through the dashboard's sign-in form."""
    with app.app_context():
        db.session.add(AdminUser(email="merchant@example.test",
                                 password_hash=generate_password_hash("a long password", method="pbkdf2:sha256:1000")))
        db.session.commit()
    client = app.test_client()
    assert client.post("/admin/login", data={"email": "merchant@example.test",
                                             "password": "a long password"}).status_code == 302
    assert client.get("/admin/").status_code == 200
    return client
