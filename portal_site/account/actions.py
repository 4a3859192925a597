"""The one way a customer action runs, declared once per action and carried out in a fixed order.

An `Action` says what an action needs (an owned subject, the merchant's setting, a state that
allows it), what it changes (its activity code) and what it answers (a fragment rendered from
the write's response). A view parses its input between the two halves of the pipeline:

    run = actions.begin(CANCEL, subscription_id)      # 1 ownership, 2 setting, 3 state (or replay)
    ...validate the form...
    return run.finish(lambda key: billing.cancel(run.subject, ..., nonce=key), notice=...)
                                                      # 4 idempotency, 5 write, 6 record, 7 cache, 8 answer

Idempotency: the form's nonce, the action and its subject name one submission (`CustomerAction`).
The same submission sent again with the same values is a replay: it skips the state check (the
first one already changed the state) and sends the write again under the same idempotency key,
so Stripe answers with the first result and nothing happens twice. Other values, or a retry after
a refusal, are a new attempt under a new key, so Stripe never sees one key with two requests.

A lost answer (Stripe unreachable, or the connection reset after Stripe did the write) is not a
refusal: the write is sent once more under the same key, and if that fails too the customer reads
that the change may have been made and to reload the page (whose cached reads are dropped) to see.
Such a submission is stored as UNKNOWN, so the same form sent again is a replay too: no state check
(the lost write may have changed the state), the write once more under the same key, and the change
logged once when it is confirmed. When the resent write's own checks refuse because the first one
was made (the card is gone, the invoice is paid: 404, 409), the action's `replay` reads what is true.
"""
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from portal_site import activity, settings
from portal_site.account import flows
from portal_site.billing import BillingError, BillingUnavailable
from portal_site.extensions import db
from portal_site.models import CustomerAction
from portal_site.models.once import stored_once
from portal_site.signin import customer_sessions
from portal_site.storage import cache
from portal_site.web import htmx
from portal_site.web.errors import error_response

NOT_NOW = _l("That change isn't possible for this subscription right now.")
# A write whose answer never came may have been made: Stripe may have done it and the answer been lost.
ANSWER_LOST = _l("We could not get an answer from our payment provider, so we cannot tell yet whether your change "
                 "was made. Reload the page in a moment to see; if it was not made, you can try again.")
NONCE = re.compile(r"[A-Za-z0-9_-]{1,64}")
DONE, REFUSED, UNKNOWN = "done", "refused", "unknown"
# A resent write refused with these after a lost answer was refused by its own checks on what the first
# write changed (the card is no longer on the account, the invoice is no longer payable).
ALREADY_MADE = frozenset({404, 409})
# Form fields that differ on every rendering of the same form: they are not what the customer chose.
NOT_PARAMS = frozenset({"csrf_token", "nonce", "proration_date"})

Refusal = Callable[[BillingError, "Run"], ResponseReturnValue]


def always(_features: Any) -> bool:
    return True


@dataclass(frozen=True)
class Action:
    """What one customer action needs, changes and answers."""

    code: str  # the activity log's code, also the idempotency scope: "subscription.canceled"
    panel: str  # the account page panel it changes: the anchor to return to and the alert region
    fragment: str  # what htmx gets after the write
    context: Callable[[Any], Mapping[str, Any]]  # the fragment's context, from the write's response
    owner: Callable[[str, str], Any] | None = None  # (customer id, subject id) -> the subject, or NotFound
    subject_key: str | None = None  # the activity detail's name for the subject id ("subscription")
    enabled: Callable[[Any], bool] = always  # the merchant's setting, given `settings.current().features`
    off: Any = None  # what a customer reads when the setting is off (None: the generic 403 sentence)
    allows: Callable[[Any], Any] | None = None  # state: True, or the sentence that says why not
    trigger: str | None = None  # HX-Trigger after the write, so other panels refresh themselves
    refusal: Refusal | None = None  # how a Stripe refusal is shown; default: in the panel's alert region


@dataclass
class Run:
    """One action being carried out for the signed-in customer."""

    action: Action
    customer_id: str
    subject_id: str
    subject: Any
    nonce: str
    params: str
    prior: CustomerAction | None
    replay: bool = field(default=False)  # this submission was made before, or may have been (its answer lost)
    attempt: int = field(init=False)

    def __post_init__(self) -> None:
        self.attempt = 0 if self.prior is None else self.prior.attempt + (0 if self.replay else 1)

    @property
    def confirmed(self) -> bool:
        """The same submission was carried out before, and the customer was told."""
        return self.replay and self.prior is not None and self.prior.outcome == DONE

    @property
    def key(self) -> str:
        """What the gateway derives the Stripe idempotency key from: "" (none) without a nonce."""
        if not self.nonce:
            return ""
        return f"{self.nonce}:{self.params[:16]}:{self.attempt}"

    def finish(self, write: Callable[[str], Any], *, notice: Any, detail: Any = None,
               replay: Callable[[], Any] | None = None, refused: Refusal | None = None,
               to: Any = None, recorded_as: str | None = None) -> ResponseReturnValue:
        """Steps 4 to 8: the write under this submission's key, the record, the cache, the answer.

        `notice` and `detail` may be callables of the write's response. `replay` reads the
        current state instead of writing again, for writes Stripe cannot repeat (a removal).
        `recorded_as` names the change in the log when one action makes two kinds of change. `to`, the
        page a plain form returns to (default: the account page at the action's panel), may be a
        callable of the write's response too.
        """
        try:
            result = replay() if self.confirmed and replay else self.write(write, replay)
        except BillingError as error:
            if error.status < 500:
                self._note(REFUSED)
            return (refused or self.action.refusal or panel_refusal)(error, self)
        if not self.confirmed and self._note(DONE):
            details = detail(result) if callable(detail) else dict(detail or {})
            if self.action.subject_key and self.subject_id:
                details[self.action.subject_key] = self.subject_id
            record(recorded_as or self.action.code, **details)
        cache.invalidate(self.customer_id)
        message = notice(result) if callable(notice) else notice
        return flows.finished(self.action.code, message) or answer(self.action, message, result,
                                                                   to=to(result) if callable(to) else to)

    def write(self, write: Callable[[str], Any], replay: Callable[[], Any] | None = None) -> Any:
        """The write; when its answer is lost, once more under the same key, which makes Stripe answer with
        what the first one did (or do it now, if it never arrived). Still no answer: say what is true."""
        if not (self.replay and self.prior is not None and self.prior.outcome == UNKNOWN):
            try:
                return write(self.key)
            except BillingUnavailable:
                if not self.nonce:
                    raise
                self._note(UNKNOWN)  # the same form sent again confirms instead of being refused
        try:
            return write(self.key)
        except BillingUnavailable as again:
            cache.invalidate(self.customer_id)  # so the reload shows what Stripe holds
            raise BillingUnavailable(ANSWER_LOST) from again
        except BillingError as error:
            if replay is None or error.status not in ALREADY_MADE:
                raise
            return replay()

    def _note(self, outcome: str) -> bool:
        """Store this submission's outcome; False when a concurrent twin stored it first."""
        if not self.nonce:
            return True
        row = self.prior or CustomerAction(customer_id=self.customer_id, action=self.action.code,
                                           subject=self.subject_id, nonce=self.nonce)
        row.params, row.outcome, row.attempt = self.params, outcome, self.attempt
        if not stored_once(row):
            return False
        self.prior = row
        return True


def customer_id() -> str:
    return customer_sessions.current().customer_id


def begin(action: Action, subject_id: str = "", *, nonce: str | None = None) -> Run:
    """Steps 1 to 3: the subject is the customer's, the merchant allows the action, its state does.

    A refusal aborts with 404 (someone else's id), or 403 and a sentence saying why.
    """
    cid = customer_id()
    subject = action.owner(cid, subject_id) if action.owner else None
    if not action.enabled(settings.current().features):
        abort(make_response(error_response(403, action.off)))
    nonce = request.form.get("nonce", "") if nonce is None else nonce
    nonce = nonce if NONCE.fullmatch(nonce) else ""
    params = _digest(request.form)
    prior = db.session.query(CustomerAction).filter_by(
        customer_id=cid, action=action.code, subject=subject_id, nonce=nonce).one_or_none() if nonce else None
    run = Run(action, cid, subject_id, subject, nonce, params, prior,
              replay=prior is not None and prior.outcome in (DONE, UNKNOWN) and prior.params == params)
    if action.allows and not run.replay:
        verdict = action.allows(subject)
        if verdict is not True:
            abort(make_response(error_response(403, verdict or NOT_NOW)))
    return run


def _digest(form: Mapping[str, Any]) -> str:
    chosen = sorted((name, value) for name, value in form.items(multi=True) if name not in NOT_PARAMS)
    return hashlib.sha256(repr(chosen).encode()).hexdigest()


def record(code: str, /, **detail: Any) -> None:
    """Log the customer's change (never a secret in `detail`)."""
    row = customer_sessions.current()
    activity.record(code, actor_type="customer", actor=row.email, customer_id=row.customer_id, **detail)


def answer(action: Action, message: str, result: Any, *, to: str | None = None) -> ResponseReturnValue:
    """After a write: htmx gets the fragment, rendered from the write's response, with the notice;
    a plain form gets a flash and a redirect."""
    if htmx.is_partial():
        return htmx.render(action.fragment, action.fragment, trigger=action.trigger, notice=message,
                           **action.context(result))
    flash(message, "success")
    return redirect(to or url_for("account.index", _anchor=action.panel), 303)


def panel_refusal(error: BillingError, run: Run) -> ResponseReturnValue:
    """A Stripe refusal in the alert region of the panel that failed, or a page with a way back."""
    return refusal_in(run.action.panel, error)


def refusal_in(panel: str, error: BillingError, back: str | None = None) -> ResponseReturnValue:
    if htmx.is_partial():
        body = render_template("account/_panel_error.html", message=error.message)
        return htmx.retarget(body, f"#{panel}-alerts", status=error.status)
    back = back or url_for("account.index", _anchor=panel)
    return render_template("account/action_failed.html", message=error.message, back=back), error.status
