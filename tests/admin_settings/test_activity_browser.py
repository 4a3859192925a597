"""In Chromium: the activity table reads well at 1200 px and at 375 px (no squeezed or cut-off details)."""
import os
from datetime import UTC, datetime

import pytest

from portal_site import activity
from portal_site.extensions import db

SHOTS = os.environ.get("PORTAL_SCREENSHOTS")  # a folder: keep screenshots there to look at


@pytest.fixture
def long_entries(app):
    with app.app_context():
        activity.record("subscription.canceled", actor_type="customer", actor="jennifer.longname@example.com",
                        customer_id="cus_QkT4mN8vX2pL9aZ", commit=False, subscription="sub_1QkT4mN8vX2pL9aZbC",
                        reason="too_expensive", feedback="too_expensive", mode="at_period_end",
                        comment="We moved our whole accounting team to another provider this quarter.")
        activity.record("subscription.paused", actor_type="customer", actor="sam@example.com", customer_id="cus_B",
                        commit=False, subscription="sub_2", resumes_at=int(datetime(2026, 3, 15, tzinfo=UTC).timestamp()))
        activity.record("settings.saved", actor_type="admin", actor="merchant@example.test", commit=False,
                        changed=["subscription_pause.enabled", "promotion_codes.enabled", "subscription_cancel.mode"])
        db.session.commit()


def word_broken(page):
    """Texts in the details column whose words were split across lines."""
    return page.evaluate("""() => [...document.querySelectorAll('.details-list dd')].filter(dd => {
        const longest = Math.max(...dd.textContent.split(/\\s+/).map(w => w.length));
        const probe = document.createElement('span');
        probe.textContent = 'x'.repeat(Math.min(longest, 14));
        probe.style.whiteSpace = 'nowrap';
        dd.appendChild(probe);
        const room = dd.parentElement.getBoundingClientRect().width;
        const wide = probe.getBoundingClientRect().width;
        probe.remove();
        return wide > room;
    }).map(dd => dd.textContent)""")


@pytest.mark.parametrize("width", [1200, 375])
def test_the_activity_table_fits_and_reads_at_desktop_and_phone_widths(browser_admin, live_server, long_entries,
                                                                         width):
    page = browser_admin
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/admin/activity")

    table = page.locator(".activity-table")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    comment = page.get_by_text("We moved our whole accounting team", exact=False)
    comment_box = comment.bounding_box()
    assert comment_box["x"] + comment_box["width"] <= box["x"] + box["width"] + 1, "details are cut off"
    assert comment_box["width"] >= 200, "the details column is squeezed"
    assert word_broken(page) == []
    assert table.get_by_text("Canceled a subscription").is_visible()
    assert table.get_by_text("Mar 15, 2026").is_visible()
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"activity-{width}.png"), full_page=True)
