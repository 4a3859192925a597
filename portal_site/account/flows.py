"""Deep-link flows of a `billing_portal.session` (Stripe's `flow_data`): the one task a session opens on, the
pages that task may use until it is done, and where the customer goes when it is (`after_completion`).

A flow lives on the customer session (`CustomerSession.flow`, Stripe's `flow` object); once its task is done,
`completed` is set on it: `portal_homepage` then opens the whole portal, the other endings keep the customer on
the confirmation page or send them back to the merchant.
"""
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from portal_site import settings
from portal_site.account.blueprint import bp
from portal_site.extensions import db
from portal_site.settings import schema
from portal_site.signin import customer_sessions
from portal_site.web import htmx

# The account pages each flow may use (subscription pages only for the flow's own subscription).
PAGES = {
    "payment_method_update": {"account.payment_methods_panel", "account.add_card", "account.card_added",
                              "account.make_default", "account.remove_card"},
    "subscription_cancel": {"account.subscription_cancel", "account.subscription_retain"},
    "subscription_update": {"account.subscription_plan"},
    "subscription_update_confirm": {"account.subscription_update_confirm"},
}
# The actions (their activity codes) that complete each flow.
COMPLETED_BY = {
    "payment_method_update": {"payment_method.added", "payment_method.default"},
    "subscription_cancel": {"subscription.canceled", "subscription.retained"},
    "subscription_update": {"subscription.plan_changed"},
    "subscription_update_confirm": {"subscription.plan_changed"},
}
ALWAYS = {"account.flow_done"}


def _open(flow: dict[str, Any] | None) -> dict[str, Any] | None:
    """The flow of this session while it still limits what the customer sees, else None."""
    if not flow:
        return None
    if flow.get("completed") and flow["after_completion"]["type"] == "portal_homepage":
        return None
    return flow


def _subscription(flow: dict[str, Any]) -> str | None:
    return (flow.get(flow["type"]) or {}).get("subscription")


def start_url(flow: dict[str, Any]) -> str:
    """The page a session with `flow` opens on."""
    if flow["type"] == "payment_method_update":
        return url_for("account.payment_methods_panel")
    if flow["type"] == "subscription_cancel":
        return url_for("account.subscription_cancel", subscription_id=_subscription(flow))
    if flow["type"] == "subscription_update_confirm":
        return url_for("account.subscription_update_confirm", subscription_id=_subscription(flow))
    return url_for("account.subscription_plan", subscription_id=_subscription(flow))


def with_flow(values: schema.Settings, flow: dict[str, Any] | None) -> schema.Settings:
    """The settings under a flow: a `subscription_cancel` flow's retention coupon is the one offered."""
    retention = ((flow or {}).get("subscription_cancel") or {}).get("retention") or {}
    coupon = (retention.get("coupon_offer") or {}).get("coupon")
    return schema.with_values(values, {"features.subscription_cancel.retention_coupon": coupon}) if coupon else values


@bp.before_request
def guard() -> ResponseReturnValue | None:
    """Keep a flow's customer on its task: any other account page (a "back" or "cancel" link) leads back to the
    merchant's `return_url`, as Stripe's flows do, else to the task; once done, to the confirmation.

    Runs after the blueprint's `require_customer` (registered first), so the customer is signed in.
    """
    row = customer_sessions.current()
    if row is not None and row.flow:
        settings.use(with_flow(settings.current(), row.flow))
    flow = _open(row.flow if row else None)
    if flow is None or request.endpoint in ALWAYS:
        return None
    if flow.get("completed"):
        return htmx.redirect(url_for("account.flow_done"))
    subscription = _subscription(flow)
    own_subject = subscription is None or (request.view_args or {}).get("subscription_id") == subscription
    if request.endpoint in PAGES[flow["type"]] and own_subject:
        return None
    return htmx.redirect(row.return_url or start_url(flow)) if row else None


def finished(code: str, notice: str) -> Response | None:
    """After a successful action: when it completes the session's flow, the answer `after_completion` asks for."""
    row = customer_sessions.current()
    flow = _open(row.flow if row else None)
    if row is None or flow is None or flow.get("completed") or code not in COMPLETED_BY[flow["type"]]:
        return None
    row.flow = {**flow, "completed": True}
    db.session.commit()
    after = flow["after_completion"]
    if after["type"] == "redirect":
        return htmx.redirect(after["redirect"]["return_url"])
    flash(notice, "success")
    if after["type"] == "hosted_confirmation":
        return htmx.redirect(url_for("account.flow_done"))
    return htmx.redirect(url_for("account.index"))


@bp.get("/done")
def flow_done() -> ResponseReturnValue:
    """The hosted confirmation of a finished flow: the merchant's message, and the way back to them."""
    row = customer_sessions.current()
    flow = row.flow if row else None
    if not flow or not flow.get("completed"):
        return redirect(url_for("account.index"))
    message = ((flow["after_completion"].get("hosted_confirmation") or {}).get("custom_message")) or ""
    return render_template("account/flow_done.html", custom_message=message,
                           business=settings.current().branding.business_name)
