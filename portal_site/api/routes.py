"""`POST /api/v1/portal_sessions` (the older API; Stripe's is `stripe_api`) and the `/p/session/<token>` URL."""
from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from portal_site.account import flows
from portal_site.billing import BillingError, NotFound
from portal_site.billing.customers import get_customer
from portal_site.i18n import supported
from portal_site.merchants import api_keys
from portal_site.signin import customer_sessions, session_links
from portal_site.web.security import is_web_url

bp = Blueprint("api", __name__)
links_bp = Blueprint("session_links", __name__)


def _error(status, message, param=None):
    return jsonify(error={"message": message, "param": param}), status


@bp.before_request
def require_api_key():
    header = request.headers.get("Authorization", "")
    secret = header[7:].strip() if header.startswith("Bearer ") else None
    g.api_key = api_keys.authenticate(secret)
    if g.api_key is None:
        return _error(401, "A valid API key is required: send it as 'Authorization: Bearer bpk_...'.")
    return None


class BadParameter(Exception):
    def __init__(self, message, param=None):
        super().__init__(message)
        self.message, self.param = message, param


@bp.errorhandler(BadParameter)
def bad_parameter(error):
    return _error(400, error.message, error.param)


@bp.errorhandler(BillingError)
def stripe_refused(error):
    return _error(error.status, str(error.message))


def _parameters():
    """The request's parameters: a JSON object, or form fields as Stripe's own API takes them."""
    if not request.is_json:
        return request.form
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadParameter("The request body must be a JSON object, e.g. {\"customer\": \"cus_...\"}.")
    return data


def _text(data, name):
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadParameter(f"'{name}' must be a string.", name)
    return value.strip()


@bp.post("/portal_sessions")
def create_portal_session():
    data = _parameters()
    customer_id = _text(data, "customer")
    if not customer_id:
        return _error(400, "The 'customer' parameter (a Stripe customer id) is required.", "customer")
    return_url = _text(data, "return_url") or None
    if return_url and not is_web_url(return_url):
        return _error(400, "'return_url' must be an absolute http or https URL with a host, "
                           "at most 2048 characters.", "return_url")
    locale = _text(data, "locale")
    if locale and not supported(locale):
        return _error(400, "'locale' is not a language the portal offers.", "locale")
    try:
        customer = get_customer(customer_id)
    except NotFound:
        return _error(404, f"No such customer: '{customer_id}'.", "customer")
    link, token = session_links.create(customer.id, return_url=return_url, locale=supported(locale),
                                       api_key=g.api_key)
    url = f"{current_app.config['PORTAL_BASE_URL']}{url_for('session_links.open_session', token=token)}"
    return jsonify(object="portal_session", customer=customer.id, url=url, return_url=return_url,
                   expires_at=int(link.expires_at.timestamp())), 201


@links_bp.get("/session/<token>")
def open_session(token):
    link = session_links.redeem(token)
    if link is None:
        return render_template("auth/session_link_used.html"), 404
    customer = get_customer(link.customer_id)
    customer_sessions.start(customer.id, customer.email or "", locale=link.locale, return_url=link.return_url,
                            configuration_id=link.configuration_id, flow=link.flow)
    return redirect(flows.start_url(link.flow) if link.flow else url_for("account.index"))
