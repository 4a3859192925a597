"""Redis down (REDIS_URL on a closed port): signing in keeps working, passcode checks refuse with 503, health says so."""
import pytest

from tests.conftest import Mailbox
from tests.reliability.conftest import MERCHANT_EMAIL, MERCHANT_PASSWORD


@pytest.fixture
def app_config(app_config):
    return {**app_config, "REDIS_URL": "redis://127.0.0.1:1/0"}


def test_a_customer_gets_a_code_and_checking_it_waits_for_redis(app, client, login_token, mailbox,
                                                                 stripe_v1):
    stripe_v1.customers.create(params={"email": "ada@example.test"})
    asked = client.post(f"/p/login/{login_token}", data={"email": "ada@example.test"})
    assert asked.status_code == 303
    [message] = mailbox.wait(1)
    assert Mailbox.text(message)
    checked = client.post(f"/p/login/{login_token}/code", data={"code": "123456"})
    assert checked.status_code == 503 and checked.headers["Retry-After"] == "30"
    assert "We cannot check codes just now." in checked.text


def test_the_dashboard_sign_in_works_and_stays_limited(app, client, merchant_account):
    signed_in = client.post("/admin/login", data={"email": MERCHANT_EMAIL, "password": MERCHANT_PASSWORD})
    assert signed_in.status_code == 302
    app.config["RATE_LIMITS"] = {"admin_signin_email": "1/minute"}
    other = app.test_client()
    answers = [other.post("/admin/login", data={"email": "someone@example.test", "password": "guess"}).status_code
               for _attempt in range(2)]
    assert answers == [422, 429]


def test_health_reports_redis_down(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "degraded", "database": True, "stripe": True, "redis": False, "queue": False}
