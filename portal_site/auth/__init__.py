"""Customer sign-in: login link, email, one-time passcode, sessions."""
from portal_site.auth.routes import bp

__all__ = ["bp"]
