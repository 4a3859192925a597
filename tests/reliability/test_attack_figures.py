"""An attacker's two measures of sign-in: how fast a passcode can be guessed, and whether timing tells who exists.

Brute force: one attacker asks for codes for a customer's email as fast as the portal lets them and guesses each
code until it dies. The burst shows what the limits allow (one code a minute, five tries a code); an hour of it is
at most 5 codes × 5 tries = 25 guesses at one account, a success chance of 25 in a million per hour.
Timing: known and unknown emails asked for in turn (limits raised so that every request does the full work);
the medians must not differ by more than what a network hides.
"""
import statistics
import time

from portal_site.signin import limits, passcodes
from tests.auth.helpers import code_from, wrong
from tests.reliability import figures

VICTIM = "ada@example.test"
CODES = 10 ** passcodes.CODE_LENGTH
DEAD = "This code can no longer be used"


def _per_hour(rule_name):
    """The most hits an hour that the rule allows (its tightest window, scaled to an hour)."""
    allowed = []
    for item in limits.rule(rule_name):
        seconds = item.get_expiry()
        allowed.append(item.amount * max(1, 3600 // seconds))
    return min(allowed)


def test_a_brute_force_burst_is_held_to_the_limits(app, client, login_token, stripe_v1, mailbox):
    stripe_v1.customers.create(params={"email": VICTIM})
    guesses_checked = 0
    for _round in range(3):  # the page is the same whether a code was sent or held back by the cooldown
        assert client.post(f"/p/login/{login_token}", data={"email": VICTIM}).status_code == 303
    code = code_from(mailbox.wait(1)[0])
    time.sleep(1)  # time for a second code to arrive, were one sent
    sent = len(mailbox.messages)
    for _guess in range(20):
        answer = client.post(f"/p/login/{login_token}/code", data={"code": wrong(code)})
        assert answer.status_code == 422
        guesses_checked += 1  # a guess the code could have matched, up to the one that killed it
        if DEAD in answer.text:
            break
    right = client.post(f"/p/login/{login_token}/code", data={"code": code})
    assert right.status_code == 422 and DEAD in right.text, "the code died after its wrong tries"
    assert sent == 1, "one code a minute"
    assert guesses_checked == passcodes.MAX_ATTEMPTS
    with app.app_context():
        codes_per_hour = _per_hour("passcode_send_email")
        guesses_per_ip = _per_hour("passcode_verify_ip")
    per_account = codes_per_hour * guesses_checked
    figures.set_value("brute force: guesses an hour at one account", per_account)
    figures.set_value("brute force: success chance an hour at one account", per_account / CODES)
    figures.set_value("brute force: guesses an hour from one address, over all accounts", guesses_per_ip)
    assert per_account / CODES <= 1e-4


def test_known_and_unknown_emails_take_the_same_time(app, client, login_token, stripe_v1, mailbox, jobs_done):
    app.config["RATE_LIMITS"] = {"passcode_send_email": "10000/minute", "passcode_send_ip": "10000/minute"}
    stripe_v1.customers.create(params={"email": VICTIM})
    timings = {"known": [], "unknown": []}
    for number in range(40):
        for kind, email in (("known", VICTIM), ("unknown", f"nobody{number}@example.test")):
            started = time.perf_counter()
            assert client.post(f"/p/login/{login_token}", data={"email": email}).status_code == 303
            timings[kind].append(time.perf_counter() - started)
    jobs_done()  # the worker is through with every code before the app goes (a code replaced meanwhile is not sent)
    assert mailbox.wait(1)[0]["To"] == VICTIM
    gap = abs(statistics.median(timings["known"]) - statistics.median(timings["unknown"])) * 1000
    figures.set_value("timing gap known/unknown email, medians of 40 (ms)", round(gap, 2))
    assert gap < 40, f"{gap:.1f} ms"
