"""Many languages in Chromium: the language switcher at 320 px and by keyboard."""
from a11y.conftest import horizontal_overflow

NARROW = {"width": 320, "height": 640}


def test_the_language_switcher_is_a_select_sent_by_keyboard_at_320px(page, login_url):
    page.set_viewport_size(NARROW)
    page.goto(login_url)
    switcher = page.get_by_role("combobox", name="Language")
    button = page.get_by_role("button", name="Change language")
    for control in (switcher, button):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"], box
    switcher.focus()
    switcher.select_option("nl")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Change language"
    page.keyboard.press("Enter")
    page.wait_for_url("**?locale=nl")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("combobox", name="Taal").input_value() == "nl"
    assert page.get_by_role("button", name="Taal wijzigen").is_visible()
    assert horizontal_overflow(page) == 0
