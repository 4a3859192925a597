"""The merchant server API: Stripe's billing portal API under /v1 (`stripe_api`), the older /api/v1
(`routes`), both with API keys, and the one-time session links they create."""
from portal_site.api.routes import bp, links_bp
from portal_site.api.stripe_api import bp as stripe_bp

__all__ = ["bp", "links_bp", "stripe_bp"]
