"""`make screenshots`: the README's pictures, taken in Chromium from a freshly seeded demo stack.

Each shot is written as `<name>-desktop.png` (1280 px wide) and `<name>-phone.png` (375 px) under
docs/screenshots/. `python -m scripts.screenshots --out DIR --only account --widths phone` takes a subset.
"""
import argparse
import json
import os
import socket
import sys
import tempfile
import urllib.parse
import urllib.request

from PIL import Image
from playwright.sync_api import expect, sync_playwright

from scripts.demo import ROOT, Demo, DemoError

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 800), "phone": (375, 740)}
CUSTOMER = "alex@example.com"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """The running demo as the shots need it: a customer's one-time sign-in URL, the merchant's sign-in."""

    def __init__(self, demo):
        self.demo = demo
        created = demo.flask(demo.environment(), "api-key", "create", "screenshots")
        self.api_key = created.strip().splitlines()[-1]

    def customer_id(self, email):
        query = urllib.parse.urlencode({"email": email, "limit": 1})
        request = urllib.request.Request(f"{self.demo.emulator_url}/v1/customers?{query}",
                                         headers={"Authorization": "Bearer sk_test_demo"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)["data"][0]["id"]

    def sign_in_customer(self, page, email=CUSTOMER):
        body = json.dumps({"customer": self.customer_id(email), "return_url": "https://example.com/"}).encode()
        request = urllib.request.Request(f"{self.demo.portal_url}/api/v1/portal_sessions", data=body, headers={
            "Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            page.goto(json.load(answer)["url"])

    def sign_in_merchant(self, page):
        page.goto(f"{self.demo.portal_url}/admin/")
        if not page.get_by_label("Password").count():
            return  # signed in by an earlier shot of this browser context
        page.get_by_label("Email").fill(self.demo.seeded("email"))
        page.get_by_label("Password").fill(self.demo.seeded("password"))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/admin/")


def scroll_to_top(locator):
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")


def customer_sign_in(page, site):
    page.goto(site.demo.seeded("Login link"))
    page.get_by_label("Email").fill(CUSTOMER)


def account(page, site):
    site.sign_in_customer(page)
    page.wait_for_load_state("networkidle")


def plan_change_preview(page, site):
    site.sign_in_customer(page)
    card = page.locator(".subscription").first
    card.get_by_role("link", name="Change plan").click()
    card.locator("label.plan-option", has_text="Team").filter(has_text="month").first.click()
    expect(card.get_by_role("heading", name="What changes on your bill")).to_be_visible()
    card.locator("[id^=preview-]").evaluate("element => element.scrollIntoView({block: 'center'})")


def cancellation_with_reasons(page, site):
    site.sign_in_customer(page)
    card = page.locator(".subscription").first
    card.get_by_role("link", name="Cancel subscription").click()
    expect(card.get_by_role("heading", name="Cancel this subscription")).to_be_focused()
    scroll_to_top(card)


def dashboard_home(page, site):
    site.sign_in_merchant(page)


def portal_settings(page, site):
    site.sign_in_merchant(page)
    page.goto(f"{site.demo.portal_url}/admin/settings")


def branding_preview(page, site):
    site.sign_in_merchant(page)
    page.goto(f"{site.demo.portal_url}/admin/branding")
    page.get_by_label("Brand colour").fill("#7a1fa2")
    expect(page.locator('.brand-preview[data-brand-color="#7a1fa2"]')).to_be_visible()
    page.wait_for_load_state("networkidle")
    # Beside the form on a desktop; below it on a phone, where it is scrolled into view.
    page.locator(".brand-preview-frame").evaluate("element => element.scrollIntoView({block: 'nearest'})")


SHOTS = {
    "customer-sign-in": customer_sign_in,
    "account": account,
    "plan-change-preview": plan_change_preview,
    "cancellation-with-reasons": cancellation_with_reasons,
    "dashboard-home": dashboard_home,
    "portal-settings": portal_settings,
    "branding-preview": branding_preview,
}


def optimise(path):
    """Keep the committed pictures small: a 256-colour palette is indistinguishable for flat UI."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def take(site, out, names, widths):
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            for width in widths:
                viewport = dict(zip(("width", "height"), WIDTHS[width], strict=True))
                context = browser.new_context(viewport=viewport, locale="en-US", reduced_motion="reduce")
                try:
                    for name in names:
                        page = context.new_page()
                        SHOTS[name](page, site)
                        path = os.path.join(out, f"{name}-{width}.png")
                        page.screenshot(path=path, animations="disabled", caret="hide")
                        optimise(path)
                        written.append(path)
                        page.close()
                finally:
                    context.close()
        finally:
            browser.close()
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scripts.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "screenshots"))
    parser.add_argument("--only", default=",".join(SHOTS), help="comma-separated: " + ", ".join(SHOTS))
    parser.add_argument("--widths", default=",".join(WIDTHS), help="comma-separated: desktop, phone")
    args = parser.parse_args(argv)
    names, widths = args.only.split(","), args.widths.split(",")
    unknown = sorted(set(names) - set(SHOTS) | set(widths) - set(WIDTHS))
    if unknown:
        parser.error("unknown: " + ", ".join(unknown))
    if not os.path.exists(CHROMIUM):
        sys.exit(f"Screenshots need Debian's Chromium at {CHROMIUM} (apt-get install chromium).")
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance:
        try:
            with open(os.path.join(instance, "portal.log"), "w") as log, \
                    Demo(instance, free_port(), free_port(), portal_output=log) as demo:
                written = take(Site(demo), args.out, names, widths)
        except DemoError as error:
            sys.exit(str(error))
    print("\n".join(written))


if __name__ == "__main__":
    main()
