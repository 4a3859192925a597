"""Small helpers shared by the subscription tests."""
import html
import secrets

HTMX = {"HX-Request": "true"}


def nonce():
    """A fresh form nonce, as `action_nonce()` renders one."""
    return secrets.token_urlsafe(12)


def text(response):
    """The response body as a person reads it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))
