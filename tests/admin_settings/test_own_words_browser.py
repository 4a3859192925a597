"""In Chromium: adding translations from the dashboard by keyboard and mouse, with htmx, at 320 px, axe-clean."""

from portal_site import settings


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_question_translation_refused_then_saved_with_htmx(app, browser_admin, live_server, check_axe):
    page = browser_admin
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server}/admin/settings")
    section = page.locator("#own-words")
    section.get_by_label("Language", exact=True).select_option(label="العربية (ar)")
    section.locator("#own-text").evaluate("field => field.removeAttribute('maxlength')")  # as an old browser would
    section.get_by_label("Your question in this language").fill("ما الذي يمكننا تحسينه؟" * 12)
    section.get_by_role("button", name="Save translation").click()
    page.locator("#own-words .field__error").wait_for()
    assert "200 characters or fewer" in page.locator("#own-words").inner_text()
    assert page.locator("#own-words").get_by_label("Language", exact=True).input_value() == "ar"
    assert no_horizontal_scroll(page)
    check_axe(page)

    page.locator("#own-words").get_by_label("Your question in this language").fill("ما الذي يمكننا تحسينه؟")
    page.locator("#own-words").get_by_role("button", name="Save translation").click()
    page.get_by_text("العربية: translation saved.").wait_for()
    with app.test_request_context():
        assert settings.current().own_words.cancel_question == {"ar": "ما الذي يمكننا تحسينه؟"}
    check_axe(page)


def test_a_product_translation_in_polish_at_320_px(app, browser_admin, live_server, stripe_v1, check_axe):
    team = stripe_v1.products.create(params={"name": "Team", "unit_label": "seat"})
    page = browser_admin
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server}/admin/products/{team.id}")
    page.get_by_label("Language to add or edit").select_option(label="Polski (pl)")
    page.get_by_role("button", name="Add a translation").click()
    page.get_by_label("Unit label (few)").wait_for()
    assert no_horizontal_scroll(page)
    check_axe(page)
    page.get_by_label("Description in this language").fill("Cennik za stanowisko.")
    page.get_by_label("Unit label (one)").fill("stanowisko")
    page.get_by_label("Unit label (few)").fill("stanowiska")
    page.get_by_label("Unit label (many)").fill("stanowisk")
    page.get_by_role("button", name="Save translation").click()
    page.get_by_text("Polski: translation saved.").wait_for()
    with app.test_request_context():
        words = settings.current().own_words.products[team.id]
    assert words.unit_label == {"pl": {"one": "stanowisko", "few": "stanowiska", "many": "stanowisk"}}
    assert no_horizontal_scroll(page)
