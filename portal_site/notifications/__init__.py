"""Emails that bring customers back: a failed payment, a trial ending, a yearly renewal, a card expiring.

`kinds` says what each email is about and which Stripe event starts it, `content` reads what it says from
the event (and Stripe), `sending` decides whether to send (setting on, first time, the customer the
shared-email rule picks) and sends, `previews` renders each one with sample values for the dashboard.
"""
from portal_site.notifications.kinds import KINDS
from portal_site.notifications.sending import handle

__all__ = ["KINDS", "handle"]
