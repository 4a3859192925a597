"""The account area's blueprint and what the header of every account page shows."""
from flask import Blueprint

from portal_site.account.panels import return_url
from portal_site.signin import customer_sessions

bp = Blueprint("account", __name__)


@bp.context_processor
def signed_in_header():
    """What the header of every account page shows: who is signed in and the way back to the merchant."""
    row = customer_sessions.current()
    return {"session_email": row.email if row else "", "merchant_return_url": return_url() if row else None}

