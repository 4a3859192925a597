"""What `make bench` leaves: every measure with its target and whether it is met, printed, as JSON and as a
plot (PNG, drawn with Pillow, which the portal already installs) in the git-ignored bench/out/."""
import json
import os
import platform
import time
from dataclasses import asdict, dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from bench.harness import ROOT

OUT = os.environ.get("BENCH_OUT") or os.path.join(ROOT, "bench", "out")


@dataclass
class Row:
    name: str
    value: Any
    target: str
    met: bool | None = None  # None: a figure to compare, with no target of its own

    @property
    def verdict(self):
        return {True: "met", False: "NOT MET", None: "-"}[self.met]


def machine():
    """What else the machine was doing: the load average before and after, and its cores."""
    return {"cores": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "at": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}


def print_rows(rows, before, after):
    width = max(len(row.name) for row in rows)
    print(f"{'measure'.ljust(width)}  value  (target)  verdict")
    for row in rows:
        print(f"{row.name.ljust(width)}  {row.value}  ({row.target})  {row.verdict}")
    met = sum(row.met is True for row in rows)
    targets = sum(row.met is not None for row in rows)
    print(f"\n{met} of {targets} targets met. Load average before {before['load_average']}, "
          f"after {after['load_average']} on {after['cores']} cores: ratios need an idle machine to be final.")


def write(rows, figures, before, after):
    os.makedirs(OUT, exist_ok=True)
    report = {"machine_before": before, "machine_after": after, "figures": figures,
              "rows": [{**asdict(row), "verdict": row.verdict} for row in rows]}
    with open(os.path.join(OUT, "bench.json"), "w") as handle:
        json.dump(report, handle, indent=2, default=str)
    plot(figures, after, os.path.join(OUT, "bench.png"))
    return OUT


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without scalable default fonts
        return ImageFont.load_default()


def _bars(draw, box, title, bars, line=None, line_label=""):
    """Horizontal bars in `box` (left, top, right, bottom): [(label, value)], an optional target line."""
    left, top, right, bottom = box
    font, small = _font(18), _font(14)
    draw.text((left, top), title, fill="black", font=font)
    top += 34
    label_width = 230
    most = max([value for _label, value in bars] + [line or 0]) or 1
    scale = (right - left - label_width - 80) / most
    height = (bottom - top) / max(len(bars), 1)
    for index, (label, value) in enumerate(bars):
        y = top + index * height
        draw.text((left, y + height / 2 - 8), label, fill="black", font=small)
        draw.rectangle((left + label_width, y + 6, left + label_width + value * scale, y + height - 6), fill="#3b6ea5")
        draw.text((left + label_width + value * scale + 6, y + height / 2 - 8), f"{value:g}", fill="black", font=small)
    if line:
        x = left + label_width + line * scale
        draw.line((x, top, x, bottom), fill="#c0392b", width=2)
        draw.text((x + 4, bottom - 2), line_label, fill="#c0392b", font=small)


def plot(figures, after, path):
    image = Image.new("RGB", (1000, 760), "white")
    draw = ImageDraw.Draw(image)
    rps = figures.get("requests_per_second", {})
    _bars(draw, (30, 20, 970, 330), "Requests per second under gunicorn (loopback load generator)",
          [(name, round(value, 1)) for name, value in rps.items()])
    walls = figures.get("wall_over_d", {})
    _bars(draw, (30, 380, 970, 700), "Wall time / D (D = 150 ms injected Stripe latency)",
          [(name, round(value, 2)) for name, value in walls.items()], line=1.0, line_label="one round trip")
    draw.text((30, 725), f"{after['at']}, {after['cores']} cores, load average {after['load_average']}",
              fill="#555555", font=_font(14))
    image.save(path)
