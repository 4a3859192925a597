"""Is Stripe reachable with the configured key?"""
from .client import call, v1
from .errors import BillingError


def stripe_reachable():
    try:
        call(v1().customers.list, params={"limit": 1}, options={"max_network_retries": 0})
    except BillingError:
        return False
    return True
