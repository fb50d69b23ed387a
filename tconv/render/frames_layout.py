"""The geometry of the step player's Pillow frames: colours, sizes and the layout rule.

:mod:`tconv.render.frames` paints the GIF/PNG export; this module decides *where* things go so
that every frame matches the client-side player (assets/player/player.js): the Okabe-Ito
colours, the panel gutters and gaps, the arrangement of the three panels and their cell
sizes in a box (:func:`layout`, the rule of ``fitLayout()`` in player.js for the whole
canvas; a browser test keeps the two equal), the font size of a cell's numbers
(:func:`font_scale`) and the titles that shorten to their panel (:func:`pick_title`).
Title widths are estimated as the player does (about 12.6 px per character of a bold
19 px title), so both sides pick the same sizes without measuring text. The font is
matplotlib's bundled DejaVu Sans (:func:`_font`), so no system font is needed.

All functions take the player's payload (a dict from :func:`tconv.render.player.player_payload`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

CROP_BG, CROP_LINE = (238, 238, 238), (196, 196, 196)
BEYOND_BG, BEYOND_LINE = (255, 255, 255), (159, 217, 199)

GUTTER, TITLE, COLIDX, GAP = 30, 34, 20, 28  # as in player.js
HEAD = TITLE + COLIDX
VGAP = 14  # between panels one above the other
MIN_XK = 24
MAX_CELL = 64
ARRANGEMENTS = ("row", "side", "stack", "column")
MARGIN = 16
LAYOUT_WIDTH = 1300  # the GIF is laid out by the player's rule for a 1300 x 900 px box
LAYOUT_HEIGHT = 900
MAX_GIF_WIDTH = 1460


@dataclass(frozen=True)
class Layout:
    """fitLayout() in player.js: cell sizes, the arrangement and where each panel goes."""

    cx: int  # input cell size
    ck: int  # kernel cell size
    cy: int  # canvas cell size
    arr: str  # "row", "side" (input over kernel, canvas beside), "stack" or "column"
    w: int  # the panels' box
    h: int
    pos: dict  # panel ("x", "k", "y") -> (left, top)
    size: dict  # panel -> (width, height)
    rows: int  # canvas rows and cols shown (fewer than the canvas's: a window)
    cols: int
    window: bool


def _inputs_titles(payload: dict) -> list[str]:
    size = f"({len(payload['x']['v'])}×{len(payload['x']['v'][0])})"
    return [f"Input x {size}", f"x {size}"]


def _result_titles(payload: dict) -> list[str]:
    ((top, bottom), (left, right)) = payload["crop"]
    size = f"({bottom - top}×{right - left})"
    b = " + b" if payload["has_bias"] else ""
    crop = " = cropped canvas" if any(payload["params"]["padding"]) else ""
    return [f"Output y {size}{crop}{b}", f"Output y {size}{b}", f"y {size}{b}"]


def _canvas_titles(payload: dict) -> list[str]:
    fh, fw = payload["full_shape"]
    return [f"Canvas {fh}×{fw}: running sums", f"Canvas {fh}×{fw}"]


def pick_title(variants: list[str], width: int) -> str:
    """pickTitle() in player.js: the longest variant that fits ``width``, else the shortest."""
    for t in variants:
        if _title_width(t) <= width:
            return t
    return variants[-1]


def _title_mins(payload: dict) -> dict[str, int]:
    """The narrowest title each panel may show: titleMins() in player.js (no window)."""
    k_titles = [f"{s['value']} × K" for s in payload["steps"]] + ["Kernel K"]
    return {
        "x": _title_width(_inputs_titles(payload)[-1]),
        "k": max(_title_width(t) for t in k_titles),
        "y": max(
            _title_width(_canvas_titles(payload)[-1]), _title_width(_result_titles(payload)[-1])
        ),
    }


def font_scale(n: int) -> float:
    """fontScale() in player.js: a cell's numbers are this part of the cell (n characters)."""
    return min(0.5, 0.84 / (0.72 * max(1, n)))


def min_cell(n: int, digit: float) -> int:
    """minCell() in player.js: the smallest cell whose numbers (n characters) are digit px."""
    return math.ceil(digit / font_scale(n) - 1e-9)


def _place(payload: dict, arr: str, cxk: int, cy: int, wr: int, wc: int, mins: dict) -> Layout:
    """place() in player.js."""
    xh, xw = len(payload["x"]["v"]), len(payload["x"]["v"][0])
    kh, kw = len(payload["k"]["v"]), len(payload["k"]["v"][0])
    extra = 22 if any(payload["params"]["padding"]) else 0
    X = (max(GUTTER + xw * cxk + 6, mins["x"]), HEAD + xh * cxk + 6)
    K = (max(GUTTER + kw * cxk + 6, mins["k"]), HEAD + kh * cxk + 6)
    Y = (max(GUTTER + wc * cy + 6 + extra, mins["y"]), HEAD + wr * cy + 6 + extra)
    if arr == "row":
        w, h = X[0] + K[0] + Y[0] + 2 * GAP, max(X[1], K[1], Y[1])
        pos = {"x": (0, 0), "k": (X[0] + GAP, 0), "y": (X[0] + K[0] + 2 * GAP, 0)}
    elif arr == "side":
        left = max(X[0], K[0])
        w, h = left + GAP + Y[0], max(X[1] + VGAP + K[1], Y[1])
        pos = {"x": (0, 0), "k": (0, X[1] + VGAP), "y": (left + GAP, 0)}
    elif arr == "stack":
        top = max(X[1], K[1])
        w, h = max(X[0] + GAP + K[0], Y[0]), top + VGAP + Y[1]
        pos = {"x": (0, 0), "k": (X[0] + GAP, 0), "y": (0, top + VGAP)}
    else:
        w, h = max(X[0], K[0], Y[0]), X[1] + K[1] + Y[1] + 2 * VGAP
        pos = {"x": (0, 0), "k": (0, X[1] + VGAP), "y": (0, X[1] + K[1] + 2 * VGAP)}
    eh, ew = payload["ext_shape"]
    size = {"x": X, "k": K, "y": Y}
    return Layout(cxk, cxk, cy, arr, w, h, pos, size, wr, wc, wr < eh or wc < ew)


def layout(
    payload: dict,
    width: int = LAYOUT_WIDTH,
    height: float = LAYOUT_HEIGHT,
    *,
    max_cell: int = MAX_CELL,
) -> Layout:
    """The player's layout of the whole canvas in a ``width`` x ``height`` box: the rule of
    ``fitLayout()`` in player.js asked for the whole canvas (``overview``), as the export
    draws every canvas cell.

    The biggest canvas cells (8 to ``max_cell`` px) of any arrangement of the three
    panels, then the biggest input/kernel cells (up to the canvas's, or 32 px), then the
    shorter box. A box too small for the whole canvas is taken as tall as needed.
    """
    eh, ew = payload["ext_shape"]
    mins = _title_mins(payload)

    def better(p: Layout, best: Layout | None, cy: int) -> bool:
        if best is None:
            return True
        a, b = min(p.cx, cy), min(best.cx, cy)
        return a > b or (a == b and p.h < best.h)

    def whole(lo: int, box_h: float) -> Layout | None:
        for cy in range(max_cell, lo - 1, -1):
            best = None
            for arr in ARRANGEMENTS:
                for cxk in range(min(max(cy, 32), max_cell), min(MIN_XK, cy) - 1, -1):
                    p = _place(payload, arr, cxk, cy, eh, ew, mins)
                    if p.w <= width and p.h <= box_h:
                        if better(p, best, cy):
                            best = p
                        break
            if best is not None:
                return best
        return None

    for box_h in (height, math.inf):
        found = whole(8, box_h)
        if found is not None:
            return found
    return _place(payload, "column", MIN_XK, 8, eh, ew, mins)  # nothing fits: as player.js


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


def _font_size(n: int, c: int) -> int:
    """fontSize() in player.js: one size per panel from its longest label (n characters)."""
    return int(max(8, c * font_scale(n)))
