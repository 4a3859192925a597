"""The signed-in customer's pages: subscriptions, payment methods, billing details, invoices.

Each module below adds its views to the one blueprint of `blueprint`.
"""
from portal_site.account import (
    billing_details,
    flows,
    invoices,
    overview,
    payment_methods,
    subscription_changes,
    subscriptions,
    update_confirm,
)
from portal_site.account.blueprint import bp

__all__ = ["billing_details", "flows", "invoices", "overview", "payment_methods", "subscription_changes", "subscriptions", "update_confirm",
           "bp"]
