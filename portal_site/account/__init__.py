"""The signed-in customer's pages: subscriptions, payment methods, billing details, invoices."""
from flask import Blueprint

from .. import customer_sessions
from .panels import return_url

bp = Blueprint("account", __name__)


@bp.context_processor
def signed_in_header():
    """What the header of every account page shows: who is signed in and the way back to the merchant."""
    row = customer_sessions.current()
    return {"session_email": row.email if row else "", "merchant_return_url": return_url() if row else None}


from . import routes, subscriptions  # noqa: E402,F401
