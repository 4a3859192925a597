"""The activity page: filters, paging, and the chart of cancellation reasons by month."""
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest

from admin_settings.conftest import html
from portal_site import activity
from portal_site.extensions import db

NOW = datetime.now(UTC).replace(microsecond=0)


def add(action, actor_type="customer", actor="jenny@example.com", customer_id=None, at=None, **detail):
    entry = activity.record(action, actor_type=actor_type, actor=actor, customer_id=customer_id, commit=False, **detail)
    entry.created_at = at or NOW
    return entry


def rows(page):
    """(action as shown, customer id) of each entry row shown, in order."""
    body = page.split('<table class="activity-table">')[1].split("</table>")[0] if "activity-table" in page else ""
    shown = []
    for row in body.split("<tbody>")[-1].split("</tr>")[:-1]:
        customer = re.search(r'<a href="/admin/activity\?customer_id=\w+"[^>]*>(cus_\w+)</a>', row)
        action = re.search(r'<td class="activity-table__action">([^<]+)</td>', row).group(1)
        shown.append((unescape(action), customer.group(1) if customer else ""))
    return shown


@pytest.fixture
def history(app):
    with app.app_context():
        add("signin.succeeded", customer_id="cus_A", at=NOW - timedelta(days=40))
        add("Added a card", customer_id="cus_A", at=NOW - timedelta(days=3))
        add("signin.succeeded", customer_id="cus_B", actor="sam@example.com", at=NOW - timedelta(days=2))
        add("Saved the portal settings", actor_type="admin", actor="merchant@example.test", at=NOW - timedelta(days=1),
            changed=["subscription_pause.enabled", "promotion_codes.enabled"])
        db.session.commit()


def test_entries_are_listed_newest_first_with_their_details(signed_in, history):
    page = html(signed_in.get("/admin/activity"))

    assert rows(page)[:4] == [
        ("Signed in to the dashboard", ""),
        ("Saved the portal settings", ""),
        ("Signed in", "cus_B"),
        ("Added a card", "cus_A"),
    ]
    assert "<dt>Changed</dt> <dd>subscription pause enabled, promotion codes enabled</dd>" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("actor_type=customer", [("Signed in", "cus_B"), ("Added a card", "cus_A"), ("Signed in", "cus_A")]),
    ("actor_type=admin", [("Signed in to the dashboard", ""), ("Saved the portal settings", "")]),
    ("action=signin.succeeded", [("Signed in", "cus_B"), ("Signed in", "cus_A")]),
    ("customer_id=cus_A", [("Added a card", "cus_A"), ("Signed in", "cus_A")]),
    ("customer_id=cus_A&action=signin.succeeded", [("Signed in", "cus_A")]),
    (f"date_from={(NOW - timedelta(days=3)).date()}&date_to={(NOW - timedelta(days=2)).date()}",
     [("Signed in", "cus_B"), ("Added a card", "cus_A")]),
    (f"date_to={(NOW - timedelta(days=30)).date()}", [("Signed in", "cus_A")]),
    ("customer_id=cus_nobody", []),
])
def test_filters_narrow_the_entries(signed_in, history, query, expected):
    page = html(signed_in.get(f"/admin/activity?{query}"))

    assert rows(page) == expected
    if not expected:
        assert "No activity matches these filters." in page


@pytest.mark.parametrize(("query", "message"), [
    ("date_from=31/01/2026", "Enter a date as YYYY-MM-DD, such as 2026-01-31."),
    ("date_from=2026-02-10&date_to=2026-02-01", "The end date must be on or after the start date."),
    ("actor_type=robot", "Not a valid choice."),
    ("customer_id=" + "c" * 65, "A customer ID is at most 64 characters."),
])
def test_invalid_filters_are_refused_with_a_message(signed_in, history, query, message):
    response = signed_in.get(f"/admin/activity?{query}")

    assert response.status_code == 422
    assert message in html(response)
    assert "Check the filters: nothing was searched." in html(response)


def test_entries_come_25_to_a_page_and_paging_keeps_the_filters(app, signed_in):
    with app.app_context():
        for number in range(30):
            add("invoice.viewed", customer_id="cus_P", at=NOW - timedelta(minutes=number), invoice=f"in_{number}")
        db.session.commit()

    first = html(signed_in.get("/admin/activity?customer_id=cus_P"))
    second = html(signed_in.get("/admin/activity?customer_id=cus_P&page=2"))

    assert len(rows(first)) == 25 and "<dd>in_0<" in first and "<dd>in_24<" in first
    assert 'href="/admin/activity?page=2&amp;customer_id=cus_P"' in first and 'rel="prev"' not in first
    assert len(rows(second)) == 5 and "<dd>in_29<" in second
    assert 'href="/admin/activity?page=1&amp;customer_id=cus_P"' in second and 'rel="next"' not in second


def month_start(months_ago):
    index = NOW.year * 12 + NOW.month - 1 - months_ago
    return datetime(index // 12, index % 12 + 1, 1, 0, 0, 1, tzinfo=UTC)


def test_the_chart_counts_cancellation_reasons_per_month(app, signed_in):
    with app.app_context():
        for reason in ("too_expensive", "too_expensive", "unused"):
            add("subscription.canceled", customer_id="cus_C", at=month_start(1), reason=reason, feedback=reason, comment="")
        add("subscription.canceled", customer_id="cus_D", at=month_start(0), reason="", feedback="", comment="")
        add("subscription.canceled", customer_id="cus_E", at=month_start(0), reason="too_expensive")
        add("subscription.canceled", customer_id="cus_F", at=month_start(14), reason="unused")
        db.session.commit()

    page = html(signed_in.get("/admin/activity"))

    chart = page.split('<svg class="reasons-chart"')[1].split("</svg>")[0]
    bars = re.findall(r'class="reason reason--(\w+)" data-reason="\w+" data-count="(\d+)"', chart)
    assert bars == [("too_expensive", "2"), ("unused", "1"), ("too_expensive", "1"), ("not_given", "1")]
    assert chart.count('class="chart-label">') == 12 + 2
    legend = page.split('<ul class="chart-legend">')[1].split("</ul>")[0]
    assert [unescape(name).strip() for name in re.findall(r"</svg>([^<]+)</li>", legend)] == [
        "It's too expensive", "I don't use the service enough", "No reason given"]
    assert "style=" not in page


def test_the_chart_follows_the_date_filter(app, signed_in):
    with app.app_context():
        add("subscription.canceled", customer_id="cus_F", at=month_start(14), reason="unused")
        db.session.commit()
    start, end = month_start(15).date().replace(day=1), month_start(13).date()

    page = html(signed_in.get(f"/admin/activity?date_from={start}&date_to={end}"))

    chart = page.split('<svg class="reasons-chart"')[1].split("</svg>")[0]
    assert re.findall(r'data-reason="(\w+)" data-count="(\d+)"', chart) == [("unused", "1")]


def test_without_cancellations_the_chart_says_so(signed_in):
    assert "No cancellations between" in html(signed_in.get("/admin/activity"))


def test_dashboard_actions_appear_in_the_activity(signed_in):
    signed_in.post("/admin/login-link/activate")
    signed_in.post("/admin/business", data={"headline": "Hello"})

    page = html(signed_in.get("/admin/activity?actor_type=admin"))

    assert [action for action, _ in rows(page)][:2] == ["Saved the business information", "Turned the login link on"]
    assert "<dt>Changed</dt> <dd>headline</dd>" in page


def test_htmx_filtering_answers_with_the_fragment(signed_in, history):
    response = signed_in.get("/admin/activity?actor_type=admin", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert html(response).lstrip().startswith('<div id="activity">')


def test_details_read_as_words_with_dates_not_codes_or_timestamps(app, signed_in):
    resumes = int(datetime(2026, 3, 15, 12, tzinfo=UTC).timestamp())
    with app.app_context():
        add("subscription.paused", customer_id="cus_P", subscription="sub_1", resumes_at=resumes, nonce="n-secret")
        add("subscription.quantity_changed", customer_id="cus_P", subscription="sub_1", from_quantity=2, to_quantity=5)
        add("subscription.canceled", customer_id="cus_P", subscription="sub_1", reason="too_expensive",
            feedback="too_expensive", comment="Only needed it once.", mode="at_period_end")
        add("signin.failed", reason="wrong_code", at=datetime(2026, 1, 5, 14, 3, tzinfo=UTC))
        db.session.commit()

    page = unescape(html(signed_in.get("/admin/activity")))

    assert "<dt>Payments resume</dt> <dd>Mar 15, 2026</dd>" in page and str(resumes) not in page
    assert "<dt>Quantity</dt> <dd>2 → 5</dd>" in page
    assert "<dt>Reason</dt> <dd>It's too expensive</dd>" in page
    assert "<dt>Ends</dt> <dd>At the end of the billing period</dd>" in page
    assert "<dt>Comment</dt> <dd>Only needed it once.</dd>" in page
    assert "<dt>Reason</dt> <dd>Wrong code</dd>" in page
    assert "n-secret" not in page and "too_expensive" not in page.split("<tbody>")[1]
    assert ">Jan 5, 2026, 14:03</time>" in page
    actions = [action for action, _ in rows(page)]
    assert actions[:4] == ["Signed in to the dashboard", "Canceled a subscription", "Changed the quantity", "Paused payments"]
    assert "Sign-in failed" in actions
    assert '<option value="subscription.paused">Paused payments</option>' in page
