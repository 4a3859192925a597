"""Sign-in asks Stripe once on the code's critical path, and the first account page reuses what it read."""
import requests

from portal_site import settings
from tests.auth.helpers import ask_for_code, code_from, enter_code

EMAIL = "ann@example.test"


def stripe_calls(emulator):
    return [(call["method"], call["path"])
            for call in requests.get(f"{emulator}/_emulator/requests", timeout=5).json()["data"]]


def forget_calls(emulator):
    requests.delete(f"{emulator}/_emulator/requests", timeout=5).raise_for_status()


def test_verify_reads_the_customer_once_and_the_first_page_does_not_read_it_again(
        emulator, client, token, mailbox, make_customer):
    customer = make_customer(EMAIL, name="Ann", tax_id_data=[{"type": "eu_vat", "value": "DE123456789"}])
    ask_for_code(client, token, EMAIL)
    code = code_from(mailbox.wait(1)[0])
    forget_calls(emulator)

    assert enter_code(client, token, code).headers["Location"] == "/account/"
    assert stripe_calls(emulator) == [("GET", f"/v1/customers/{customer.id}")]

    forget_calls(emulator)
    page = client.get("/account/").get_data(as_text=True)
    calls = stripe_calls(emulator)
    assert ("GET", f"/v1/customers/{customer.id}") not in calls, "the details came with the sign-in's read"
    assert len(calls) == 4, calls
    assert "DE123456789" in page


def test_with_the_account_picker_verify_is_one_wave_of_lookups(app, emulator, client, token, mailbox, make_customer):
    with app.app_context():
        settings.save({"features": {"account_picker": {"enabled": True}}})
    make_customer(EMAIL, name="Ann at work")
    make_customer(EMAIL, name="Ann at home")
    ask_for_code(client, token, "Ann@Example.test")
    code = code_from(mailbox.wait(1)[0])
    forget_calls(emulator)

    response = enter_code(client, token, code)

    assert response.headers["Location"] == f"/p/login/{token}/account"
    assert stripe_calls(emulator) == [("GET", "/v1/customers")] * 2, "as typed and lower-cased, at once"
