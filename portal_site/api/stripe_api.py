"""Stripe's billing portal API, served by the portal: `/v1/billing_portal/sessions` and `/configurations`.

A merchant moving from Stripe's hosted portal points the official SDK at the portal with a portal API key:
`stripe.StripeClient(portal_api_key, base_addresses={"api": portal_url})`. Requests and answers have Stripe's
shapes (form or JSON bodies, `{"error": {...}}` refusals naming the param).
"""
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request, url_for
from werkzeug.wrappers import Response

from portal_site.api import configuration_rules
from portal_site.api.stripe_params import OneOf, StripeError, Url, body, check, invalid, missing, no_such
from portal_site.api.update_confirm import confirm_flow
from portal_site.billing import BillingError, NotFound
from portal_site.billing.customers import get_customer
from portal_site.billing.subscription_discounts import retention_offer
from portal_site.billing.subscriptions import Subscription, owned
from portal_site.i18n import supported
from portal_site.merchants import api_keys, idempotency
from portal_site.settings import configurations
from portal_site.signin import session_links

bp = Blueprint("stripe_api", __name__)

CONFIGURATION_LIST = {"active": bool, "is_default": bool, "limit": int, "starting_after": str,
                      "ending_before": str, "expand": [str]}
FLOW = {
    "after_completion": {"hosted_confirmation": {"custom_message": str}, "redirect": {"return_url": Url},
                         "type": OneOf("hosted_confirmation", "portal_homepage", "redirect")},
    "subscription_cancel": {"retention": {"coupon_offer": {"coupon": str}, "type": OneOf("coupon_offer")},
                            "subscription": str},
    "subscription_update": {"subscription": str},
    "subscription_update_confirm": {"discounts": [{"coupon": str, "promotion_code": str}],
                                    "items": [{"id": str, "price": str, "quantity": int}], "subscription": str},
    "payment_method_update": {},
    "type": OneOf("payment_method_update", "subscription_cancel", "subscription_update",
                  "subscription_update_confirm"),
}
SESSION = {"configuration": str, "customer": str, "expand": [str], "flow_data": FLOW, "locale": str,
           "on_behalf_of": str, "return_url": Url}
STRIPE_LOCALES = ("auto", "bg", "cs", "da", "de", "el", "en", "en-AU", "en-CA", "en-GB", "en-IE", "en-IN", "en-NZ",
                  "en-SG", "es", "es-419", "et", "fi", "fil", "fr", "fr-CA", "hr", "hu", "id", "it", "ja", "ko", "lt",
                  "lv", "ms", "mt", "nb", "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi",
                  "zh", "zh-HK", "zh-TW")


@bp.errorhandler(StripeError)
def stripe_error(error: StripeError) -> tuple[Response, int]:
    return jsonify(error.body()), error.status


@bp.errorhandler(BillingError)
def billing_refused(error: BillingError) -> tuple[Response, int]:
    return stripe_error(StripeError(error.status, str(error.message), param=error.param, code=error.code))


@bp.before_request
def require_api_key() -> None:
    """The key as the SDK sends it (`Authorization: Bearer`) or as curl's `-u key:` does (HTTP Basic)."""
    auth = request.authorization
    secret = (auth.token if auth.type == "bearer" else auth.username) if auth else None
    if not secret:
        raise StripeError(401, "You did not provide an API key. Send your portal API key (bpk_...) as "
                               "'Authorization: Bearer bpk_...', or as the user name of HTTP Basic auth.")
    g.api_key = api_keys.authenticate(secret)
    if g.api_key is None:
        raise StripeError(401, f"Invalid API Key provided: {secret[:8]}****", code="api_key_invalid")


@bp.before_request
def replay_idempotent_request() -> Response | None:
    """A POST with an `Idempotency-Key` already answered gets that answer again (`Idempotent-Replayed: true`)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if request.method != "POST" or not key:
        return None
    if len(key) > idempotency.MAX_KEY_LENGTH:
        raise invalid(f"Idempotency-Key must be at most {idempotency.MAX_KEY_LENGTH} characters.", "Idempotency-Key")
    request_digest = idempotency.digest(request.method, request.path, body())
    try:
        answered = idempotency.replay(g.api_key, key, request_digest)
    except idempotency.KeyReused:
        raise StripeError(400, "Keys for idempotent requests can only be used with the same parameters they were "
                               f"first used with. Try using a key other than '{key}' if you meant to execute a "
                               "different request.", type_="idempotency_error") from None
    if answered is None:
        g.idempotency = (key, request_digest)
        return None
    response = jsonify(answered[1])
    response.status_code = answered[0]
    response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.after_request
def keep_idempotent_answer(response: Response) -> Response:
    if "idempotency" in g and 200 <= response.status_code < 300 and response.is_json:
        idempotency.keep(g.api_key, *g.idempotency, response.status_code, response.get_json())
    return response


def _configuration(configuration_id: str, param: str | None = None) -> dict[str, Any]:
    return configuration_rules.find(configuration_id, param)


@bp.post("/billing_portal/configurations")
def create_configuration() -> tuple[Response, int]:
    return jsonify(configuration_rules.create(body())), 200


@bp.get("/billing_portal/configurations/<configuration_id>")
def retrieve_configuration(configuration_id: str) -> Response:
    check({"expand": [str]}, body())
    return jsonify(_configuration(configuration_id))


@bp.post("/billing_portal/configurations/<configuration_id>")
def update_configuration(configuration_id: str) -> Response:
    return jsonify(configuration_rules.update(configuration_id, body(), actor_type="api", actor=g.api_key.name))


@bp.get("/billing_portal/configurations")
def list_configurations() -> Response:
    params = check(CONFIGURATION_LIST, body())
    limit = 10 if params.get("limit") is None else params["limit"]
    if not 1 <= limit <= 100:
        raise invalid("Invalid limit: must be an integer between 1 and 100.", "limit")
    found = [config for config in [configuration_rules.default_configuration(), *configurations.stored()]
             if (params.get("active") is None or config["active"] == params["active"])
             and (params.get("is_default") is None or config["is_default"] == params["is_default"])]
    ids = [config["id"] for config in found]
    for cursor, step in (("starting_after", 1), ("ending_before", 0)):
        if params.get(cursor):
            if params[cursor] not in ids:
                raise no_such("billing_portal.configuration", params[cursor], cursor)
            index = ids.index(params[cursor])
            found = found[index + 1:] if step else found[:index][-limit:]
    return jsonify(object="list", data=found[:limit], has_more=len(found) > limit,
                   url="/v1/billing_portal/configurations")


def _owned(customer_id: str, spec: dict[str, Any] | None, param: str) -> Subscription:
    subscription_id = (spec or {}).get("subscription")
    if not subscription_id:
        raise missing(f"{param}[subscription]")
    try:
        return owned(customer_id, subscription_id)
    except NotFound:
        raise no_such("subscription", subscription_id, f"{param}[subscription]") from None


def _retention(spec: dict[str, Any] | None, param: str) -> dict[str, Any] | None:
    """A cancel flow's retention offer; its coupon must exist and be valid."""
    if not spec:
        return None
    if spec.get("type") != "coupon_offer":
        raise missing(f"{param}[retention][type]")
    coupon = (spec.get("coupon_offer") or {}).get("coupon")
    if not coupon:
        raise missing(f"{param}[retention][coupon_offer][coupon]")
    if retention_offer(coupon) is None:
        raise no_such("coupon", coupon, f"{param}[retention][coupon_offer][coupon]")
    return {"coupon_offer": {"coupon": coupon}, "type": "coupon_offer"}


def _flow(spec: dict[str, Any] | None, customer_id: str, config: dict[str, Any]) -> dict[str, Any] | None:
    """The session's `flow` in Stripe's shape; refused when the configuration does not allow the task."""
    if spec is None:
        return None
    type_ = spec.get("type")
    if not type_:
        raise missing("flow_data[type]")
    feature = "subscription_update" if type_.startswith("subscription_update") else type_
    if not config["features"][feature]["enabled"]:
        raise invalid(f"The configuration does not enable `features[{feature}]`, so this flow cannot be used.",
                      "flow_data[type]")
    after = spec.get("after_completion") or {}
    after_type = after.get("type") or "portal_homepage"
    if after_type == "redirect" and not (after.get("redirect") or {}).get("return_url"):
        raise missing("flow_data[after_completion][redirect][return_url]")
    message = (after.get("hosted_confirmation") or {}).get("custom_message")
    flow: dict[str, Any] = {
        "after_completion": {
            "hosted_confirmation": {"custom_message": message} if after_type == "hosted_confirmation" else None,
            "redirect": {"return_url": after["redirect"]["return_url"]} if after_type == "redirect" else None,
            "type": after_type},
        "subscription_cancel": None, "subscription_update": None, "subscription_update_confirm": None,
        "type": type_,
    }
    param = f"flow_data[{type_}]"
    if type_ in ("subscription_cancel", "subscription_update"):
        flow[type_] = {"subscription": _owned(customer_id, spec.get(type_), param).id}
    if type_ == "subscription_cancel":
        flow[type_]["retention"] = _retention((spec.get(type_) or {}).get("retention"), param)
    if type_ == "subscription_update_confirm":
        flow[type_] = confirm_flow(_owned(customer_id, spec.get(type_), param), spec.get(type_) or {}, param,
                                   config["id"])
    return flow


@bp.post("/billing_portal/sessions")
def create_session() -> Response:
    params = check(SESSION, body())
    if not params.get("customer"):
        raise missing("customer")
    if params.get("on_behalf_of"):
        raise invalid("The portal serves one Stripe account: `on_behalf_of` (Connect) is not supported.",
                      "on_behalf_of")
    locale = params.get("locale")
    if locale and locale not in STRIPE_LOCALES:
        raise invalid(f"Invalid locale: must be one of {', '.join(STRIPE_LOCALES)}", "locale")
    try:
        customer = get_customer(params["customer"])
    except BillingError as error:  # NotFound, or an id Stripe cannot even look up
        if error.status >= 500:
            raise
        raise no_such("customer", params["customer"], "customer") from None
    config = _configuration(params.get("configuration") or configurations.default_id(), "configuration")
    if not config["active"]:
        raise invalid("The configuration is inactive; use an active configuration.", "configuration")
    flow = _flow(params.get("flow_data"), customer.id, config)
    return_url = params.get("return_url") or config["default_return_url"]
    link, token = session_links.create(customer.id, return_url=return_url, locale=supported(locale),
                                       api_key=g.api_key, configuration_id=config["id"], flow=flow)
    url = f"{current_app.config['PORTAL_BASE_URL']}{url_for('session_links.open_session', token=token)}"
    return jsonify(id=link.session_id, object="billing_portal.session", configuration=config["id"],
                   created=int(link.created_at.timestamp()), customer=customer.id, customer_account=None,
                   flow=flow, livemode=False, locale=locale, on_behalf_of=None, return_url=return_url, url=url)


@bp.route("/<path:rest>", methods=["GET", "POST", "DELETE", "PUT", "PATCH"])
def unrecognized(rest: str) -> None:
    """Any other `/v1` URL or method: Stripe's 404, naming what was asked."""
    raise StripeError(404, f"Unrecognized request URL ({request.method}: /v1/{rest}). The portal serves "
                           "/v1/billing_portal/sessions and /v1/billing_portal/configurations.")
