"""The subscriptions panel of the account page, its cards, and cancel / keep / renew.

Contract with the account page: `panel(customer_id)` returns the context of
`templates/account/_subscriptions.html`; the index view passes it with
`render(..., **panel(customer_id))` (it may run inside `billing.parallel`). The panel
never raises for a Stripe failure: it carries the message in `subscriptions_error`, so the
rest of the page keeps working.

A plan change waiting for the period end (a subscription schedule, see billing.plan_changes)
shows on the card with "keep my current plan", which releases the schedule.

Each action: check the id belongs to the signed-in customer (one read), do ONE write with
the form nonce's idempotency key, record it in the activity log, drop the customer's
cache, then answer htmx with the card rendered from the write's response plus
`HX-Trigger: subscription-changed`, and a plain form POST with a flash and a redirect to
/account/.
"""
from functools import partial

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal_site import settings
from portal_site.account.blueprint import bp
from portal_site.account.panels import already_done, customer_id, form_nonce, record
from portal_site.account.subscription_forms import CancelForm
from portal_site.billing import BillingError, NotFound, plan_changes
from portal_site.billing import subscription_discounts as discounts
from portal_site.billing import subscriptions as billing
from portal_site.extensions import db
from portal_site.i18n import date as format_date
from portal_site.models import ActivityLog
from portal_site.signin.customer_sessions import customer_required
from portal_site.storage import cache
from portal_site.web.errors import error_response
from portal_site.web.htmx import render, wants_fragment

CARD_PAGE = "account/subscription.html"
CARD = "account/_subscription_card.html"
UPCOMING = "account/_subscription_upcoming.html"
TRIGGER = "subscription-changed"

FEATURE_OFF = {
    "cancel": _l("Cancelling online is turned off. Please contact us to cancel."),
    "switch": _l("Changing plans online is turned off. Please contact us to change your plan."),
    "quantity": _l("Changing the quantity online is turned off. Please contact us."),
    "pause": _l("Pausing payments online is turned off. Please contact us."),
    "promotion": _l("Promotion codes can't be added here. Please contact us."),
}
NOT_NOW = _l("That change isn't possible for this subscription right now.")
ONE_PRODUCT_ONLY = frozenset({"switch", "quantity"})
# What each action records in the activity log (`subscription.<name>`), so a replay is matched to its own kind.
RECORDED = {"cancel": ("canceled",), "renew": ("renewed",), "keep_plan": ("plan_kept",),
            "switch": ("plan_changed", "plan_scheduled"), "quantity": ("quantity_changed",), "pause": ("paused",),
            "resume": ("resumed",), "promotion": ("promotion_code_applied",)}
ACTIVITY_LABELS = {
    "subscription.canceled": _l("Canceled a subscription"),
    "subscription.renewed": _l("Renewed a subscription"),
    "subscription.retained": _l("Accepted an offer to stay"),
    "subscription.plan_changed": _l("Changed plan"),
    "subscription.plan_scheduled": _l("Scheduled a plan change"),
    "subscription.plan_kept": _l("Kept the current plan"),
    "subscription.quantity_changed": _l("Changed the quantity"),
    "subscription.paused": _l("Paused payments"),
    "subscription.resumed": _l("Resumed payments"),
    "subscription.promotion_code_applied": _l("Applied a promotion code"),
}


def feature_enabled(action, features):
    """Is the merchant's setting for `action` on? (Renew, resume and keep_plan undo a change, so they need none.)"""
    update = features.subscription_update
    return {
        "cancel": features.subscription_cancel.enabled,
        "switch": update.enabled,
        "quantity": update.enabled and update.quantity.enabled,
        "pause": features.subscription_pause.enabled,
        "promotion": features.promotion_codes.enabled,
    }.get(action, True)


def allowed_actions(subscription, features):
    """The actions to offer on this subscription's card, given its state and the settings.

    As in Stripe's hosted portal, a subscription with several products can't switch plan or
    change quantity here: the card offers "contact" instead (a sentence naming the business).
    """
    state = subscription.state
    if state in ("canceled", "incomplete"):
        return frozenset()
    possible = set()
    if state == "canceling":
        if subscription.cancel_at_period_end:
            possible.add("renew")
    else:
        possible.update({"cancel", "quantity", "promotion"})
        possible.add("resume" if subscription.paused else "pause")
        if not subscription.paused:
            possible.add("switch")
        if subscription.pending:
            possible.add("keep_plan")
            possible.discard("quantity")
    allowed = {action for action in possible if feature_enabled(action, features)}
    if subscription.several_items and allowed & ONE_PRODUCT_ONLY:
        allowed = (allowed - ONE_PRODUCT_ONLY) | {"contact"}
    return frozenset(allowed)


def require(action, subscription):
    """Refuse (403, with a sentence saying why) an action the settings or the state do not allow."""
    features = settings.current().features
    if not feature_enabled(action, features):
        abort(make_response(error_response(403, FEATURE_OFF[action])))
    if action in ONE_PRODUCT_ONLY and subscription.several_items:
        abort(make_response(error_response(403, several_products())))
    if action not in allowed_actions(subscription, features) and not replayed(subscription, *RECORDED[action]):
        abort(make_response(error_response(403, NOT_NOW)))


def several_products():
    return _("This subscription has several products. To change its plan or quantity, contact %(business)s.",
             business=settings.current().branding.business_name)


def replayed(subscription, *recorded):
    """Was this very form (its nonce) already carried out on this subscription, as one of `recorded`?
    Then it is a double submit or a retry: the write is sent again with the same idempotency key and
    Stripe answers with the first result."""
    return already_done(form_nonce(), *(f"subscription.{name}" for name in recorded), subscription=subscription.id)


def owned(subscription_id):
    """The signed-in customer's subscription with this id (404 for anyone else's)."""
    return billing.owned(customer_id(), subscription_id)


class _NotCached(Exception):
    """Raised by a loader to read the cache without filling it."""


def _cached(cid, name):
    """What the cache holds under `name` for this customer, or None, without asking Stripe."""
    def not_cached():
        raise _NotCached

    try:
        return cache.get_or_load(cid, name, not_cached)
    except _NotCached:
        return None


def _listed(cid):
    return cache.get_or_load(cid, "subscriptions", partial(billing.list_for_customer, cid))


def _upcoming(cid, subscription_id):
    return cache.get_or_load(cid, f"upcoming:{subscription_id}", partial(billing.upcoming, cid, subscription_id))


def panel(cid):
    """The template context of `account/_subscriptions.html` for this customer.

    One Stripe call (the list) on the page's critical path: each card's next invoice comes
    from the cache when it is there, otherwise the card loads it right after the page.
    """
    features = settings.current().features
    try:
        listed = _listed(cid)
    except BillingError as error:
        return {"subscriptions": [], "subscription_actions": {}, "subscriptions_error": error.message}
    listed = [billing.replace_upcoming(sub, _cached(cid, f"upcoming:{sub.id}") if sub.bills_next else None)
              for sub in listed]
    return {
        "subscriptions": listed,
        "subscription_actions": {sub.id: allowed_actions(sub, features) for sub in listed},
        "subscriptions_error": None,
    }


def card_context(subscription, **extra):
    return {"sub": subscription, "actions": allowed_actions(subscription, settings.current().features), **extra}


def done(subscription, action, notice, **detail):
    """After a write: log it, drop the cache, answer with the new card (htmx) or a redirect."""
    if replayed(subscription, action):
        cache.invalidate(customer_id())
    else:
        record(f"subscription.{action}", subscription=subscription.id, nonce=form_nonce(), **detail)
    if wants_fragment():
        return render(CARD_PAGE, CARD, trigger=TRIGGER, **card_context(subscription, notice=notice))
    flash(notice, "success")
    return redirect(url_for("account.index"))


def failed(page, fragment, error, **context):
    """A Stripe refusal: the same step again with the message, in its panel."""
    return render(page, fragment, status=error.status, error=error.message, **context)


@bp.get("/subscriptions/<subscription_id>")
@customer_required
def subscription_card(subscription_id):
    subscription = owned(subscription_id)
    if subscription.bills_next:
        subscription = billing.replace_upcoming(subscription, _upcoming(subscription.customer_id, subscription.id))
    return render(CARD_PAGE, CARD, **card_context(subscription))


@bp.get("/subscriptions/<subscription_id>/upcoming")
@customer_required
def subscription_upcoming(subscription_id):
    """A card's next invoice, loaded after the page; the id is checked against the customer's list."""
    cid = customer_id()
    if subscription_id not in {sub.id for sub in _listed(cid)}:
        raise NotFound()
    if not wants_fragment():
        return redirect(url_for("account.subscription_card", subscription_id=subscription_id))
    return render(CARD_PAGE, UPCOMING, sub_id=subscription_id, upcoming=_upcoming(cid, subscription_id))


def _cancel_settings():
    return settings.current().features.subscription_cancel


def _retained_before(subscription):
    """Was the retention coupon already given to this subscription? (It is offered once.)"""
    retained = db.session.query(ActivityLog).filter_by(
        customer_id=subscription.customer_id, action="subscription.retained").all()
    return any(row.detail.get("subscription") == subscription.id for row in retained)


def _retention_offer(subscription, form):
    """The coupon to offer before cancelling, or None (not configured, declined, or already used)."""
    coupon_id = _cancel_settings().retention_coupon
    if not coupon_id or form.retention_declined.data or _retained_before(subscription):
        return None
    return discounts.retention_offer(coupon_id)


@bp.route("/subscriptions/<subscription_id>/cancel", methods=["GET", "POST"])
@customer_required
def subscription_cancel(subscription_id):
    subscription = owned(subscription_id)
    require("cancel", subscription)
    options = _cancel_settings()
    form = CancelForm().configure(options)
    context = {"sub": subscription, "form": form, "immediately": options.mode == "immediately",
               "proration_behavior": options.proration_behavior}
    page, fragment = "account/subscription_cancel.html", "account/_cancel_form.html"
    if request.method == "GET":
        return render(page, fragment, **context)
    if not form.validate():
        return render(page, fragment, status=422, **context)
    offer = _retention_offer(subscription, form)
    if offer:
        return render("account/subscription_retention.html", "account/_retention_offer.html", offer=offer, **context)
    try:
        canceled = billing.cancel(
            subscription, immediately=context["immediately"], proration_behavior=options.proration_behavior,
            feedback=form.feedback, comment=(form.comment.data or "").strip(), nonce=form_nonce(),
        )
    except BillingError as error:
        return failed(page, fragment, error, **context)
    if context["immediately"]:
        notice = _("Your subscription has been cancelled.")
    else:
        notice = _("Your subscription will end on %(date)s. You can renew it until then.",
                   date=format_date(canceled.cancels_on))
    detail = {"reason": form.feedback, "feedback": form.feedback, "comment": (form.comment.data or "").strip(),
              "mode": options.mode}
    if form.custom_answer:
        detail.update(question=options.custom_question, answer=form.custom_answer)
    return done(canceled, "canceled", notice, **detail)


@bp.post("/subscriptions/<subscription_id>/retain")
@customer_required
def subscription_retain(subscription_id):
    subscription = owned(subscription_id)
    require("cancel", subscription)
    coupon_id = _cancel_settings().retention_coupon
    if not coupon_id:
        abort(make_response(error_response(403, NOT_NOW)))
    thanks = _("Thank you for staying! Your discount has been applied.")
    if replayed(subscription, "retained"):  # the same form again: the coupon is on the subscription already
        return done(subscription, "retained", thanks, coupon=coupon_id)
    gone = BillingError(_l("Sorry, this offer is no longer available. Nothing was changed."), status=409)
    if _retained_before(subscription):  # a crafted POST cannot give the coupon a second time
        return failed(CARD_PAGE, CARD, gone, **card_context(subscription))
    try:
        kept = discounts.apply_coupon(subscription, coupon_id, form_nonce())
    except BillingError as error:
        return failed(CARD_PAGE, CARD, gone if error.status < 500 else error, **card_context(subscription))
    return done(kept, "retained", thanks, coupon=coupon_id)


@bp.post("/subscriptions/<subscription_id>/renew")
@customer_required
def subscription_renew(subscription_id):
    subscription = owned(subscription_id)
    require("renew", subscription)
    try:
        renewed = billing.renew(subscription, form_nonce())
    except BillingError as error:
        return failed(CARD_PAGE, CARD, error, **card_context(subscription))
    return done(renewed, "renewed", _("Your subscription will continue. Nothing else has changed."))


@bp.post("/subscriptions/<subscription_id>/keep-plan")
@customer_required
def subscription_keep_plan(subscription_id):
    """Undo a plan change scheduled for the period end."""
    subscription = owned(subscription_id)
    require("keep_plan", subscription)
    dropped = subscription.pending
    try:
        kept = plan_changes.keep_current_plan(subscription, form_nonce()) \
            if subscription.schedule else subscription
    except BillingError as error:
        return failed(CARD_PAGE, CARD, error, **card_context(subscription))
    return done(kept, "plan_kept", _("Your plan stays %(plan)s.", plan=kept.plan.product_name),
                dropped_price=dropped.plan.price_id if dropped else None)

