"""The merchant server API under /api/v1 (API keys), and the one-time session links it creates."""
from portal_site.api.routes import bp, links_bp

__all__ = ["bp", "links_bp"]
