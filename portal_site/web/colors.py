"""Brand colours: parsing, WCAG contrast ratios and a readable text colour for a background."""
import re

HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
DARK_TEXT = "#000000"  # black, not near-black: then every background has a text colour at 4.58:1 or more
LIGHT_TEXT = "#ffffff"
AA_NORMAL = 4.5
NON_TEXT = 3.0  # WCAG 1.4.11: borders and markers that carry meaning
LIGHT_SURFACES = ("#ffffff", "#ecfdf3")  # cards, and success notices (--surface, --success-bg in portal.css)


def is_hex(value: str | None) -> bool:
    return bool(HEX.match(value or ""))


def _luminance(color: str) -> float:
    channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio between two `#rrggbb` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """The more readable of dark or white text on `background`."""
    if contrast_ratio(background, LIGHT_TEXT) >= contrast_ratio(background, DARK_TEXT):
        return LIGHT_TEXT
    return DARK_TEXT


def _darker(color: str, factor: float) -> str:
    return "#" + "".join(f"{round(int(color[i:i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def marker_on_light(color: str) -> str:
    """`color` for borders and markers on the portal's light surfaces: as chosen when it stands out
    (3:1 on each), else the same hue darkened just enough."""
    factor = 1.0
    candidate = color
    while factor > 0 and min(contrast_ratio(candidate, surface) for surface in LIGHT_SURFACES) < NON_TEXT:
        factor = round(factor - 0.05, 2)
        candidate = _darker(color, factor)
    return candidate
