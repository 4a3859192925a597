"""Branding: name, colours (with the contrast warning), icon and logo, the live preview, and the customer pages."""
import io
import os
import re

import pytest
from PIL import Image

from admin_settings.conftest import html, image_bytes, multipart
from portal_site import settings
from portal_site.models import ActivityLog
from portal_site.settings.schema import to_storage
from portal_site.signin import login_links

READABLE = {"business_name": "Acme Cloud", "brand_color": "#123456", "accent_color": "#0a5c36"}


def saved_branding(app):
    with app.test_request_context():
        return to_storage(settings.current().branding)


@pytest.fixture
def login_url(app):
    with app.test_request_context():
        return "/p/login/" + login_links.activate().token


def test_the_page_shows_the_form_and_a_preview_of_the_saved_branding(signed_in):
    page = html(signed_in.get("/admin/branding"))

    assert 'name="brand_color" spellcheck="false" type="text" value="#0b5cad"' in page
    assert 'href="/admin/branding/preview.css?brand=0b5cad&amp;accent=1a7f37"' in page
    assert 'hx-trigger="input changed delay:300ms from:#branding-form"' in page
    assert 'style="' not in page


def test_saved_branding_shows_on_the_login_page_and_home(app, signed_in, login_url):
    response = signed_in.post("/admin/branding", data={**READABLE, "brand_color": "123456"})

    assert response.status_code == 302 and response.headers["Location"] == "/admin/branding"
    assert READABLE.items() <= saved_branding(app).items()
    with app.test_request_context():
        settings.save({"business": {"headline": "Everything about your Acme plan"}})
    for path in (login_url, "/"):
        page = html(signed_in.get(path))
        assert '<span class="brand__name">Acme Cloud</span>' in page
        assert "--brand: #123456; --brand-text: #ffffff; --accent: #0a5c36;" in page
        assert "Everything about your Acme plan" in page


def test_saving_branding_is_recorded_in_the_activity_log(app, signed_in):
    signed_in.post("/admin/branding", data=READABLE)

    with app.app_context():
        entry = ActivityLog.query.filter_by(action="branding.saved").one()
    assert entry.actor == "merchant@example.test"
    assert set(entry.detail["changed"]) == {"business_name", "brand_color", "accent_color"}
    assert entry.detail["contrast_warnings"] == 0


@pytest.mark.parametrize(("changes", "message"), [
    ({"business_name": "  "}, "Enter your business name."),
    ({"business_name": "x" * 81}, "Keep the business name to 80 characters or fewer."),
    ({"brand_color": "blue"}, "Enter a colour as # followed by six hex digits, such as #0b5cad."),
    ({"brand_color": "#12345"}, "Enter a colour as # followed by six hex digits, such as #0b5cad."),
    ({"accent_color": "#12345g"}, "Enter a colour as # followed by six hex digits, such as #0b5cad."),
    ({"accent_color": ""}, "Enter a colour as # followed by six hex digits, such as #0b5cad."),
])
def test_invalid_branding_is_refused_with_its_message(app, signed_in, changes, message):
    response = signed_in.post("/admin/branding", data={**READABLE, **changes})

    assert response.status_code == 422
    assert message in html(response)
    assert 'value="Acme Cloud"' in html(response) or "business_name" in changes
    assert saved_branding(app) == settings.DEFAULTS["branding"]


def test_an_unreadable_accent_colour_is_warned_about_and_needs_save_anyway(app, signed_in):
    gold = {**READABLE, "accent_color": "#ffd700"}

    warned = signed_in.post("/admin/branding", data=gold)

    assert warned.status_code == 422
    body = html(warned)
    assert "Some text would be hard to read with these colors." in body
    assert "The accent colour used as text on white has a contrast of 1.4:1; at least 4.5:1 is needed" in body
    assert 'name="save_anyway" value="y"' in body
    assert 'value="#ffd700"' in body
    assert saved_branding(app)["accent_color"] == "#1a7f37"

    confirmed = signed_in.post("/admin/branding", data={**gold, "save_anyway": "y"})

    assert confirmed.status_code == 302
    assert saved_branding(app)["accent_color"] == "#ffd700"
    with app.app_context():
        assert ActivityLog.query.filter_by(action="branding.saved").one().detail["contrast_warnings"] == 1


@pytest.mark.parametrize(("brand", "where"), [
    ("#ffd700", "The brand colour used for links on white has a contrast of 1.4:1"),
    ("#777777", "The brand colour used for links on white has a contrast of 4.4:1"),
])
def test_unreadable_brand_colours_are_warned_about(signed_in, brand, where):
    response = signed_in.post("/admin/branding", data={**READABLE, "brand_color": brand})

    assert response.status_code == 422 and where in html(response)


def test_the_preview_follows_what_is_typed(signed_in):
    response = signed_in.post(
        "/admin/branding/preview",
        data={"business_name": "Typed Name", "brand_color": "#AA0000", "accent_color": "not yet"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    body = html(response)
    assert "<html" not in body
    assert 'href="/admin/branding/preview.css?brand=aa0000&amp;accent=1a7f37"' in body
    assert '<span class="brand__name">Typed Name</span>' in body
    assert "These colors are readable" in body


def test_the_preview_warns_while_typing(signed_in):
    response = signed_in.post("/admin/branding/preview", data={**READABLE, "accent_color": "#eeeeee"},
                              headers={"HX-Request": "true"})

    assert "The accent colour used as text on white has a contrast of 1.1:1" in html(response)


def test_the_preview_works_without_javascript(signed_in):
    response = signed_in.post("/admin/branding/preview", data={**READABLE, "brand_color": "#aa0000"})

    assert response.status_code == 200
    body = html(response)
    assert "<html" in body and 'value="#aa0000"' in body
    assert "preview.css?brand=aa0000" in body


def test_the_preview_stylesheet_scopes_the_colours_to_the_preview(signed_in):
    response = signed_in.get("/admin/branding/preview.css?brand=aa0000&accent=0a5c36")

    assert response.status_code == 200 and response.mimetype == "text/css"
    assert html(response).strip() == ".brand-preview { --brand: #aa0000; --brand-text: #ffffff; --accent: #0a5c36; }"


@pytest.mark.parametrize("query", ["brand=red&accent=0a5c36", "brand=aa0000", "brand=aa0000;}*{x:y&accent=000000",
                                   "brand=aa0000%0A&accent=000000"])
def test_the_preview_stylesheet_refuses_anything_but_colours(signed_in, query):
    assert signed_in.get(f"/admin/branding/preview.css?{query}").status_code == 404


def upload(name, data):
    return (io.BytesIO(data), name)


def test_icon_and_logo_are_stored_and_shown_to_customers(app, signed_in, login_url):
    response = signed_in.post("/admin/branding", data={
        **READABLE, "icon": upload("icon.png", image_bytes("PNG", (32, 32))),
        "logo": upload("logo.webp", image_bytes("WEBP", (200, 50))),
    }, content_type="multipart/form-data")

    assert response.status_code == 302
    branding = saved_branding(app)
    assert branding["icon_key"] and branding["logo_key"]
    page = html(signed_in.get(login_url))
    assert f'<link rel="icon" href="/media/{branding["icon_key"]}">' in page
    assert f'<img src="/media/{branding["logo_key"]}" alt="Acme Cloud" class="brand__logo">' in page
    logo = signed_in.get(f"/media/{branding['logo_key']}")
    assert logo.status_code == 200 and logo.mimetype == "image/webp"


def test_a_refused_image_keeps_what_was_typed(app, signed_in):
    gif = image_bytes("GIF", (10, 10))

    response = signed_in.post("/admin/branding", data={**READABLE, "logo": upload("logo.png", gif)},
                              content_type="multipart/form-data")

    assert response.status_code == 422
    body = html(response)
    assert "The file is not a JPEG, PNG or WEBP image." in body
    assert 'value="Acme Cloud"' in body and 'value="#123456"' in body
    assert saved_branding(app)["logo_key"] is None


def test_an_image_over_2_mb_is_refused_with_413_and_keeps_what_was_typed(app, signed_in):
    too_big = image_bytes("PNG", (40, 40))
    too_big += b"\0" * (2 * 1024 * 1024 + 1 - len(too_big))

    response = signed_in.post("/admin/branding", **multipart({**READABLE, "icon": (too_big, "icon.png")}))

    assert response.status_code == 413
    body = html(response)
    assert "The image must be smaller than 2 MB." in body
    assert 'value="Acme Cloud"' in body and 'value="#0a5c36"' in body
    assert saved_branding(app)["icon_key"] is None


def test_an_image_chosen_before_a_contrast_warning_is_kept_for_save_anyway(app, signed_in):
    warned = signed_in.post("/admin/branding", data={
        **READABLE, "accent_color": "#ffd700", "logo": upload("logo.png", image_bytes("PNG", (120, 40))),
    }, content_type="multipart/form-data")
    assert warned.status_code == 422
    pending = re.search(r'id="logo_key" name="logo_key" type="hidden" value="([0-9a-f]{64})"', html(warned)).group(1)

    confirmed = signed_in.post("/admin/branding", data={
        **READABLE, "accent_color": "#ffd700", "logo_key": pending, "save_anyway": "y",
    })

    assert confirmed.status_code == 302
    assert saved_branding(app)["logo_key"] == pending


def test_an_unknown_pending_image_is_refused(signed_in):
    response = signed_in.post("/admin/branding", data={**READABLE, "icon_key": "f" * 64})

    assert response.status_code == 422
    assert "The icon you chose before is no longer available; choose the file again." in html(response)


def test_the_logo_can_be_removed(app, signed_in):
    signed_in.post("/admin/branding", data={**READABLE, "logo": upload("logo.png", image_bytes("PNG"))},
                   content_type="multipart/form-data")
    key = saved_branding(app)["logo_key"]

    signed_in.post("/admin/branding", data={**READABLE, "logo_key": key, "remove_logo": "y"})

    assert saved_branding(app)["logo_key"] is None
    assert '<span class="brand__name">Acme Cloud</span>' in html(signed_in.get("/"))


def test_htmx_save_answers_with_the_editor_fragment(signed_in):
    response = signed_in.post("/admin/branding", data=READABLE, headers={"HX-Request": "true"})

    assert response.status_code == 200
    body = html(response)
    assert body.lstrip().startswith('<div id="branding-editor"')
    assert "Branding saved." in body and "preview.css?brand=123456" in body


def noisy_png(side):
    """A PNG of random pixels: it does not compress, so its file is about side² × 3 bytes."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def test_an_icon_and_a_logo_of_1_4_mb_each_are_saved_together(app, signed_in):
    icon, logo = noisy_png(690), noisy_png(690)
    assert 1.3e6 < len(icon) < 2 * 1024 * 1024 and 1.3e6 < len(logo) < 2 * 1024 * 1024

    response = signed_in.post("/admin/branding", **multipart({**READABLE, "icon": (icon, "icon.png"),
                                                               "logo": (logo, "logo.png")}))

    assert response.status_code == 302, html(response)[:500]
    saved = saved_branding(app)
    assert saved["icon_key"] and saved["logo_key"] and saved["icon_key"] != saved["logo_key"]


def test_one_file_over_2_mb_beside_a_good_one_is_refused_by_its_own_field(app, signed_in):
    too_big = image_bytes("PNG", (40, 40))
    too_big += b"\0" * (2 * 1024 * 1024 + 1 - len(too_big))

    response = signed_in.post("/admin/branding", **multipart({**READABLE, "icon": (noisy_png(500), "icon.png"),
                                                               "logo": (too_big, "logo.png")}))

    assert response.status_code == 413
    assert "The image must be smaller than 2 MB." in html(response)
    assert saved_branding(app)["logo_key"] is None
