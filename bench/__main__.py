"""`make bench`: the design's speed and size targets, each printed as a ratio measured in this run.

Ratios, not seconds, because these machines are noisy: Stripe latency is injected in the
emulator (D) and page time is compared with it; CPU is compared with template rendering.
Bytes are bytes: the demo customer's account page and what a visit transfers (`bench/transfer.py`).
"""
import contextlib
import gzip
import io
import os
import time

from flask import before_render_template, template_rendered

from bench import transfer
from bench.harness import (
    ROOT,
    Emulator,
    build_app,
    customer_with_history,
    sequential_depth,
    signed_in,
)

D_MS = 150
CPU_ROUNDS = 20


def js_gzip_bytes():
    """JavaScript a customer's browser loads from the portal (Stripe.js excluded)."""
    total = 0
    for folder in ("static/js", "static/vendor"):
        for name in os.listdir(os.path.join(ROOT, folder)):
            if name.endswith(".js"):
                with open(os.path.join(ROOT, folder, name), "rb") as handle:
                    total += len(gzip.compress(handle.read(), 9))
    return total


def second_card(app, customer):
    from portal_site.billing import payment_methods

    with app.test_request_context():
        wallet = payment_methods.wallet(customer.id)
    return next(card.id for card in wallet.cards if card.id != wallet.default_id)


def render_cpu(app):
    """Thread CPU seconds spent rendering templates, collected through Flask's signals."""
    spent = []
    started = {}

    def before(sender, template, context, **extra):
        started[template.name] = time.thread_time()

    def after(sender, template, context, **extra):
        spent.append(time.thread_time() - started.pop(template.name, time.thread_time()))

    before_render_template.connect(before, app, weak=False)
    template_rendered.connect(after, app, weak=False)
    return spent


def sign_in_depths(app, recorder, customer):
    """Stripe round trips in a row: finding the customer for the emailed code (off the request
    path), then checking the code and starting the session."""
    from portal_site.signin import login_links, passcodes

    with app.app_context():
        token = login_links.activate().token
    client = app.test_client()
    client.post(f"/p/login/{token}", data={"email": customer.email})
    with app.test_request_context():
        challenge, code = passcodes.issue(customer.email)
        recorder.calls.clear()
        passcodes._deliver(app, challenge.id, customer.email, code, "en")
    lookup = sequential_depth(recorder.calls)
    recorder.calls.clear()
    client.post(f"/p/login/{token}/code", data={"code": code})
    return lookup, sequential_depth(recorder.calls)


def measure():
    rows = []
    with Emulator() as emulator:
        customer, subscription = customer_with_history(emulator)
        app, recorder = build_app(emulator.url)
        client = signed_in(app, customer)
        client.get("/account/")

        emulator.latency(D_MS)
        recorder.calls.clear()
        started = time.perf_counter()
        full = client.get("/account/")
        wall = time.perf_counter() - started
        rows.append(("sequential Stripe round trips, account page", sequential_depth(recorder.calls), "1"))
        rows.append(("account page wall time / D (D = 150 ms)", round(wall / (D_MS / 1000), 2), "<= 1.3"))
        lookup, check = sign_in_depths(app, recorder, customer)
        rows.append(("sequential Stripe round trips, sign-in (lookup + code check)", lookup + check, "2"))
        emulator.latency(0)

        card_id = second_card(app, customer)
        recorder.calls.clear()
        action = client.post(f"/account/payment-methods/{card_id}/default",
                             data={"nonce": "bench-default"}, headers={"HX-Request": "true"})
        writes = [c for c in recorder.calls if c.method != "GET"]
        first_write = min((c.start for c in writes), default=float("inf"))
        checks = sum(c.method == "GET" and c.start < first_write for c in recorder.calls)
        rereads = sum(c.method == "GET" and c.start >= first_write for c in recorder.calls)
        rows.append(("Stripe calls per htmx action (make default)",
                     f"{len(writes)} write, {rereads} re-reads ({checks} ownership read before)",
                     "1 write, 0 re-reads"))
        rows.append(("htmx partial bytes / full page bytes", round(len(action.data) / len(full.data), 3), "<= 0.15"))

        renders = render_cpu(app)
        cpu_started = time.process_time()
        for _ in range(CPU_ROUNDS):
            client.get("/account/")
        cpu = time.process_time() - cpu_started
        rows.append(("portal CPU per page / template render CPU", round(cpu / max(sum(renders), 1e-9), 2), "<= 5"))
        rows.append(("portal CPU per account page, ms (this machine, warm)", round(cpu / CPU_ROUNDS * 1000, 1),
                     "lower is better"))

        rows.append(("JavaScript shipped, KB gzip (excluding Stripe.js)", round(js_gzip_bytes() / 1024, 1), "<= 20"))

        cached_app, cached_recorder = build_app(emulator.url, STRIPE_WEBHOOK_SECRET="whsec_bench")
        cached = signed_in(cached_app, customer)
        cached.get("/account/")
        cached_recorder.calls.clear()
        cached.get("/account/")
        warm = len(cached_recorder.calls)
        card_id = second_card(cached_app, customer)
        cached.post(f"/account/payment-methods/{card_id}/default", data={"nonce": "bench-default-2"})
        cached_recorder.calls.clear()
        cached.get("/account/")
        after_action = len(cached_recorder.calls)
        rows.append(("Stripe calls, account page with a warm cache", warm, "0"))
        rows.append(("Stripe calls, account page after the customer's own action", after_action,
                     "> 0 (re-read, never stale)"))
    return rows + transfer.measure()


def main():
    with contextlib.redirect_stdout(io.StringIO()):
        rows = measure()
    width = max(len(name) for name, _value, _target in rows)
    print(f"{'measure'.ljust(width)}  value  (target)")
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value}  ({target})")


if __name__ == "__main__":
    main()
