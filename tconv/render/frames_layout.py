"""The step player's geometry, written once: where the panels go and how big things are.

Both painters of the player read this module's rule: the browser's player
(assets/player/player.js), which gets it as ``payload["geometry"]`` (:func:`geometry`), and
the GIF/PNG export (:mod:`tconv.render.frames`), which calls :func:`layout` for its
1300 x 900 px box. player.js holds no layout constant of its own: it evaluates the shipped
data for the box it measures, with the same closed-form steps as :func:`fit`.

The data. Every panel size and position is a *linear form* in the cell sizes, or the largest
of a few (a title that is wider than its grid): a term ``(a, b, m, c)`` is
``a*xk + b*span + m*ymin + c`` where ``xk`` is the input/kernel cell size, ``span`` the canvas
cells shown along that axis times the canvas cell size (``cols*cy`` for widths and lefts,
``rows*cy`` for heights and tops) and ``ymin`` the narrowest title of the canvas panel (it
grows when a window of the canvas shows, whose title names its rows and columns). For each
arrangement of the three panels ("row"; "side": input over kernel, canvas beside; "stack":
input beside kernel, canvas under; "column") the data gives the box's width and height and
each panel's left and top; :func:`geometry` also ships the panel sizes, the titles with their
width rule, the font scale of each panel's numbers and the policy numbers (cell limits).

The rule (:func:`fit`), for a box W x H px:

1. the whole canvas with the biggest canvas cells ``cy`` (up to the maximum: 64 px, 112 in
   Present mode) whose numbers stay readable (16 px, 13 px on a screen under 500 px), in any
   arrangement; then the biggest input/kernel cells (no bigger than the canvas's, or 32 px);
   then the shorter box;
2. else a window of the canvas at the biggest readable size that still shows the step's
   whole footprint (kernel size x dilation), as many cells as fit; ``overview`` asks for
   the whole canvas instead, down to 8 px cells (the export always does);
3. else the same without the height limit.

Every step is "the largest integer under a few linear bounds" (all coefficients are >= 0, so
every size grows with every cell size), which keeps the rule a handful of divisions.
The font is matplotlib's bundled DejaVu Sans (:func:`_font`), so no system font is needed.

Why one module over 300 lines: it is the one place of the player's geometry (the data, the
rule that evaluates it, titles and font sizes); splitting it would bring back two places.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

CROP_BG, CROP_LINE = (238, 238, 238), (196, 196, 196)
BEYOND_BG, BEYOND_LINE = (255, 255, 255), (159, 217, 199)

GUTTER, TITLE, COLIDX = 30, 34, 20  # row indices left of a grid; title line; column indices
HEAD = TITLE + COLIDX  # everything above a grid's first row
PAD = 6  # below and right of a grid
OUT_INDEX = 22  # the canvas's output indices (below and right) when padding crops
GAP, VGAP = 28, 14  # between panels side by side, one above the other
RULE = {
    "min_xk": 24,  # smallest input / kernel cell
    "xk_cap": 32,  # input / kernel cells grow to the canvas's cell, or this
    "max_cell": 64,  # biggest cell in the page ...
    "max_cell_present": 112,  # ... and in Present mode
    "narrow": 500,  # px: a box narrower than this is a phone (smaller digits, no height limit)
    "min_window_cell": 12,  # smallest canvas cell of a window
    "min_overview_cell": 8,  # smallest canvas cell of the whole canvas on demand
}
MIN_DIGIT, MIN_DIGIT_NARROW = 16, 13  # px: numbers readable from the back of a room, in a hand
TITLE_FONT = {"size": 19, "baseline": 22, "x": GUTTER}  # bold
TITLE_CHAR, TITLE_PAD = 12.6, GUTTER + 8  # a bold 19 px DejaVu Sans title: 0.66 em a character
MIN_FONT = 8  # px: the smallest number in a cell
INDEX_EVERY_OTHER_BELOW = 22  # px cells: row/column numbers every other one
ARRANGEMENTS = ("row", "side", "stack", "column")
MARGIN = 16
LAYOUT_WIDTH = 1300  # the GIF is laid out by the player's rule for a 1300 x 900 px box
LAYOUT_HEIGHT = 900
MAX_GIF_WIDTH = 1460

Term = tuple[float, float, float, float]  # a*xk + b*span + m*ymin + c


@dataclass(frozen=True)
class Layout:
    """Cell sizes, the arrangement and where each panel goes (the player's ``fitLayout()``)."""

    cx: int  # input cell size
    ck: int  # kernel cell size
    cy: int  # canvas cell size
    arr: str  # "row", "side", "stack" or "column"
    w: int  # the panels' box
    h: int
    pos: dict  # panel ("x", "k", "y") -> (left, top)
    size: dict  # panel -> (width, height)
    rows: int  # canvas rows and cols shown (fewer than the canvas's: a window)
    cols: int
    window: bool


# -- titles and fonts --------------------------------------------------------------------------


def title_width(text: str) -> int:
    """Width of a bold 19 px title in its panel (from the panel's left edge)."""
    return math.ceil(TITLE_PAD + TITLE_CHAR * len(text))


def pick_title(variants: list[str], width: float) -> str:
    """The longest variant (longest first) that fits ``width``, else the shortest."""
    for t in variants:
        if title_width(t) <= width:
            return t
    return variants[-1]


def titles(payload: dict) -> dict[str, list[str]]:
    """Each panel's titles, longest first: "x" (input), "canvas" and "output" (the Result)."""
    xs = f"({len(payload['x']['v'])}×{len(payload['x']['v'][0])})"
    ((top, bottom), (left, right)) = payload["crop"]
    ys = f"({bottom - top}×{right - left})"
    b = " + b" if payload["has_bias"] else ""
    crop = " = cropped canvas" if any(payload["params"]["padding"]) else ""
    fh, fw = payload["full_shape"]
    return {
        "x": [f"Input x {xs}", f"x {xs}"],
        "canvas": [f"Canvas {fh}×{fw}: running sums", f"Canvas {fh}×{fw}"],
        "output": [f"Output y {ys}{crop}{b}", f"Output y {ys}{b}", f"y {ys}{b}"],
    }


def _title_mins(payload: dict) -> dict[str, int]:
    """The narrowest title each panel may show (titles shorten to their panel)."""
    t = titles(payload)
    eh, ew = payload["ext_shape"]
    k_titles = [f"{s['value']} × K" for s in payload["steps"]] + ["Kernel K"]
    # a window's title names its rows and cols: "rows 88–88, cols 88–88" at its shortest
    where = f"rows {eh - 1}–{eh - 1}, cols {ew - 1}–{ew - 1}"
    where = "".join("8" if ch.isdigit() else ch for ch in where)
    y = max(title_width(t["canvas"][-1]), title_width(t["output"][-1]))
    return {
        "x": title_width(t["x"][-1]),
        "k": max(title_width(s) for s in k_titles),
        "y": y,
        "y_window": max(y, title_width(where)),
    }


def font_scale(n: int) -> float:
    """A cell's numbers (labels of n characters) are this part of the cell: half the cell for
    one or two characters, less for longer labels (0.72 em a character in 0.84 cell)."""
    return min(0.5, 0.84 / (0.72 * max(1, n)))


def min_cell(n: int, digit: float) -> int:
    """The smallest cell whose numbers (n characters) are digit px."""
    return math.ceil(digit / font_scale(n) - 1e-9)


def font_size(geo: dict, panel: str, c: float) -> float:
    """The numbers' font size in a cell of c px of ``panel`` ("x", "k", "canvas", "output")."""
    return max(geo["font"]["min"], c * geo["font"][panel])


def index_step(geo: dict, c: float) -> int:
    """Row/column numbers: every one, or every other one when the cells are small."""
    return 1 if c >= geo["index_every_other_below"] else 2


# -- the linear forms ----------------------------------------------------------------------------


def _prune(terms) -> list[list[float]]:
    """Distinct terms, less those another term is at least as large as everywhere."""
    uniq = sorted(set(terms), reverse=True)
    keep = [
        t
        for t in uniq
        if not any(u != t and all(a >= b for a, b in zip(u, t, strict=True)) for u in uniq)
    ]
    return [list(t) for t in keep]


def _sum(*forms) -> list[Term]:
    """The sum of maxima of terms, as a maximum of terms."""
    out: list[Term] = [(0, 0, 0, 0)]
    for form in forms:
        if isinstance(form, int | float):
            form = [(0, 0, 0, form)]
        out = [tuple(a + b for a, b in zip(s, t, strict=True)) for s in out for t in form]
    return [tuple(t) for t in _prune(out)]


def _max(*forms) -> list[Term]:
    return [tuple(t) for t in _prune([t for f in forms for t in f])]


def geometry(payload: dict) -> dict:
    """The player's geometry for this payload, as JSON data (``payload["geometry"]``)."""
    xh, xw = len(payload["x"]["v"]), len(payload["x"]["v"][0])
    kh, kw = len(payload["k"]["v"]), len(payload["k"]["v"][0])
    mins = _title_mins(payload)
    extra = OUT_INDEX if any(payload["params"]["padding"]) else 0
    X = ([(xw, 0, 0, GUTTER + PAD), (0, 0, 0, mins["x"])], [(xh, 0, 0, HEAD + PAD)])
    K = ([(kw, 0, 0, GUTTER + PAD), (0, 0, 0, mins["k"])], [(kh, 0, 0, HEAD + PAD)])
    Y = ([(0, 1, 0, GUTTER + PAD + extra), (0, 0, 1, 0)], [(0, 1, 0, HEAD + PAD + extra)])
    zero = [(0, 0, 0, 0)]
    arr = {
        "row": (
            _sum(X[0], K[0], Y[0], 2 * GAP),
            _max(X[1], K[1], Y[1]),
            {
                "x": (zero, zero),
                "k": (_sum(X[0], GAP), zero),
                "y": (_sum(X[0], K[0], 2 * GAP), zero),
            },
        ),
        "side": (
            _sum(_max(X[0], K[0]), GAP, Y[0]),
            _max(_sum(X[1], VGAP, K[1]), Y[1]),
            {
                "x": (zero, zero),
                "k": (zero, _sum(X[1], VGAP)),
                "y": (_sum(_max(X[0], K[0]), GAP), zero),
            },
        ),
        "stack": (
            _max(_sum(X[0], GAP, K[0]), Y[0]),
            _sum(_max(X[1], K[1]), VGAP, Y[1]),
            {
                "x": (zero, zero),
                "k": (_sum(X[0], GAP), zero),
                "y": (zero, _sum(_max(X[1], K[1]), VGAP)),
            },
        ),
        "column": (
            _max(X[0], K[0], Y[0]),
            _sum(X[1], K[1], Y[1], 2 * VGAP),
            {
                "x": (zero, zero),
                "k": (zero, _sum(X[1], VGAP)),
                "y": (zero, _sum(X[1], K[1], 2 * VGAP)),
            },
        ),
    }
    steps = payload["steps"]
    rows, cols = steps[0]["rows"], steps[0]["cols"]
    canvas_len = payload["label_len"]["canvas"]

    def js(form):  # JSON: lists
        return [list(t) for t in form]

    return {
        "canvas": list(payload["ext_shape"]),
        "footprint": [rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1],
        "origin": [GUTTER, HEAD],
        "size": {p: [js(f[0]), js(f[1])] for p, f in (("x", X), ("k", K), ("y", Y))},
        "arrangements": {
            name: {"w": js(w), "h": js(h), "pos": {p: [js(a), js(b)] for p, (a, b) in pos.items()}}
            for name, (w, h, pos) in arr.items()
        },
        "title_min": {"y": mins["y"], "y_window": mins["y_window"]},
        "title": {**TITLE_FONT, "char": TITLE_CHAR, "pad": TITLE_PAD},
        "titles": titles(payload),
        "font": {
            **{p: font_scale(payload["label_len"][p]) for p in ("x", "k", "canvas", "output")},
            "min": MIN_FONT,
        },
        "index_every_other_below": INDEX_EVERY_OTHER_BELOW,
        "cell_min": {
            "wide": min_cell(canvas_len, MIN_DIGIT),
            "narrow": min_cell(canvas_len, MIN_DIGIT_NARROW),
        },
        "rule": dict(RULE),
    }


# -- evaluating the forms (player.js has the same few lines) ------------------------------------


def _value(terms, xk: float, span: float, ymin: float) -> float:
    return max(a * xk + b * span + m * ymin + c for a, b, m, c in terms)


def _floor(rest: float, k: float) -> float:
    """The largest integer v with v*k <= rest (k > 0), or +-inf when k == 0."""
    if k <= 0:
        return math.inf if rest >= 0 else -math.inf
    q = rest / k
    return q if math.isinf(q) else math.floor(q)


def _max_span_cell(terms, limit: float, xk: float | None, n: int, ymin: float) -> float:
    """The largest canvas cell cy with every term <= limit at span = n*cy; ``xk`` fixed, or
    None: xk = cy (cells under the smallest input/kernel cell are all the same size)."""
    if xk is None:
        return min(_floor(limit - (m * ymin + c), a + b * n) for a, b, m, c in terms)
    return min(_floor(limit - (a * xk + m * ymin + c), b * n) for a, b, m, c in terms)


def _max_xk(terms, limit: float, span: float, ymin: float) -> float:
    """The largest input/kernel cell with every term <= limit at this span."""
    return min(_floor(limit - (b * span + m * ymin + c), a) for a, b, m, c in terms)


def _cells(span: float, cy: int, most: int) -> int:
    """How many cells of cy px fit ``span`` px (at most ``most``, at least 1)."""
    return most if math.isinf(span) else max(1, min(most, int(span // cy)))


def _place(geo: dict, arr: str, xk: int, cy: int, rows: int, cols: int, ymin: float) -> Layout:
    a = geo["arrangements"][arr]
    ws, hs = cy * cols, cy * rows
    pos = {
        p: (int(_value(left, xk, ws, ymin)), int(_value(top, xk, hs, ymin)))
        for p, (left, top) in a["pos"].items()
    }
    size = {
        p: (int(_value(w, xk, ws, ymin)), int(_value(h, xk, hs, ymin)))
        for p, (w, h) in geo["size"].items()
    }
    eh, ew = geo["canvas"]
    w, h = int(_value(a["w"], xk, ws, ymin)), int(_value(a["h"], xk, hs, ymin))
    return Layout(xk, xk, cy, arr, w, h, pos, size, rows, cols, rows < eh or cols < ew)


def fit(
    geo: dict, width: float, height: float, *, present: bool = False, overview: bool = False
) -> Layout:
    """The layout of the player's panels in a ``width`` x ``height`` px box (the module's rule).

    ``present``: Present mode (bigger cells allowed); ``overview``: the whole canvas, however
    small its cells, never a window (the export asks for this).
    """
    rule = geo["rule"]
    eh, ew = geo["canvas"]
    fr, fc = min(eh, geo["footprint"][0]), min(ew, geo["footprint"][1])
    narrow = width < rule["narrow"]
    max_cell = rule["max_cell_present"] if present else rule["max_cell"]
    cmin = min(max_cell, geo["cell_min"]["narrow" if narrow else "wide"])
    min_xk, xk_cap = rule["min_xk"], rule["xk_cap"]
    if narrow and not present:
        height = math.inf  # a phone scrolls anyway: the cells keep their size, panels stack

    def better(p: Layout, best: Layout | None, area: int = 0, best_area: int = 0) -> bool:
        """More canvas cells shown, then bigger input/kernel cells (up to the canvas's),
        then the shorter box; the first arrangement on a tie."""
        if best is None or area != best_area:
            return best is None or area > best_area
        a, b = min(p.cx, p.cy), min(best.cx, best.cy)
        return a > b or (a == b and p.h < best.h)

    def whole(lo: int, box_h: float) -> Layout | None:
        ymin = geo["title_min"]["y"]
        tops = {}
        for name, a in geo["arrangements"].items():
            at = min(  # with the smallest input/kernel cells
                _max_span_cell(a["w"], width, min_xk, ew, ymin),
                _max_span_cell(a["h"], box_h, min_xk, eh, ymin),
                max_cell,
            )
            if at < min_xk:  # the input/kernel cells shrink with the canvas's
                at = min(
                    _max_span_cell(a["w"], width, None, ew, ymin),
                    _max_span_cell(a["h"], box_h, None, eh, ymin),
                    min_xk - 1,
                )
            tops[name] = at
        cy = max(tops.values())
        if cy < lo:
            return None
        cy = int(cy)
        best = None
        for name, a in geo["arrangements"].items():
            if tops[name] < cy:
                continue
            xk = min(
                _max_xk(a["w"], width, cy * ew, ymin),
                _max_xk(a["h"], box_h, cy * eh, ymin),
                min(max(cy, xk_cap), max_cell),
            )
            p = _place(geo, name, int(xk), cy, eh, ew, ymin)
            if better(p, best):
                best = p
        return best

    def windowed(box_h: float) -> Layout | None:
        ymin = geo["title_min"]["y_window"]
        arrs = geo["arrangements"]
        cy = max(
            min(
                _max_span_cell(a["w"], width, min_xk, fc, ymin),
                _max_span_cell(a["h"], box_h, min_xk, fr, ymin),
            )
            for a in arrs.values()
        )
        cy = min(cy, cmin)
        if cy < rule["min_window_cell"]:
            return None
        cy = int(cy)
        best, best_area = None, 0
        for name, a in arrs.items():
            xk = min(
                _max_xk(a["w"], width, cy * fc, ymin),
                _max_xk(a["h"], box_h, cy * fr, ymin),
                max(cy, xk_cap),
            )
            if xk < min_xk:
                continue
            xk = int(xk)
            cols = _cells(_max_span_cell(a["w"], width, xk, 1, ymin), cy, ew)
            rows = _cells(_max_span_cell(a["h"], box_h, xk, 1, ymin), cy, eh)
            p = _place(geo, name, xk, cy, rows, cols, ymin)
            if better(p, best, rows * cols, best_area):
                best, best_area = p, rows * cols
        return best

    for box_h in (height, math.inf):
        if overview:
            found = whole(rule["min_overview_cell"], box_h)
        else:
            found = whole(cmin, box_h) or windowed(box_h)
        if found is not None:
            return found
    nothing = rule["min_overview_cell"]  # nothing fits: the whole canvas, smallest, a column
    return _place(geo, "column", min_xk, nothing, eh, ew, geo["title_min"]["y"])


def layout(
    payload: dict,
    width: float = LAYOUT_WIDTH,
    height: float = LAYOUT_HEIGHT,
    *,
    present: bool = False,
    overview: bool = True,
) -> Layout:
    """:func:`fit` for a payload's geometry; by default the export's: the whole canvas in a
    1300 x 900 px box (a box too small for it is taken as tall as needed)."""
    return fit(payload["geometry"], width, height, present=present, overview=overview)


@lru_cache(maxsize=64)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    from matplotlib import font_manager

    prop = font_manager.FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    return ImageFont.truetype(font_manager.findfont(prop), max(6, int(size)))
