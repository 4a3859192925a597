"""Dashboard views for Stripe's `billing_portal.configuration` objects: list, create, edit, deactivate, make default.

The edit form posts Stripe's own parameters (`features[subscription_cancel][mode]`...), checked and stored by
`api.configuration_rules`, the module the server API uses: the dashboard refuses what the API refuses, with the
same message, shown beside the field the param names, and the form comes back as it was sent.
The default configuration, `bpc_default`, is the portal settings (their page edits the rest of them).
"""
import re
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from portal_site.admin import audit
from portal_site.admin.blueprint import bp
from portal_site.admin.settings_forms import REASON_LABELS
from portal_site.api import configuration_rules
from portal_site.api.stripe_params import StripeError, decode_form
from portal_site.billing import BillingError
from portal_site.billing.catalog import products_with_prices
from portal_site.settings import configurations
from portal_site.settings.store import merge
from portal_site.web.htmx import render

FEATURES = "features"
PRODUCTS = "features[subscription_update][products]"
# Lists of checkboxes: none checked sends nothing, which here means an empty list.
LISTS = (("customer_update", "allowed_updates"), ("subscription_cancel", "cancellation_reason", "options"),
         ("subscription_update", "default_allowed_updates"), ("subscription_update", "products"),
         ("subscription_update", "schedule_at_period_end", "conditions"))


def _set_default_list(features: dict[str, Any], path: tuple[str, ...]) -> None:
    node = features
    for name in path[:-1]:
        node = node.setdefault(name, {})
    if not node.get(path[-1]):
        node[path[-1]] = []


def form_params() -> tuple[dict[str, Any], dict[str, Any], list[int]]:
    """(Stripe's parameters, the form as sent, the form index of each product kept) from the posted form.

    Products with no price chosen are not offered, so they are left out of the parameters.
    """
    sent = decode_form([(key, value) for key, value in request.form.items(multi=True) if key != "csrf_token"])
    for path in LISTS:
        _set_default_list(sent.setdefault(FEATURES, {}), path)
    params = merge({}, sent)
    features = params[FEATURES]
    update = features["subscription_update"]
    kept = [index for index, entry in enumerate(update["products"]) if entry.get("prices")]
    update["products"] = [update["products"][index] for index in kept]
    method = features.get("payment_method_update") or {}
    if method.get("payment_method_configuration") == "":
        method["payment_method_configuration"] = None
    return params, sent, kept


def _field_param(error: StripeError, kept: list[int]) -> str | None:
    """The form field a refusal names (a product's index in the parameters is mapped back to the form's)."""
    param = error.param or ""
    match = re.match(re.escape(PRODUCTS) + r"\[(\d+)\]", param)
    if match and int(match.group(1)) < len(kept):
        param = f"{PRODUCTS}[{kept[int(match.group(1))]}]" + param[match.end():]
    return param or None


def _catalog():
    try:
        return [product for product in products_with_prices() if product.prices]
    except BillingError:
        return None


def _editor(config: dict[str, Any], *, creating: bool, error: StripeError | None = None,
            param: str | None = None, status: int = 200):
    return render("admin/configuration_edit.html", status=status, config=config, creating=creating,
                  is_settings=config.get("id") == configurations.DEFAULT_ID, catalog=_catalog(),
                  error=error, error_param=param, reason_labels=list(REASON_LABELS.items()))


def _found(configuration_id: str) -> dict[str, Any]:
    try:
        return configuration_rules.find(configuration_id)
    except StripeError:
        abort(404)


def _refused(config: dict[str, Any], sent: dict[str, Any], error: StripeError, kept: list[int], *, creating: bool):
    """The form as it was sent, with the refusal beside the field it names (4xx: 400, or 404 for an unknown id)."""
    if error.status >= 500:
        raise error
    return _editor(merge(config, sent), creating=creating, error=error, param=_field_param(error, kept),
                   status=error.status if 400 <= error.status < 500 else 400)


@bp.get("/configurations", endpoint="configurations")
def configurations_page():
    listed = [configuration_rules.default_configuration(), *configurations.stored()]
    return render("admin/configurations.html", configurations=listed, default_id=configurations.DEFAULT_ID)


@bp.get("/configurations/new")
def new_configuration():
    config = configuration_rules.default_configuration()
    config.update(id=None, name=None, is_default=False, metadata={})
    return _editor(config, creating=True)


@bp.post("/configurations")
def create_configuration():
    sent: dict[str, Any] = {}
    kept: list[int] = []
    try:
        params, sent, kept = form_params()
        # The editor starts from the portal settings and does not show the pause `duration`: keep theirs, rather
        # than Stripe's one-month default for a configuration created without one.
        pause = params.setdefault("features", {}).setdefault("subscription_pause", {})
        pause.setdefault("duration", configuration_rules.default_configuration()["features"]["subscription_pause"]
                         ["duration"])
        config = configuration_rules.create(params)
    except StripeError as error:
        blank = configuration_rules.default_configuration()
        blank.update(id=None, name=None)
        return _refused(blank, sent, error, kept, creating=True)
    audit.record("configuration.created", configuration=config["id"])
    flash(f"Configuration {config['name'] or config['id']} created ({config['id']}).", "success")
    return redirect(url_for("admin.configurations"), 303)


@bp.get("/configurations/<configuration_id>")
def edit_configuration(configuration_id):
    return _editor(_found(configuration_id), creating=False)


@bp.post("/configurations/<configuration_id>")
def save_configuration(configuration_id):
    config = _found(configuration_id)
    sent: dict[str, Any] = {}
    kept: list[int] = []
    try:
        params, sent, kept = form_params()
        configuration_rules.update(configuration_id, params, actor_type="admin", actor=current_user.email)
    except StripeError as error:
        return _refused(config, sent, error, kept, creating=False)
    if configuration_id != configurations.DEFAULT_ID:
        audit.record("configuration.updated", configuration=configuration_id)
    flash("Configuration saved.", "success")
    return redirect(url_for("admin.edit_configuration", configuration_id=configuration_id), 303)


@bp.post("/configurations/<configuration_id>/default")
def make_default_configuration(configuration_id):
    _found(configuration_id)
    try:
        configuration_rules.make_default(configuration_id)
    except StripeError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.configurations"), 303)
    audit.record("configuration.made_default", configuration=configuration_id)
    flash(f"{configuration_id} is now the default configuration: customers who sign in through the login link "
          "get what it allows.", "success")
    return redirect(url_for("admin.configurations"), 303)


@bp.post("/configurations/<configuration_id>/active")
def set_configuration_active(configuration_id):
    """`active=false` deactivates (new sessions cannot use it), `active=true` activates again."""
    _found(configuration_id)
    active = request.form.get("active") == "true"
    try:
        configuration_rules.update(configuration_id, {"active": active}, actor_type="admin", actor=current_user.email)
    except StripeError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.configurations"), 303)
    audit.record("configuration.updated", configuration=configuration_id, active=active)
    flash(f"{configuration_id} is {'active' if active else 'inactive: new sessions cannot use it'}.", "success")
    return redirect(url_for("admin.configurations"), 303)
