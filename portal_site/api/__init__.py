"""The merchant server API under /api/v1 (API keys), and the one-time session links it creates."""
from flask import Blueprint

bp = Blueprint("api", __name__)
links_bp = Blueprint("session_links", __name__)

from . import routes  # noqa: E402,F401
