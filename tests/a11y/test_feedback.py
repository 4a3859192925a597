"""What a person sees while an action runs and before a destructive one: busy buttons, danger styling."""
import pathlib
import re

from a11y.conftest import horizontal_overflow

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "templates"
DANGER = "rgb(180, 35, 24)"


def test_every_htmx_form_disables_its_button_while_the_request_runs():
    """A double click must not send the action twice, and the button must show that something is happening."""
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(), flags=re.S):
            if "hx-post" in tag and "hx-disabled-elt" not in tag:
                missing.append(f"{path.relative_to(TEMPLATES)}: {' '.join(tag.split())[:90]}")
    assert not missing, "htmx forms without hx-disabled-elt:\n" + "\n".join(missing)


def test_a_button_shows_a_spinner_and_is_disabled_until_the_server_answers(page, login_url):
    held = []
    page.route(re.compile(r"/p/login/[^/]+$"),
               lambda route: held.append(route) if route.request.method == "POST" else route.continue_())
    page.goto(login_url)
    page.get_by_role("textbox").fill("robin@example.test")
    page.get_by_role("button", name="Email me a code").click()
    page.wait_for_function("() => document.querySelector('#email-form.htmx-request')")
    button = page.get_by_role("button", name="Email me a code")
    assert button.is_disabled()
    spinner = button.evaluate("b => { const s = getComputedStyle(b, '::after'); return [s.content, s.animationName]; }")
    assert spinner == ['""', "busy-spin"], spinner
    held[0].continue_()
    page.wait_for_url("**/code")


def test_an_idle_button_has_no_spinner(page, login_url):
    page.goto(login_url)
    button = page.get_by_role("button", name="Email me a code")
    assert button.evaluate("b => getComputedStyle(b, '::after').content") == "none"


def test_cancelling_and_removing_look_destructive_unlike_the_other_actions(browser_sign_in, subscriber):
    page = browser_sign_in(subscriber())
    colour = "e => getComputedStyle(e).color"
    assert page.get_by_role("link", name="Cancel subscription").evaluate(colour) == DANGER
    assert page.get_by_role("button", name=re.compile("^Remove Visa")).evaluate(colour) == DANGER
    assert page.get_by_role("link", name="Change plan").evaluate(colour) != DANGER


def test_the_invoice_history_shows_status_and_links_on_a_320px_screen(browser_sign_in, subscriber):
    page = browser_sign_in(subscriber())
    page.set_viewport_size({"width": 320, "height": 640})
    assert horizontal_overflow(page) == 0
    table = page.locator("#invoices .table-scroll")
    assert table.evaluate("e => e.scrollWidth - e.clientWidth") == 0
    row = page.locator("#invoices tbody tr").first
    for part in (row.locator(".badge"), row.get_by_role("link", name=re.compile("^Download PDF"))):
        box = part.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, box
