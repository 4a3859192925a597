"""The subscriptions panel of the account page, its cards, and cancel / keep / renew.

Contract with the account page: `panel(customer_id)` returns the context of
`templates/account/_subscriptions.html`; the index view passes it with
`render(..., **panel(customer_id))` (it may run inside `billing.parallel`). The panel
never raises for a Stripe failure: it carries the message in `subscriptions_error`, so the
rest of the page keeps working.

A plan change waiting for the period end (a subscription schedule, see billing.plan_changes)
shows on the card with "keep my current plan", which releases the schedule.

Every action on a subscription is declared with `subscription_action()` and carried out by the
account action pipeline (`account.actions`): htmx gets the card rendered from the write's
response plus `HX-Trigger: subscription-changed`; a plain form POST a flash and a redirect.
"""
import hashlib
import hmac
from functools import partial

from flask import abort, current_app, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal_site import settings
from portal_site.account import actions
from portal_site.account.blueprint import bp
from portal_site.account.subscription_forms import CancelForm
from portal_site.billing import BillingError, NotFound, invoices, plan_changes
from portal_site.billing import subscription_discounts as discounts
from portal_site.billing import subscriptions as billing
from portal_site.billing.client import parallel
from portal_site.extensions import db
from portal_site.i18n import date as format_date
from portal_site.models import ActivityLog
from portal_site.storage import cache
from portal_site.web import htmx
from portal_site.web.errors import error_response

CARD_PAGE = "account/subscription.html"
CARD = "account/_subscription_card.html"
UPCOMING = "account/_subscription_upcoming.html"
TRIGGER = "subscription-changed"

FEATURE_OFF = {
    "cancel": _l("Canceling online is turned off. Please contact us to cancel."),
    "switch": _l("Changing plans online is turned off. Please contact us to change your plan."),
    "quantity": _l("Changing the quantity online is turned off. Please contact us."),
    "pause": _l("Pausing payments online is turned off. Please contact us."),
    "promotion": _l("Promotion codes can't be added here. Please contact us."),
}
ONE_PRODUCT_ONLY = frozenset({"switch", "quantity"})
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


def feature_enabled(action, features, subscription=None):
    """Is the merchant's setting for `action` on? (Renew, resume and keep_plan undo a change, so they need none.)

    The quantity control is the subscription's product's own when the configuration sets one (adjustable_quantity)."""
    update = features.subscription_update
    product = subscription.plan.product_id if subscription is not None else None
    return {
        "cancel": features.subscription_cancel.enabled,
        "switch": update.enabled,
        "quantity": update.enabled and (update.quantity_for(product).enabled if subscription is not None else
                                        any(entry.enabled for entry in (update.quantity, *update.product_quantities))),
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
    allowed = {action for action in possible if feature_enabled(action, features, subscription)}
    if subscription.several_items and allowed & ONE_PRODUCT_ONLY:
        allowed = (allowed - ONE_PRODUCT_ONLY) | {"contact"}
    return frozenset(allowed)


def several_products():
    return _("This subscription has several products. To change its plan or quantity, contact %(business)s.",
             business=settings.current().branding.business_name)


def state_allows(name, subscription):
    """True when the subscription's state allows `name` now, else the sentence that says why not."""
    if name in ONE_PRODUCT_ONLY and subscription.several_items:
        return several_products()
    return name in allowed_actions(subscription, settings.current().features) or actions.NOT_NOW


def card_context(subscription, **extra):
    """A card on its own (a step's answer, its page): its next invoice, if not known, loads from its own link."""
    waiting = [subscription.id] if subscription.bills_next and subscription.upcoming is None else []
    return {"sub": subscription, "actions": allowed_actions(subscription, settings.current().features),
            "upcoming_url": upcoming_url(subscription.customer_id, waiting), **extra}


def card_refusal(error, run):
    """A Stripe refusal of a card's button: the card again, with the message."""
    return htmx.render(CARD_PAGE, CARD, status=error.status, error=error.message, **card_context(run.subject))


def subscription_action(name, code):
    """The declaration of an action on one of the customer's subscriptions (`subscription.<code>` in the log)."""
    return actions.Action(
        f"subscription.{code}", "subscriptions", CARD, card_context, owner=billing.owned,
        subject_key="subscription", enabled=partial(feature_enabled, name),
        off=FEATURE_OFF.get(name), allows=partial(state_allows, name),
        trigger=TRIGGER, refusal=card_refusal)


CANCEL = subscription_action("cancel", "canceled")
RETAIN = subscription_action("cancel", "retained")
RENEW = subscription_action("renew", "renewed")
KEEP_PLAN = subscription_action("keep_plan", "plan_kept")


def step(page, **context):
    """A step of an action (cancel, change plan...): its page, or for htmx the page's `step` block."""
    return htmx.render(page, block="step", **context)


def step_refusal(page, context):
    """A Stripe refusal of a step's form: the same step again with the message, keeping what was chosen."""
    return lambda error, _run: step(page, status=error.status, error=error.message, **context)




def _listed(cid):
    return cache.get_or_load(cid, "subscriptions", partial(billing.list_for_customer, cid))


def _upcoming(cid, subscription_id):
    return cache.get_or_load(cid, f"upcoming:{subscription_id}", partial(billing.upcoming, cid, subscription_id))


# Next invoices one follow-up request reads at most (a page with more shows the rest as links to the cards).
UPCOMING_AT_ONCE = 50


def _signature(cid, ids):
    """Proof that the page listed these subscriptions for this customer: the follow-up need not list them again."""
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    message = f"subscriptions-upcoming|{cid}|{','.join(ids)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def upcoming_url(cid, ids):
    """The one request that loads the next invoices of `ids` after the page (None when there are none)."""
    ids = list(ids)[:UPCOMING_AT_ONCE]
    if not ids:
        return None
    return url_for("account.subscriptions_upcoming", id=ids, sig=_signature(cid, ids))


def panel(cid, listed=None):
    """The template context of `account/_subscriptions.html` for this customer.

    One Stripe call (the list) on the page's critical path: each card's next invoice comes
    from the cache when it is there; the others load together in one request right after the page
    (`upcoming_batch_url`), whose signed ids spare it listing the subscriptions again. `listed`: the
    subscriptions when the caller already has them from the cache.
    """
    features = settings.current().features
    try:
        listed = _listed(cid) if listed is None else listed
    except BillingError as error:
        return {"subscriptions": [], "subscription_actions": {}, "subscriptions_error": error.message}
    held = cache.peek_many(cid, [f"upcoming:{sub.id}" for sub in listed if sub.bills_next])

    def next_invoice(sub):
        found = held.get(f"upcoming:{sub.id}", cache.MISSING)
        return None if found is cache.MISSING else found

    listed = [billing.replace_upcoming(sub, next_invoice(sub)) for sub in listed]
    waiting = [sub.id for sub in listed if sub.bills_next and sub.upcoming is None]
    return {
        "subscriptions": listed,
        "subscription_actions": {sub.id: allowed_actions(sub, features) for sub in listed},
        "subscriptions_error": None,
        "upcoming_batch_url": upcoming_url(cid, waiting),
    }


@bp.get("/subscriptions/<subscription_id>")
def subscription_card(subscription_id):
    """One card, as the page shows it: with its invoices still open (a past-due card reloads itself
    after a payment, `invoice-paid`) and its next invoice."""
    cid = actions.customer_id()
    found, due = parallel(partial(billing.owned, cid, subscription_id), partial(invoices.due, cid))
    [subscription] = billing.with_open_invoices([found], due)
    if subscription.bills_next:
        subscription = billing.replace_upcoming(subscription, _upcoming(subscription.customer_id, subscription.id))
    return htmx.render(CARD_PAGE, CARD, **card_context(subscription))


@bp.get("/subscriptions/upcoming")
def subscriptions_upcoming():
    """The next invoices of the subscriptions the page listed, read at once, each swapped into its card.

    The ids come signed with the customer's id (the page's list is the ownership check), so this
    request makes one Stripe call per subscription and none to list them again. A next invoice that
    cannot be read leaves its card's link to the card page.
    """
    cid = actions.customer_id()
    ids = request.args.getlist("id")
    if not ids or not hmac.compare_digest(request.args.get("sig", ""), _signature(cid, ids)):
        raise NotFound()
    if not htmx.is_partial():
        return redirect(url_for("account.subscription_card", subscription_id=ids[0]))

    def read(subscription_id):
        try:
            return _upcoming(cid, subscription_id), False
        except BillingError:
            return None, True

    found = parallel(*[partial(read, subscription_id) for subscription_id in ids])
    response = htmx.render(UPCOMING, UPCOMING, oob=True, each=[
        (subscription_id, upcoming, failed) for subscription_id, (upcoming, failed) in zip(ids, found, strict=True)])
    return response


def _cancel_settings():
    return settings.current().features.subscription_cancel


def _retained_before(subscription):
    """Was the retention coupon already given to this subscription? (It is offered once.)"""
    retained = db.session.query(ActivityLog).filter_by(
        customer_id=subscription.customer_id, action=RETAIN.code).all()
    return any(row.detail.get("subscription") == subscription.id for row in retained)


def _retention_offer(subscription, form):
    """The coupon to offer before canceling, or None (not configured, declined, or already used)."""
    coupon_id = _cancel_settings().retention_coupon
    if not coupon_id or form.retention_declined.data or _retained_before(subscription):
        return None
    return discounts.retention_offer(coupon_id)


def _survey(form):
    """What the customer answered in the cancellation survey, for the activity log (kept if they stay too)."""
    answers = {"reason": form.feedback, "feedback": form.feedback, "comment": (form.comment.data or "").strip()}
    if form.custom_answer:
        answers.update(question=_cancel_settings().custom_question, answer=form.custom_answer)
    return answers


def _answers_given():
    """The survey answers the retention offer carried along (nothing, when they are not valid)."""
    form = CancelForm().configure(_cancel_settings())
    return _survey(form) if form.validate() else {}


@bp.route("/subscriptions/<subscription_id>/cancel", methods=["GET", "POST"])
def subscription_cancel(subscription_id):
    run = actions.begin(CANCEL, subscription_id)
    subscription, options = run.subject, _cancel_settings()
    form = CancelForm().configure(options)
    context = {"sub": subscription, "form": form, "immediately": options.mode == "immediately",
               "proration_behavior": options.proration_behavior}
    page = "account/subscription_cancel.html"
    if request.method == "GET":
        return step(page, **context)
    if not form.validate():
        return step(page, status=422, **context)
    offer = _retention_offer(subscription, form)
    if offer:
        return step("account/subscription_retention.html", offer=offer, **context)
    comment = (form.comment.data or "").strip()
    detail = {**_survey(form), "mode": options.mode}

    def notice(canceled):
        if context["immediately"]:
            return _("Your subscription has been canceled.")
        return _("Your subscription will end on %(date)s. You can renew it until then.",
                 date=format_date(canceled.cancels_on))

    return run.finish(
        lambda key: billing.cancel(subscription, immediately=context["immediately"],
                                   proration_behavior=options.proration_behavior, feedback=form.feedback,
                                   comment=comment, nonce=key),
        notice=notice, detail=detail, refused=step_refusal(page, context))


@bp.post("/subscriptions/<subscription_id>/retain")
def subscription_retain(subscription_id):
    run = actions.begin(RETAIN, subscription_id)
    coupon_id = _cancel_settings().retention_coupon
    if not coupon_id:
        abort(make_response(error_response(403, actions.NOT_NOW)))
    gone = BillingError(_l("Sorry, this offer is no longer available. Nothing was changed."), status=409)
    if not run.replay and _retained_before(run.subject):  # a crafted POST cannot give the coupon a second time
        return card_refusal(gone, run)

    def refused(error, run):
        return card_refusal(gone if error.status < 500 else error, run)

    return run.finish(lambda key: discounts.apply_coupon(run.subject, coupon_id, key),
                      replay=lambda: run.subject,
                      notice=_("Thank you for staying! Your discount has been applied."),
                      detail={"coupon": coupon_id, **_answers_given()},
                      refused=refused)


@bp.post("/subscriptions/<subscription_id>/renew")
def subscription_renew(subscription_id):
    run = actions.begin(RENEW, subscription_id)
    return run.finish(lambda key: billing.renew(run.subject, key),
                      notice=_("Your subscription will continue. Nothing else has changed."))


@bp.post("/subscriptions/<subscription_id>/keep-plan")
def subscription_keep_plan(subscription_id):
    """Undo a plan change scheduled for the period end."""
    run = actions.begin(KEEP_PLAN, subscription_id)
    subscription, dropped = run.subject, run.subject.pending
    return run.finish(
        lambda key: plan_changes.keep_current_plan(subscription, key) if subscription.schedule else subscription,
        notice=lambda kept: _("Your plan stays %(plan)s.", plan=kept.plan.product_name),
        detail={"dropped_price": dropped.plan.price_id if dropped else None})
