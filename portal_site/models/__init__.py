"""The data the portal owns; Stripe holds everything else."""
from portal_site.models.actions import CustomerAction
from portal_site.models.activity import ActivityLog
from portal_site.models.admin import AdminUser, ApiIdempotentRequest, ApiKey
from portal_site.models.customer_auth import (
    CustomerSession,
    LoginLink,
    PasscodeChallenge,
    PortalSessionLink,
)
from portal_site.models.jobs import Job
from portal_site.models.media import Media
from portal_site.models.notifications import EmailSignInLink, SentNotification
from portal_site.models.settings import PortalConfiguration, PortalSettings
from portal_site.models.webhooks import ProcessedWebhookEvent

__all__ = [
    "ActivityLog",
    "AdminUser",
    "ApiIdempotentRequest",
    "ApiKey",
    "CustomerAction",
    "CustomerSession",
    "EmailSignInLink",
    "Job",
    "LoginLink",
    "Media",
    "PasscodeChallenge",
    "PortalConfiguration",
    "PortalSessionLink",
    "PortalSettings",
    "ProcessedWebhookEvent",
    "SentNotification",
]
