"""Colour contrast: the portal's palette, the default brand colours and the text chosen for any brand colour."""
import itertools
import os
import re

import pytest

from portal_site import settings
from portal_site.web.colors import AA_NORMAL, contrast_ratio, text_on

CSS = os.path.join(os.path.dirname(__file__), "..", "..", "static", "css", "portal.css")
NON_TEXT = 3.0


def palette():
    with open(CSS, encoding="utf-8") as css:
        root = re.search(r":root\s*{([^}]*)}", css.read()).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


@pytest.mark.parametrize(("text", "background"), [
    ("text", "bg"), ("text", "surface"), ("muted", "bg"), ("muted", "surface"),
    ("danger", "danger-bg"), ("success", "success-bg"), ("danger", "surface"),
])
def test_palette_text_is_readable(text, background):
    colours = palette()
    assert contrast_ratio(colours[text], colours[background]) >= AA_NORMAL


def test_the_focus_ring_stands_out_on_the_page():
    colours = palette()
    assert contrast_ratio(colours["focus"], colours["surface"]) >= NON_TEXT
    assert contrast_ratio(colours["focus"], colours["bg"]) >= NON_TEXT


def test_default_brand_colours_are_readable():
    branding = settings.DEFAULTS["branding"]
    brand = branding["brand_color"]
    assert contrast_ratio(brand, text_on(brand)) >= AA_NORMAL, "header and button text on the brand colour"
    assert contrast_ratio(brand, "#ffffff") >= AA_NORMAL, "links in the brand colour on white cards"
    assert contrast_ratio(branding["accent_color"], "#ffffff") >= AA_NORMAL


def test_every_brand_colour_gets_a_readable_text_colour():
    greys = [(v, v, v) for v in range(256)]
    grid = itertools.product(range(0, 256, 17), repeat=3)
    worst = min(
        (contrast_ratio(colour, text_on(colour)), colour)
        for colour in (f"#{r:02x}{g:02x}{b:02x}" for r, g, b in itertools.chain(greys, grid))
    )
    assert worst[0] >= AA_NORMAL, f"text on {worst[1]} has a contrast of {worst[0]:.2f}:1"


def test_the_accent_marks_light_surfaces_visibly_whatever_the_merchant_picks():
    from portal_site.web.colors import LIGHT_SURFACES, NON_TEXT, marker_on_light

    grid = itertools.product(range(0, 256, 17), repeat=3)
    for colour in (f"#{r:02x}{g:02x}{b:02x}" for r, g, b in grid):
        marker = marker_on_light(colour)
        worst = min(contrast_ratio(marker, surface) for surface in LIGHT_SURFACES)
        assert worst >= NON_TEXT, f"accent {colour} becomes {marker}, {worst:.2f}:1"
    assert marker_on_light("#0a5c36") == "#0a5c36", "an accent that stands out is used as chosen"
    assert marker_on_light("#ffd700") != "#ffd700"
