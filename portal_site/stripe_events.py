"""What the portal does about a Stripe event once its webhook is verified and seen for the first time."""
from portal_site import notifications
from portal_site.billing.webhooks import WebhookEvent
from portal_site.storage import cache


def handle(event: WebhookEvent) -> None:
    """Act on `event`: drop the cached pages of the customer it is about, and send the customer emails it calls for."""
    cache.invalidate(event.customer_id)
    notifications.handle(event)
