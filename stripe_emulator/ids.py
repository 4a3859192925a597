"""Stripe-style object ids (`cus_...`, `price_...`) and client secrets."""

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def random_token(length: int = 24) -> str:
    """Return `length` random base-62 characters, like the tail of a Stripe id."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def new_id(prefix: str, length: int = 24) -> str:
    """Return a fresh id such as `pm_1Q2w3E...` for the given prefix."""
    return f"{prefix}_{random_token(length)}"


def client_secret(object_id: str) -> str:
    """Return a client secret for a SetupIntent/PaymentIntent id, as Stripe shapes them."""
    return f"{object_id}_secret_{random_token(24)}"
