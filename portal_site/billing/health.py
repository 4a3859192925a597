"""Is Stripe reachable with the configured key?"""
from portal_site.billing.client import call, v1
from portal_site.billing.errors import BillingError


def stripe_reachable() -> bool:
    try:
        call(v1().customers.list, params={"limit": 1}, options={"max_network_retries": 0})
    except BillingError:
        return False
    return True
