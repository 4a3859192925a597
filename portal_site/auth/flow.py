"""The sign-in flow between its pages: what the cookie session remembers, sending and checking codes,
and starting the customer's session."""
import time
from dataclasses import dataclass

from flask import request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal_site import activity, i18n, mail, settings
from portal_site.billing import BillingError, NotFound
from portal_site.billing.customers import choose_for_email, get_customer
from portal_site.settings import configurations
from portal_site.signin import customer_sessions, limits, passcodes
from portal_site.storage import cache

PICK_SECONDS = 600


@dataclass(frozen=True)
class SignIn:
    """What a passcode attempt led to: an error to show, the account picker, or a session."""

    error: str | None = None
    choose_account: bool = False


def remember(token, email, *, held=False):
    """Remember the email of this sign-in; `held`: the cooldown kept a new code from being sent."""
    session["signin"] = {"token": token, "email": email, "held": held}


def take_held(token):
    """Whether the last request for a code sent nothing (cooldown), said once then forgotten."""
    state = session.get("signin") or {}
    if state.get("token") != token or not state.get("held"):
        return False
    session["signin"] = {**state, "held": False}
    return True


def email(token):
    """The email this browser is signing in with through link `token`, if any."""
    state = session.get("signin") or {}
    return state.get("email") if state.get("token") == token else None


def wait_message(seconds):
    if seconds > 90:
        minutes = -(-seconds // 60)
        return ngettext("Please wait %(num)s minute before requesting another code.",
                        "Please wait %(num)s minutes before requesting another code.", minutes)
    return ngettext("Please wait %(num)s second before requesting another code.",
                    "Please wait %(num)s seconds before requesting another code.", seconds)


class MailDown(Exception):
    """The email server does not answer: no code can be sent just now (for any address)."""

    seconds = 60
    message = _l("We could not send a code just now: our email service is not answering. "
                 "Please try again in a few minutes.")


def request_code(email_address, *, locale, resend=False):
    """Send a code unless this email is in its cooldown (then the previous code still stands).

    Returns whether a code was sent (to a customer's address; nothing says whether one exists). The
    work is the same for known and unknown emails. A resend inside the cooldown, or too many sends
    from one IP, raises limits.RateLimited; an email server that does not answer raises MailDown.
    """
    key = passcodes.email_key(email_address)
    wait = limits.wait_seconds("passcode_send_email", key)
    if wait and resend:
        raise limits.RateLimited("passcode_send_email", wait)
    if not mail.reachable():
        raise MailDown()
    limits.hit("passcode_send_ip", request.remote_addr)
    if wait:
        return False
    limits.hit("passcode_send_email", key)
    passcodes.send(email_address, ip=request.remote_addr, locale=locale)
    return True


def _failed(email_address, result, reason):
    activity.record("signin.failed", actor_type="customer", actor=passcodes.email_key(email_address),
                    customer_id=result.challenge.customer_id if result.challenge else None, reason=reason)


def verify(email_address, code):
    result = passcodes.verify(email_address, code)
    if result.outcome is passcodes.Outcome.WRONG:
        _failed(email_address, result, "wrong_code")
        return SignIn(error=ngettext(
            "That code is not right. You can try %(num)s more time.",
            "That code is not right. You can try %(num)s more times.", result.attempts_left))
    dead = SignIn(error=_("This code can no longer be used: it has expired, was already used or was "
                          "entered wrongly too many times. Request a new code below."))
    if not result.ok:
        _failed(email_address, result, "expired_used_or_locked")
        return dead
    try:
        customer, several = _customer_for(email_address, result.challenge)
    except BillingError:
        passcodes.release(result.challenge)
        raise
    if several:
        session["signin_pick"] = {"ids": [c.id for c in several], "at": int(time.time()),
                                  "challenge": result.challenge.id}
        return SignIn(choose_account=True)
    if customer is None:
        _failed(email_address, result, "no_customer")
        return dead
    start(customer, email_address)
    return SignIn()


def _customer_for(email_address, challenge):
    """The customer a verified code signs in to, or the accounts to pick from when the picker is on."""
    if settings.current().features.account_picker.enabled:
        choice = choose_for_email(email_address)
        if len(choice.candidates) > 1:
            return None, choice.candidates
        return choice.chosen, ()
    if not challenge.customer_id:
        return None, ()
    try:
        return get_customer(challenge.customer_id), ()
    except NotFound:
        return None, ()


def start(customer, email_address):
    """Sign in to `customer` with a new session; its first supported preferred locale becomes the session's.

    The session runs under the default configuration (the dashboard's Configurations page chooses it). The
    billing details read with the customer wait in the cache for the account page (when it is on), which then has
    one read less on its one wave.
    """
    locale = next(filter(None, map(i18n.supported, customer.preferred_locales)), None)
    chosen = configurations.default_id()
    customer_sessions.start(customer.id, customer.email or email_address, locale=locale,
                            configuration_id=None if chosen == configurations.DEFAULT_ID else chosen)
    if customer.details is not None:
        cache.get_or_load(customer.id, "details", lambda: customer.details)
    activity.record("signin.succeeded", actor_type="customer", actor=passcodes.email_key(email_address),
                    customer_id=customer.id)


def start_picked(customer, email_address):
    """Sign in to the account picked after a correct code, once: a replayed picker form starts nothing."""
    pick = session.get("signin_pick") or {}
    if not passcodes.claim_sign_in(pick.get("challenge")):
        return False
    start(customer, email_address)
    return True


def pending_choice(token):
    """The accounts this browser may pick from after a correct passcode, or None."""
    pick = session.get("signin_pick") or {}
    address = email(token)
    if not address or not pick or time.time() - pick.get("at", 0) > PICK_SECONDS:
        return None
    allowed = set(pick.get("ids") or ())
    return tuple(c for c in choose_for_email(address).candidates if c.id in allowed) or None


def sign_out():
    current = customer_sessions.current()
    if current is not None:
        activity.record("signout", actor_type="customer", actor=current.email, customer_id=current.customer_id)
    customer_sessions.end()
