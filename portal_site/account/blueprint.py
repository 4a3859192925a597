"""The account area's blueprint: every page needs a signed-in customer, and shows who it is."""
from flask import Blueprint, url_for
from werkzeug.wrappers import Response

from portal_site import settings
from portal_site.account.panels import return_url
from portal_site.settings import configurations
from portal_site.signin import customer_sessions
from portal_site.web import htmx

bp = Blueprint("account", __name__)


@bp.before_request
def require_customer() -> Response | None:
    """Others go to sign in (htmx: 401 with HX-Redirect, so no sign-in page lands in a panel)."""
    row = customer_sessions.current()
    if row is None:
        return htmx.sign_in_again(url_for("auth.signed_out"))
    if row.configuration_id:
        settings.use(configurations.settings_for(row.configuration_id))
    return None


@bp.context_processor
def signed_in_header():
    """What the header of every account page shows: who is signed in and the way back to the merchant."""
    row = customer_sessions.current()
    return {"session_email": row.email if row else "", "merchant_return_url": return_url() if row else None}

