"""Stripe webhooks at /stripe/webhooks: verified, each event processed once."""
from portal_site.webhooks.routes import bp

__all__ = ["bp"]
