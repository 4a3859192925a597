"""Posting account forms the way a browser does (with a form nonce), with or without htmx."""
import secrets

HX = {"HX-Request": "true"}


def post(client, url, data=None, htmx=False, nonce=None):
    form = {"nonce": nonce or secrets.token_urlsafe(8), **(data or {})}
    return client.post(url, data=form, headers=HX if htmx else {})
