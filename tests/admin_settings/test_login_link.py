"""The login link page: turn the link on and off, make a new one (the old stops working), share it."""
import re

from admin_settings.conftest import html
from portal_site.models import ActivityLog


def shown_url(page):
    return re.search(r'id="login-link-url" class="field__input" type="text" value="([^"]+)"', page).group(1)


def path_of(url):
    return url.removeprefix("http://localhost")


def test_the_link_is_off_until_the_merchant_turns_it_on(signed_in):
    page = html(signed_in.get("/admin/login-link"))

    assert "Status: <span class=\"badge\">Off</span>" in page
    assert "Turn on the login link" in page
    assert "login-link-url" not in page


def test_turning_the_link_on_shows_it_with_copy_button_prefill_and_snippets(signed_in):
    response = signed_in.post("/admin/login-link/activate")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/login-link"

    page = html(signed_in.get("/admin/login-link"))
    url = shown_url(page)
    assert re.fullmatch(r"http://localhost/p/login/[\w-]{20,}", url)
    assert "The login link is active. Share it with your customers." in page
    assert 'data-copy="login-link-url"' in page
    assert f"{url}?prefilled_email=jenny%40example.com" in page
    assert f'&lt;a href=&#34;{url}&#34;&gt;Manage billing&lt;/a&gt;' in page
    assert 'data-copy="snippet-button"' in page and "background:#0b5cad" in page
    assert signed_in.get(path_of(url)).status_code == 200


def test_making_a_new_link_stops_the_old_one(app, signed_in):
    signed_in.post("/admin/login-link/activate")
    old = shown_url(html(signed_in.get("/admin/login-link")))

    signed_in.post("/admin/login-link/rotate")

    page = html(signed_in.get("/admin/login-link"))
    new = shown_url(page)
    assert new != old
    assert "A new login link is active. The old link no longer works." in page
    gone = signed_in.get(path_of(old))
    assert gone.status_code == 404 and "This link is not active" in html(gone)
    assert signed_in.get(path_of(new)).status_code == 200
    with app.app_context():
        actions = [entry.action for entry in ActivityLog.query.filter(ActivityLog.action.like("login_link.%"))]
    assert actions == ["login_link.activated", "login_link.rotated"]


def test_turning_the_link_off_stops_it_and_on_again_brings_back_the_same_url(signed_in):
    signed_in.post("/admin/login-link/activate")
    url = shown_url(html(signed_in.get("/admin/login-link")))

    signed_in.post("/admin/login-link/deactivate", data={"confirm": "1"})

    assert "Status: <span class=\"badge\">Off</span>" in html(signed_in.get("/admin/login-link"))
    assert signed_in.get(path_of(url)).status_code == 404
    signed_in.post("/admin/login-link/activate")
    assert shown_url(html(signed_in.get("/admin/login-link"))) == url
    assert signed_in.get(path_of(url)).status_code == 200


def test_only_making_a_new_link_changes_the_url_after_an_off_and_on(signed_in):
    signed_in.post("/admin/login-link/activate")
    first = shown_url(html(signed_in.get("/admin/login-link")))
    signed_in.post("/admin/login-link/rotate")
    second = shown_url(html(signed_in.get("/admin/login-link")))
    signed_in.post("/admin/login-link/deactivate", data={"confirm": "1"})
    signed_in.post("/admin/login-link/activate")

    assert shown_url(html(signed_in.get("/admin/login-link"))) == second != first
    assert signed_in.get(path_of(first)).status_code == 404


def test_turning_the_link_off_asks_first_and_changes_nothing_until_confirmed(signed_in):
    signed_in.post("/admin/login-link/activate")
    url = shown_url(html(signed_in.get("/admin/login-link")))

    asked = signed_in.post("/admin/login-link/deactivate")

    assert asked.status_code == 200
    page = html(asked)
    assert "Turn off the login link?" in page
    assert '<input type="hidden" name="confirm" value="1">' in page and "Yes, turn off the link" in page
    assert 'href="/admin/login-link"' in page and "Keep it on" in page
    assert shown_url(page) == url
    assert signed_in.get(path_of(url)).status_code == 200
    htmx = signed_in.post("/admin/login-link/deactivate", headers={"HX-Request": "true"})
    assert html(htmx).lstrip().startswith('<div id="login-link-panel"') and "Turn off the login link?" in html(htmx)


def test_htmx_actions_answer_with_the_panel(signed_in):
    response = signed_in.post("/admin/login-link/activate", headers={"HX-Request": "true"})

    assert response.status_code == 200
    body = html(response)
    assert body.lstrip().startswith('<div id="login-link-panel"') and "<html" not in body
    assert "The login link is active." in body


def test_the_actions_only_accept_post(signed_in):
    assert signed_in.get("/admin/login-link/rotate").status_code == 405
