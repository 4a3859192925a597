"""The gateway to Stripe: the only package that imports `stripe`.

Views call the functions of its modules (`customers`, `subscriptions`, ...), get small
dataclasses back, and catch one error type, `BillingError`, whose message is safe to show.
"""
from portal_site.billing.client import init_app
from portal_site.billing.errors import BillingError, BillingUnavailable, NotFound

__all__ = ["BillingError", "BillingUnavailable", "NotFound", "init_app"]
