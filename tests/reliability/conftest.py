"""Fixtures for the attack and fault tests: a signed-in merchant and an active login link; their figures."""
import os

import pytest
from werkzeug.security import generate_password_hash

from portal_site.extensions import db
from portal_site.models import AdminUser
from portal_site.signin import login_links
from tests.reliability import figures

MERCHANT_EMAIL = "merchant@example.test"
MERCHANT_PASSWORD = "a long password"


@pytest.fixture
def merchant_account(app):
    with app.app_context():
        db.session.add(AdminUser(email=MERCHANT_EMAIL,
                                 password_hash=generate_password_hash(MERCHANT_PASSWORD, method="pbkdf2:sha256:1000")))
        db.session.commit()


@pytest.fixture
def merchant(app, merchant_account):
    """A test client with a merchant signed in through the dashboard's sign-in form."""
    client = app.test_client()
    assert client.post("/admin/login", data={"email": MERCHANT_EMAIL, "password": MERCHANT_PASSWORD}).status_code == 302
    return client


@pytest.fixture
def login_token(app):
    """The token of an active login link (`/p/login/<token>`)."""
    with app.app_context():
        return login_links.activate().token


def pytest_terminal_summary(terminalreporter):
    """`make attack` (ATTACK_FIGURES=1): the figures the attack and fault tests measured."""
    if os.environ.get("ATTACK_FIGURES") and figures.FIGURES:
        terminalreporter.section("attack and fault figures")
        for line in figures.lines():
            terminalreporter.write_line(line)
