"""The data the portal owns; Stripe holds everything else."""
from .activity import ActivityLog
from .admin import AdminUser, ApiKey
from .customer_auth import CustomerSession, LoginLink, PasscodeChallenge, PortalSessionLink
from .media import Media
from .settings import PortalSettings
from .webhooks import ProcessedWebhookEvent

__all__ = [
    "ActivityLog",
    "AdminUser",
    "ApiKey",
    "CustomerSession",
    "LoginLink",
    "Media",
    "PasscodeChallenge",
    "PortalSessionLink",
    "PortalSettings",
    "ProcessedWebhookEvent",
]
