"""Many languages in Chromium: the language switcher at 320 px and by keyboard; Chinese, Japanese and Korean with
every character drawn (no tofu boxes) and no sideways scrolling at 320 px."""
import os

import pytest

from a11y.conftest import horizontal_overflow

NARROW = {"width": 320, "height": 640}
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")

# Each character of `text` drawn on a canvas in `element`'s font, compared with a character no font has (a private
# use code point draws the font's .notdef box): the characters the browser could only draw as that box.
TOFU = """([text, selector]) => {
  const font = getComputedStyle(document.querySelector(selector)).fontFamily;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const context = canvas.getContext("2d");
  const draw = (character) => {
    context.clearRect(0, 0, 48, 48);
    context.font = `32px ${font}`;
    context.fillText(character, 4, 36);
    return context.getImageData(0, 0, 48, 48).data.join();
  };
  const box = draw("\\uE000");
  return [...new Set(text)].filter((character) => character.trim() && draw(character) === box);
}"""


def tofu(page, text, selector="body"):
    return page.evaluate(TOFU, [text, selector])


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


def test_the_tofu_probe_finds_a_character_no_font_draws(page, login_url):
    """The check below can fail: Tangut (U+17000) is in no font Chromium has here."""
    page.goto(login_url)
    assert tofu(page, "A\U00017000") == ["\U00017000"]


@pytest.mark.parametrize(("locale", "lang", "heading"), [
    ("ja", "ja", "アカウント"), ("zh_Hans", "zh-Hans", "您的账户"), ("ko", "ko", "내 계정"),
])
def test_cjk_pages_draw_every_character_and_fit_320px(browser_sign_in, subscriber, locale, lang, heading):
    page = browser_sign_in(subscriber(currency="jpy", amount=5000), query=f"?locale={locale}")
    page.set_viewport_size(NARROW)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", level=1).inner_text() == heading
    text = page.locator("body").inner_text()
    assert "5,000" in text and ".00" not in text.split("5,000")[1][:3]
    assert tofu(page, text) == []
    assert tofu(page, "日本語中文한국어", ".language-switcher__select") == []
    assert horizontal_overflow(page) == 0
    shot = page.screenshot(full_page=True)
    assert shot.startswith(b"\x89PNG")
    if SHOTS:
        with open(os.path.join(SHOTS, f"account-{locale}-320.png"), "wb") as picture:
            picture.write(shot)


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def text_box(page, selector):
    """Where the text of the first `selector` is drawn (a block's own box spans the whole line)."""
    return page.evaluate("""(selector) => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector(selector));
      const {x, width} = range.getBoundingClientRect();
      return {x, width};
    }""", selector)


@pytest.mark.parametrize("width", [320, 1280])
def test_arabic_is_laid_out_right_to_left(browser_sign_in, subscriber, width):
    page = browser_sign_in(subscriber(), query="?locale=ar")
    page.set_viewport_size({"width": width, "height": 800})
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.get_by_role("heading", level=1).inner_text() == "حسابك"
    assert horizontal_overflow(page) == 0
    assert tofu(page, page.locator("body").inner_text()) == []
    heading, main = text_box(page, "h1"), box(page, "main")
    assert heading["x"] + heading["width"] > main["x"] + main["width"] * .9, (heading, main)
    assert heading["x"] > main["x"] + 20, (heading, main)
    brand = box(page, ".site-header .brand")
    assert brand["x"] + brand["width"] > width * .8, brand
    if width > 480:
        cells = page.locator(".invoice-table thead th")
        assert box(page, ".invoice-table thead th") == cells.first.bounding_box()
        assert cells.first.bounding_box()["x"] > cells.last.bounding_box()["x"]
    shot = page.screenshot(full_page=True)
    assert shot.startswith(b"\x89PNG")
    if SHOTS:
        with open(os.path.join(SHOTS, f"account-ar-{width}.png"), "wb") as picture:
            picture.write(shot)
