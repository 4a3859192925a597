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

from bench import pages, report, served, transfer
from bench.harness import QUICK, ROOT, Emulator, build_app, customer_with_history, signed_in
from bench.report import Row

CPU_ROUNDS = 2 if QUICK else 20


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


def action_rows(app, client, recorder, customer):
    """An htmx action: its Stripe calls, and its partial's bytes against the page's."""
    full = client.get("/account/")
    card_id = second_card(app, customer)
    recorder.calls.clear()
    action = client.post(f"/account/payment-methods/{card_id}/default",
                         data={"nonce": "bench-default"}, headers={"HX-Request": "true"})
    writes = [c for c in recorder.calls if c.method != "GET"]
    first_write = min((c.start for c in writes), default=float("inf"))
    checks = sum(c.method == "GET" and c.start < first_write for c in recorder.calls)
    rereads = sum(c.method == "GET" and c.start >= first_write for c in recorder.calls)
    share = len(action.data) / len(full.data)
    return [
        Row("Stripe calls per htmx action (make default)",
            f"{len(writes)} write, {rereads} re-reads ({checks} ownership read before)", "1 write, 0 re-reads",
            len(writes) == 1 and rereads == 0),
        Row("htmx partial bytes / full page bytes", round(share, 3), "figure"),
    ]


def cache_rows(cached_app, recorder, customer):
    cached = signed_in(cached_app, customer)
    cached.get("/account/")
    recorder.calls.clear()
    cached.get("/account/")
    warm = len(recorder.calls)
    card_id = second_card(cached_app, customer)
    cached.post(f"/account/payment-methods/{card_id}/default", data={"nonce": "bench-default-2"})
    recorder.calls.clear()
    cached.get("/account/")
    after_action = len(recorder.calls)
    return [
        Row("Stripe calls, account page with a warm cache", warm, "0", warm == 0),
        Row("Stripe calls, account page after the customer's own action", after_action, "> 0 (re-read, never stale)",
            after_action > 0),
    ]


def measure(figures):
    rows = []
    with Emulator() as emulator:
        customer, _subscription = customer_with_history(emulator)
        rows += pages.cold_page(emulator, customer, figures)
        rows += pages.sign_in_then_page(emulator, customer, figures)
        app, recorder = build_app(emulator.url)
        client = signed_in(app, customer)
        rows += action_rows(app, client, recorder, customer)
        renders = render_cpu(app)
        cpu_started = time.process_time()
        for _ in range(CPU_ROUNDS):
            client.get("/account/")
        spent = time.process_time() - cpu_started
        rows.append(Row("portal CPU per page / template render CPU (no cache)",
                        round(spent / max(sum(renders), 1e-9), 2), "figure"))
        cached_app, cached_recorder = build_app(emulator.url, STRIPE_WEBHOOK_SECRET="whsec_bench")
        rows += pages.cpu(cached_app, customer, figures)
        rows += cache_rows(cached_app, cached_recorder, customer)
        js = js_gzip_bytes() / 1024
        rows.append(Row("JavaScript shipped, KB gzip (excluding Stripe.js)", round(js, 1), "<= 20", js <= 20))
        rows += served.measure(emulator, customer, figures)
        rows += pages.large(emulator, customer, figures)
    return rows + transfer.measure()


def main():
    figures = {"wall_over_d": {}}
    before = report.machine()
    with contextlib.redirect_stdout(io.StringIO()):
        rows = measure(figures)
    after = report.machine()
    report.print_rows(rows, before, after)
    print(f"Report and plot: {report.write(rows, figures, before, after)}/bench.json, bench.png")


if __name__ == "__main__":
    main()
