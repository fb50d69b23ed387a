"""The geometry of the step player's Pillow frames: colours, sizes and the cell-size rule.

:mod:`tconv.render.frames` paints the GIF/PNG export; this module decides *where* things go so
that every frame matches the client-side player (assets/player/player.js): the Okabe-Ito
colours, the panel gutters and gaps, the panel widths (:func:`panel_widths`) and the cell
sizes for a column of a given width (:func:`layout`, which mirrors ``layout()`` in
player.js). Title widths are estimated as the player does (about 12.6 px per character of
a bold 19 px title), so both sides pick the same cell sizes without measuring text. The
font is matplotlib's bundled DejaVu Sans (:func:`_font`), so no system font is needed.

All functions take the player's payload (a dict from :func:`tconv.render.player.player_payload`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

CROP_BG, CROP_LINE = (238, 238, 238), (196, 196, 196)
BEYOND_BG, BEYOND_LINE = (255, 255, 255), (159, 217, 199)

GUTTER, TITLE, COLIDX, GAP = 30, 34, 20, 28  # as in player.js
MARGIN = 16
LAYOUT_WIDTH = 1300  # the GIF is laid out by the player's rule for a 1300 px column (<= 1460)
MAX_GIF_WIDTH = 1460


@dataclass(frozen=True)
class Layout:
    cx: int  # input cell size
    ck: int  # kernel cell size
    cy: int  # canvas cell size
    wrap: bool  # canvas on its own row


def _title_mins(payload: dict) -> dict[str, int]:
    """The widest title each panel shows on any frame: titleMins() in player.js."""
    xh, xw = len(payload["x"]["v"]), len(payload["x"]["v"][0])
    fh, fw = payload["full_shape"]
    k_titles = [f"{s['value']} × K" for s in payload["steps"]] + ["Kernel K"]
    return {
        "x": _title_width(f"Input x ({xh}×{xw})"),
        "k": max(_title_width(t) for t in k_titles),
        "y": max(
            _title_width(f"Canvas {fh}×{fw}: running sums"), _title_width(_result_title(payload))
        ),
    }


def _result_title(payload: dict) -> str:
    ((top, bottom), (left, right)) = payload["crop"]
    crop = " = cropped canvas" if any(payload["params"]["padding"]) else ""
    plus_b = " + b" if payload["has_bias"] else ""
    return f"Output y ({bottom - top}×{right - left}){crop}{plus_b}"


def panel_widths(payload: dict, lay: Layout, mins: dict | None = None) -> dict[str, int]:
    """Panel widths, the same on every frame: panelWidths() in player.js."""
    mins = mins or _title_mins(payload)
    xw, kw, ew = len(payload["x"]["v"][0]), len(payload["k"]["v"][0]), payload["ext_shape"][1]
    extra = 22 if any(payload["params"]["padding"]) else 0
    return {
        "x": max(GUTTER + xw * lay.cx + 6, mins["x"]),
        "k": max(GUTTER + kw * lay.ck + 6, mins["k"]),
        "y": max(GUTTER + ew * lay.cy + 6 + extra, mins["y"]),
    }


def layout(payload: dict, width: int = LAYOUT_WIDTH) -> Layout:
    """Cell sizes for a column ``width`` px wide: the rule of ``layout()`` in player.js.

    One row of three panels with equal cells (30..64 px, at most 600 px of grid height);
    else input and kernel at 24 px and the canvas at 20..29 px; else the canvas wraps onto
    its own row (12..48 px).
    """
    mins = _title_mins(payload)
    xw, kw = len(payload["x"]["v"][0]), len(payload["k"]["v"][0])
    rows = max(len(payload["x"]["v"]), len(payload["k"]["v"]), payload["ext_shape"][0])
    ew = payload["ext_shape"][1]

    def fits(lay: Layout) -> bool:
        w = panel_widths(payload, lay, mins)
        return w["x"] + w["k"] + w["y"] + 2 * GAP <= width

    for c in range(min(64, max(30, 600 // rows)), 29, -1):
        if fits(Layout(c, c, c, False)):
            return Layout(c, c, c, False)
    for cy in range(29, 19, -1):
        if fits(Layout(24, 24, cy, False)):
            return Layout(24, 24, cy, False)
    cw = 48
    while cw > 16 and (
        max(GUTTER + xw * cw + 6, mins["x"]) + GAP + max(GUTTER + kw * cw + 6, mins["k"]) > width
    ):
        cw -= 1
    cy = max(12, min(48, (width - GUTTER - 6 - 22) // ew))
    return Layout(cw, cw, cy, True)


@lru_cache(maxsize=64)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    from matplotlib import font_manager

    prop = font_manager.FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    return ImageFont.truetype(font_manager.findfont(prop), max(6, int(size)))


def _title_width(text: str) -> int:
    """Width of a bold 19 px title: titleWidth() in player.js."""
    return int(GUTTER + 12.6 * len(text) + 8 + 0.999)


def _index_step(c: int) -> int:
    """Row/column numbers: every one, or every other one when the cells are small."""
    return 1 if c >= 22 else 2


def _font_size(n: int, c: int, scale: float = 0.46) -> int:
    """fontSize() in player.js: one size per panel from its longest label (n characters)."""
    n = max(1, n)
    return int(max(8, min(c * scale, c * 0.84 / (0.72 * n))))
