"""The merchant dashboard: catalogue, coupons, portal settings, branding, login link, activity.

Every view requires a signed-in merchant, except the sign-in page itself (the guard is in
`auth`). Each module below adds its views to the one blueprint of `blueprint`.
"""
from portal_site.admin import (
    activity,
    api_keys,
    auth,
    branding,
    catalog,
    configurations,
    coupons,
    customer_emails,
    login_link,
    lookup,
    own_words,
    portal_settings,
    routes,
)
from portal_site.admin.blueprint import bp

__all__ = [
    "activity", "api_keys", "auth", "branding", "catalog", "configurations", "coupons", "customer_emails",
    "login_link", "lookup", "own_words", "portal_settings", "routes", "bp",
]
