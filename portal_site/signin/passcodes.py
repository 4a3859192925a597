"""One-time sign-in passcodes: issue, email (in a job, off the request path) and verify.

A code is 6 random digits from `secrets`; only its HMAC-SHA256 (keyed with SECRET_KEY)
is stored. It lives 10 minutes, works once, only the newest code of an email counts,
and 5 wrong tries kill it. Success is claimed by one conditional UPDATE, so two
requests racing with the same code sign in exactly once.
"""
import enum
import hashlib
import hmac
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, delete, select, update

from portal_site import jobs
from portal_site.billing import BillingError
from portal_site.billing.customers import choose_for_email
from portal_site.extensions import db
from portal_site.mail import send as send_email
from portal_site.models import PasscodeChallenge
from portal_site.models._columns import utcnow

log = logging.getLogger(__name__)

LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
CODE_LENGTH = 6


def now() -> datetime:
    """The passcodes' clock (tests replace it)."""
    return utcnow()


def email_key(email: str | None) -> str:
    """The form of an email that challenges and limits are keyed on."""
    return (email or "").strip().lower()


def clean_code(value: str | None) -> str | None:
    """The digits of a typed or pasted code ("123 456", "123-456"), or None if it is not 6 digits."""
    digits = re.sub(r"[\s\-‐-―]", "", value or "")
    return digits if re.fullmatch(rf"[0-9]{{{CODE_LENGTH}}}", digits) else None


def _hmac(email: str, code: str) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    return hmac.new(key, f"passcode|{email_key(email)}|{code}".encode(), hashlib.sha256).hexdigest()


def issue(email: str, *, ip: str | None = None) -> tuple[PasscodeChallenge, str]:
    """Create a challenge for `email` (known or not) and return `(challenge, code)`.

    Older challenges of the email are deleted: only the newest can succeed anyway,
    and the table keeps one row per email.
    """
    code = f"{secrets.randbelow(10 ** CODE_LENGTH):0{CODE_LENGTH}d}"
    moment = now()
    db.session.execute(delete(PasscodeChallenge).where(PasscodeChallenge.email == email_key(email)))
    challenge = PasscodeChallenge(
        email=email_key(email),
        code_hmac=_hmac(email, code),
        created_at=moment,
        expires_at=moment + LIFETIME,
        attempts=0,
        ip=ip,
    )
    db.session.add(challenge)
    db.session.commit()
    return challenge, code


def send(email: str, *, ip: str | None = None, locale: str | None = None) -> None:
    """Issue a code and, in a job, email it if a Stripe customer has `email`.

    The caller's work and answer are the same whether or not the customer exists (the Stripe lookup
    is the job's). When the queue is down the job runs in this request instead: the code still goes out.
    """
    challenge, code = issue(email, ip=ip)
    nonce = uuid.uuid4().hex
    payload = {"nonce": nonce, "challenge_id": challenge.id, "email": email.strip(), "code": code, "locale": locale}
    jobs.enqueue("passcode", f"passcode:{nonce}", payload)


@jobs.handler("passcode")
def _deliver(payload: dict[str, Any]) -> None:
    table = PasscodeChallenge
    live = db.session.scalar(select(table.id).where(
        table.id == payload["challenge_id"], table.used_at.is_(None), table.expires_at > now()))
    if live is None:
        return  # replaced by a newer code, used, or expired: nothing worth sending
    app = current_app
    with force_locale(payload["locale"] or app.config.get("BABEL_DEFAULT_LOCALE", "en")):
        try:
            choice = choose_for_email(payload["email"])
        except BillingError:
            log.warning("Could not look up customers for a passcode email; trying again")
            raise
        if choice.chosen is None:
            return
        _update(live, customer_id=choice.chosen.id)
        minutes = int(LIFETIME.total_seconds() // 60)
        to = choice.chosen.email or payload["email"]
        code = payload["code"]
        send_email(to, _l("Your sign-in code: %(code)s", code=code), "passcode", key=f"passcode:{payload['nonce']}",
                   code=code, minutes=minutes)


class Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    DEAD = "dead"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    challenge: PasscodeChallenge | None = None
    attempts_left: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


def release(challenge: PasscodeChallenge) -> None:
    """Give back a claimed code, and its attempt, when the sign-in could not finish (Stripe unreachable)."""
    table = PasscodeChallenge
    _update(challenge.id, table.used_at.is_not(None), used_at=None, attempts=table.attempts - 1)


def claim_sign_in(challenge_id: int | None) -> bool:
    """Mark a verified code as having started its session; False if one was already started from it."""
    table = PasscodeChallenge
    if not challenge_id:
        return False
    return _update(challenge_id, table.used_at.is_not(None), table.signed_in_at.is_(None), signed_in_at=now()) == 1


def newest(email: str) -> PasscodeChallenge | None:
    """The newest challenge of an email: the only one that can still succeed."""
    return (
        db.session.query(PasscodeChallenge)
        .filter(PasscodeChallenge.email == email_key(email))
        .order_by(PasscodeChallenge.created_at.desc(), PasscodeChallenge.id.desc())
        .first()
    )


def _update(challenge_id: int, *conditions: ColumnElement[bool], **values: Any) -> int:
    """One conditional UPDATE of a challenge, committed; returns how many rows it changed (0 or 1)."""
    table = PasscodeChallenge
    changed = db.session.execute(
        update(table).where(table.id == challenge_id, *conditions).values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]  # typed as a Result; an UPDATE's is a CursorResult, which has it
    db.session.commit()
    return changed


def verify(email: str, code: str) -> Result:
    """Check `code` against the newest challenge of `email`; at most one caller ever gets OK.

    Each check first takes one of the 5 attempts with a conditional UPDATE, so even
    simultaneous guesses compare at most 5 codes; the winner then claims the code the same way.
    """
    challenge = newest(email)
    moment = now()
    table = PasscodeChallenge
    if challenge is None or not _update(
        challenge.id, table.used_at.is_(None), table.attempts < MAX_ATTEMPTS, table.expires_at > moment,
        attempts=table.attempts + 1,
    ):
        return Result(Outcome.DEAD, challenge)
    if hmac.compare_digest(challenge.code_hmac, _hmac(email, code)):
        claimed = _update(challenge.id, table.used_at.is_(None), used_at=moment)
        return Result(Outcome.OK if claimed else Outcome.DEAD, challenge)
    db.session.refresh(challenge)
    left = max(0, MAX_ATTEMPTS - challenge.attempts)
    return Result(Outcome.WRONG if left else Outcome.DEAD, challenge, left)
