"""Plain helpers for the sign-in tests (fixtures live in conftest.py)."""
import re

from tests.conftest import Mailbox

CODE_IN_TEXT = re.compile(r"^\s+(\d{3}) (\d{3})\s*$", re.MULTILINE)
PER_RESPONSE = re.compile(r'<input[^>]*name="csrf_token"[^>]*>|"X-CSRFToken": "[^"]*"|nonce="[^"]*"')


def code_from(message):
    """The passcode in an email's text part, as the customer would type it."""
    match = CODE_IN_TEXT.search(Mailbox.text(message))
    assert match, Mailbox.text(message)
    return match.group(1) + match.group(2)


def ask_for_code(client, token, email, **headers):
    return client.post(f"/p/login/{token}", data={"email": email}, headers=headers)


def enter_code(client, token, code, **headers):
    return client.post(f"/p/login/{token}/code", data={"code": code}, headers=headers)


def without_csrf(body):
    """A page without what differs on every response anyway: CSRF tokens and the CSP nonce."""
    return PER_RESPONSE.sub("", body)


def wrong(code):
    """A 6-digit code that is not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"
