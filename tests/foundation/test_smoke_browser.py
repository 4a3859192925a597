"""A person opens the portal's home, the login link and the dashboard sign-in in a real browser."""
from playwright.sync_api import expect

from portal_site.signin import login_links


def test_home_login_link_and_dashboard_sign_in(app, live_server, page):
    with app.app_context():
        link_url = login_links.url(login_links.activate())

    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Billing portal")
    page.get_by_role("link", name="Sign in to manage billing").click()
    assert page.url == link_url
    expect(page.get_by_label("Email")).to_be_visible()

    page.goto(live_server + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard sign-in")
    expect(page.get_by_label("Password")).to_be_visible()
