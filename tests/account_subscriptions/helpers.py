"""Small helpers shared by the subscription tests."""
import html
import re
import secrets

HTMX = {"HX-Request": "true"}


def nonce():
    """A fresh form nonce, as `action_nonce()` renders one."""
    return secrets.token_urlsafe(12)


def text(response):
    """The response body as a person reads it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def follow_up_url(page):
    """The one request a page (or a card) makes after it for the next invoices it does not know yet, or None."""
    found = re.search(r'hx-get="([^"]*/account/subscriptions/upcoming\?[^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def follow_up(client, response):
    """That request, made as htmx makes it; its body holds each next invoice to swap into its card."""
    url = follow_up_url(response.get_data(as_text=True))
    assert url, "the page asks for no next invoice"
    return client.get(url, headers=HTMX)
