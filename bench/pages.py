"""The account page in this process (Flask's test client): wall time against the injected Stripe latency D,
Stripe calls and round trips, CPU against the login page and the hello route, a customer with 50
subscriptions and 200 invoices, and the naive sequential page as a baseline."""
import re
import statistics
import time
from contextlib import contextmanager

from bench.harness import QUICK, build_app, large_customer, sequential_depth, signed_in
from bench.report import Row

D_MS = 150
CPU_ROUNDS = 2 if QUICK else 20
# Cold views timed in a row, of which the median is the figure: one view alone is at the mercy of one hiccup.
SAMPLES = 1 if QUICK else 7
HTMX = {"HX-Request": "true"}


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, (time.perf_counter() - started) / (D_MS / 1000)


def cpu_per_call(fn, rounds=CPU_ROUNDS):
    """Process CPU seconds per call, the median of `rounds` calls, so that a garbage collection or another
    program's burst in one of them does not move it (the emulator runs in its own process, so it is not counted)."""
    fn()
    spent = []
    for _ in range(rounds):
        started = time.process_time()
        fn()
        spent.append(time.process_time() - started)
    return statistics.median(spent)


def invoice_rows(page):
    """The invoice rows in the page's invoice table (its "load more" row aside)."""
    found = re.search(rb'<table class="invoice-table">.*?<tbody>(.*?)</tbody>', page, re.S)
    return found.group(1).count(b"<tr>") if found else 0


def follow_up_url(page):
    found = re.search(rb'hx-get="([^"]*/account/subscriptions/upcoming\?[^"]*)"', page)
    return found.group(1).decode().replace("&amp;", "&") if found else None


@contextmanager
def sequential_reads():
    """The naive page: the same reads one after another (what the page was before parallel reads)."""
    from portal_site.billing import client

    parallel = client.parallel
    client.parallel = lambda *calls: [call() for call in calls]
    try:
        yield
    finally:
        client.parallel = parallel


def cold_page(emulator, customer, figures):
    """The cold account page (no cache: this app has no webhook secret), its median over SAMPLES views."""
    rows = []
    app, recorder = build_app(emulator.url)
    client = signed_in(app, customer)
    client.get("/account/")  # templates compiled, modules imported: what a running server has done long ago
    emulator.latency(D_MS)
    walls = []
    for _ in range(SAMPLES):
        recorder.calls.clear()
        page, wall = timed(lambda: client.get("/account/"))
        walls.append(wall)
    depth = sequential_depth(recorder.calls)
    follow_ups = page.data.count(b'hx-trigger="load"')
    url = follow_up_url(page.data)
    if url:
        client.get(url, headers=HTMX)
    calls = len(recorder.calls)
    with sequential_reads():
        _page, naive = timed(lambda: client.get("/account/"))
    emulator.latency(0)
    wall = statistics.median(walls)
    figures["wall_over_d"]["account page, cold"] = wall
    figures["wall_over_d"]["naive sequential page, cold"] = naive
    figures["cold_page_samples"] = sorted(walls)
    rows += [
        Row("sequential Stripe round trips, account page", depth, "1", depth == 1),
        Row(f"account page, cold, wall / D (D = 150 ms), median of {SAMPLES} (max {max(walls):.2f})", round(wall, 2),
            "<= 1.15", wall <= 1.15),
        Row("naive sequential account page, cold, wall / D", round(naive, 2), "baseline"),
        Row("follow-up requests after the page (N = 1 subscription)", follow_ups, "<= 1", follow_ups <= 1),
        Row("Stripe calls per cold page view with its follow-up (N = 1)", calls, "<= 5 + N = 6", calls <= 6),
    ]
    return rows


def _signed_in_cold(app, emulator, customer, token, recorder):
    """One real sign-in (the code looked up off the request path, then checked) and the first page after it,
    nothing cached from before: their wall times / D and their Stripe round trips in a row."""
    from portal_site.signin import passcodes
    from portal_site.storage import cache

    client = app.test_client()
    client.post(f"/p/login/{token}", data={"email": customer.email})
    with app.test_request_context():
        challenge, code = passcodes.issue(customer.email)
        passcodes._deliver({"nonce": "bench", "challenge_id": challenge.id, "email": customer.email, "code": code,
                            "locale": "en"})  # the passcode job's work, here rather than in a worker
    with app.app_context():
        cache.invalidate(customer.id)
    emulator.latency(D_MS)
    recorder.calls.clear()
    _answer, verify_wall = timed(lambda: client.post(f"/p/login/{token}/code", data={"code": code}))
    verify_depth = sequential_depth(recorder.calls)
    recorder.calls.clear()
    _page, first_wall = timed(lambda: client.get("/account/"))
    first_depth = sequential_depth(recorder.calls)
    emulator.latency(0)
    return verify_wall, verify_depth, first_wall, first_depth


def sign_in_then_page(emulator, customer, figures):
    """The first page after sign-in, median of SAMPLES sign-ins."""
    from portal_site.signin import login_links

    app, recorder = build_app(emulator.url, STRIPE_WEBHOOK_SECRET="whsec_bench")
    signed_in(app, customer).get("/account/")  # a warm process, another session
    with app.app_context():
        token = login_links.activate().token
    runs = [_signed_in_cold(app, emulator, customer, token, recorder) for _ in range(SAMPLES)]
    verify_wall = statistics.median(run[0] for run in runs)
    first_walls = [run[2] for run in runs]
    first_wall = statistics.median(first_walls)
    verify_depth, first_depth = max(run[1] for run in runs), max(run[3] for run in runs)
    figures["wall_over_d"]["sign-in: code check"] = verify_wall
    figures["wall_over_d"]["first page after sign-in"] = first_wall
    return [
        Row("sequential Stripe round trips, sign-in code check", verify_depth, "1", verify_depth == 1),
        Row("sequential Stripe round trips, first page after sign-in", first_depth, "1", first_depth == 1),
        Row(f"first account page after sign-in, wall / D, median of {SAMPLES} (max {max(first_walls):.2f})",
            round(first_wall, 2), "<= 1.15", first_wall <= 1.15),
    ]


def cpu(app_with_cache, customer, figures):
    """Warm CPU per page: the account page (cache), the login page and the hello route, in one run."""
    from bench.hello import app as hello
    from portal_site.signin import login_links

    client = signed_in(app_with_cache, customer)
    with app_with_cache.app_context():
        token = login_links.activate().token
    visitor = app_with_cache.test_client()
    hello_client = hello.test_client()
    account = cpu_per_call(lambda: client.get("/account/"))
    login = cpu_per_call(lambda: visitor.get(f"/p/login/{token}"))
    floor = cpu_per_call(lambda: hello_client.get("/hello"))
    figures["cpu_ms"] = {"account page, warm": account * 1000, "login page": login * 1000, "hello route": floor * 1000}
    return [
        Row("CPU per page, ms: account (warm) / login / hello",
            f"{account * 1000:.1f} / {login * 1000:.1f} / {floor * 1000:.2f}", "figures"),
        Row("account page CPU / login page CPU (warm)", round(account / login, 2), "<= 3", account / login <= 3),
    ]


def large(emulator, small_customer, figures):
    """50 subscriptions and 200 invoices: every subscription shown, invoices paged, cost per shown item."""
    customer = large_customer(emulator)
    app, _recorder = build_app(emulator.url, STRIPE_WEBHOOK_SECRET="whsec_bench")
    big, small = signed_in(app, customer), signed_in(app, small_customer)
    page = big.get("/account/").data
    url = follow_up_url(page)
    if url:
        big.get(url, headers=HTMX)
    page = big.get("/account/").data
    cards = page.count(b'<article id="subscription-')
    rows_shown = invoice_rows(page)
    paged = b"after=" in page
    small_page = small.get("/account/").data
    shown = lambda html: html.count(b'<article id="subscription-') + invoice_rows(html)  # noqa: E731
    big_cpu = cpu_per_call(lambda: big.get("/account/"), rounds=5)
    small_cpu = cpu_per_call(lambda: small.get("/account/"), rounds=5)
    growth = (big_cpu / small_cpu) / (shown(page) / max(shown(small_page), 1))
    figures["large_customer"] = {"cards": cards, "invoice_rows": rows_shown, "paged": paged,
                                 "cpu_ms": big_cpu * 1000, "small_cpu_ms": small_cpu * 1000}
    return [
        Row("50 subscriptions: cards shown", cards, "50", cards == 50),
        Row("200 invoices: rows on the page, and a link to the next page", f"{rows_shown}, {'yes' if paged else 'no'}",
            "paged", paged and 0 < rows_shown < 200),
        Row("page CPU growth / growth of what is shown (50 subs vs 1)", round(growth, 2), "<= 1 (linear)",
            growth <= 1),
    ]
