"""The passcode rules one by one: expiry, single use, wrong tries, newest only, HMAC storage."""
import hashlib
import hmac
import threading
from datetime import timedelta

import pytest

from auth.helpers import wrong
from portal_site.extensions import db
from portal_site.models import PasscodeChallenge
from portal_site.models._columns import utcnow
from portal_site.signin import passcodes

EMAIL = "ann@example.test"


@pytest.fixture
def clock(monkeypatch):
    """The passcodes' clock, moved by `clock.advance(seconds)`."""

    class Clock:
        now = utcnow()

        def advance(self, seconds):
            self.now += timedelta(seconds=seconds)

    fake = Clock()
    monkeypatch.setattr(passcodes, "now", lambda: fake.now)
    return fake


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


def test_a_code_is_six_random_digits_stored_only_as_an_hmac(app, ctx):
    issued = {f"user{n}@example.test": passcodes.issue(f"user{n}@example.test") for n in range(20)}
    assert len({code for _, code in issued.values()}) > 15
    key = app.config["SECRET_KEY"].encode()
    for email, (challenge, code) in issued.items():
        assert len(code) == 6 and code.isdigit()
        row = db.session.get(PasscodeChallenge, challenge.id)
        expected = hmac.new(key, f"passcode|{email}|{code}".encode(), hashlib.sha256).hexdigest()
        assert row.code_hmac == expected
        assert code not in [str(getattr(row, column.name)) for column in PasscodeChallenge.__table__.columns]


def test_the_hmac_depends_on_the_secret_key(app, ctx):
    _, code = passcodes.issue(EMAIL)
    before = passcodes._hmac(EMAIL, code)
    app.config["SECRET_KEY"] = "another secret"
    assert passcodes._hmac(EMAIL, code) != before


@pytest.mark.parametrize("typed, cleaned", [
    ("123456", "123456"), (" 123 456 ", "123456"), ("123-456", "123456"), ("12 34 56", "123456"),
    ("12345", None), ("1234567", None), ("12345a", None), ("", None), ("١٢٣٤٥٦", None),
])
def test_pasted_codes_with_spaces_or_dashes_are_accepted(typed, cleaned):
    assert passcodes.clean_code(typed) == cleaned


def test_a_code_works_until_ten_minutes_and_not_after(ctx, clock):
    _, code = passcodes.issue(EMAIL)
    clock.advance(10 * 60 - 1)
    assert passcodes.verify(EMAIL, code).ok
    _, code = passcodes.issue(EMAIL)
    clock.advance(10 * 60 + 1)
    result = passcodes.verify(EMAIL, code)
    assert result.outcome is passcodes.Outcome.DEAD


def test_a_code_works_once(ctx, clock):
    _, code = passcodes.issue(EMAIL)
    assert passcodes.verify(EMAIL, code).ok
    assert passcodes.verify(EMAIL, code).outcome is passcodes.Outcome.DEAD


def test_the_email_matches_whatever_its_case(ctx, clock):
    _, code = passcodes.issue("Ann@Example.TEST")
    assert passcodes.verify("ann@example.test", code).ok


def test_five_wrong_tries_kill_the_code(ctx, clock):
    _, code = passcodes.issue(EMAIL)
    lefts = [passcodes.verify(EMAIL, wrong(code)) for _ in range(4)]
    assert [(r.outcome, r.attempts_left) for r in lefts] == [(passcodes.Outcome.WRONG, n) for n in (4, 3, 2, 1)]
    assert passcodes.verify(EMAIL, wrong(code)).outcome is passcodes.Outcome.DEAD
    assert passcodes.verify(EMAIL, code).outcome is passcodes.Outcome.DEAD


def test_only_the_newest_code_counts(ctx, clock, next_codes):
    _, first = passcodes.issue(EMAIL)
    _, second = passcodes.issue(EMAIL)
    assert (first, second) == ("111111", "222222")
    assert PasscodeChallenge.query.count() == 1
    assert passcodes.verify(EMAIL, first).outcome is passcodes.Outcome.WRONG
    assert passcodes.verify(EMAIL, second).ok


def test_another_emails_code_does_not_work(ctx, clock, next_codes):
    _, code = passcodes.issue("bob@example.test")
    passcodes.issue(EMAIL)
    assert passcodes.verify(EMAIL, code).outcome is passcodes.Outcome.WRONG


def test_concurrent_checks_of_one_code_succeed_exactly_once(app, ctx):
    _, code = passcodes.issue(EMAIL)
    start, results = threading.Barrier(8), []

    def check():
        with app.app_context():
            start.wait()
            results.append(passcodes.verify(EMAIL, code).ok)

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(results) == [False] * 7 + [True]


def test_simultaneous_wrong_guesses_still_compare_at_most_five_codes(app, ctx, next_codes):
    challenge, code = passcodes.issue(EMAIL)
    start, results = threading.Barrier(12), []

    def guess(n):
        with app.app_context():
            start.wait()
            results.append(passcodes.verify(EMAIL, f"{900000 + n}").outcome)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(results) == 12 and passcodes.Outcome.OK not in results
    assert db.session.get(PasscodeChallenge, challenge.id).attempts == 5
    assert passcodes.verify(EMAIL, code).outcome is passcodes.Outcome.DEAD
