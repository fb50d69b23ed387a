"""The player's one geometry rule (tconv.render.frames_layout): its closed form equals the
exhaustive search it replaces, for any box, in every mode.

The reference below is the search player.js and frames_layout each ran before the rule lived
once: try every canvas cell size from the largest down, every arrangement, every input/kernel
cell size, every window. The closed form (a few divisions per arrangement) must pick exactly
the same layout, so nothing moved when the rule became data.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tconv
from tconv.render.frames_layout import (
    ARRANGEMENTS,
    GAP,
    GUTTER,
    HEAD,
    MIN_DIGIT,
    MIN_DIGIT_NARROW,
    OUT_INDEX,
    PAD,
    RULE,
    VGAP,
    fit,
    font_scale,
    layout,
    min_cell,
    title_width,
    titles,
)
from tconv.render.player import player_payload

# -- the exhaustive search (the rule as player.js's fitLayout() wrote it) ---------------------


def _mins(d: dict, windowed: bool) -> dict:
    eh, ew = d["ext_shape"]
    t = titles(d)
    k_titles = [f"{s['value']} × K" for s in d["steps"]] + ["Kernel K"]
    y = [t["canvas"][-1], t["output"][-1]]
    if windowed:
        y.append(
            "".join(
                "8" if ch.isdigit() else ch
                for ch in f"rows {eh - 1}–{eh - 1}, cols {ew - 1}–{ew - 1}"
            )
        )
    return {
        "x": title_width(t["x"][-1]),
        "k": max(map(title_width, k_titles)),
        "y": max(map(title_width, y)),
    }  # fmt: skip


def _place(d, arr, cxk, cy, wr, wc, mins):
    xh, xw = len(d["x"]["v"]), len(d["x"]["v"][0])
    kh, kw = len(d["k"]["v"]), len(d["k"]["v"][0])
    extra = OUT_INDEX if any(d["params"]["padding"]) else 0
    X = (max(GUTTER + xw * cxk + PAD, mins["x"]), HEAD + xh * cxk + PAD)
    K = (max(GUTTER + kw * cxk + PAD, mins["k"]), HEAD + kh * cxk + PAD)
    Y = (max(GUTTER + wc * cy + PAD + extra, mins["y"]), HEAD + wr * cy + PAD + extra)
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
    return {"arr": arr, "w": w, "h": h, "pos": pos, "size": {"x": X, "k": K, "y": Y},
            "cx": cxk, "cy": cy, "rows": wr, "cols": wc}  # fmt: skip


def reference(d: dict, W: float, H: float, present=False, overview=False) -> dict:
    narrow = W < RULE["narrow"]
    max_cell = RULE["max_cell_present"] if present else RULE["max_cell"]
    digit = MIN_DIGIT_NARROW if narrow else MIN_DIGIT
    if narrow and not present:
        H = math.inf
    eh, ew = d["ext_shape"]
    cmin = min(max_cell, min_cell(d["label_len"]["canvas"], digit))
    st0 = d["steps"][0]
    fr, fc = st0["rows"][-1] - st0["rows"][0] + 1, st0["cols"][-1] - st0["cols"][0] + 1

    def better(p, best):
        a, b = min(p["cx"], p["cy"]), min(best["cx"], best["cy"])
        return a > b or (a == b and p["h"] < best["h"])

    def whole(lo, hbox):
        mins = _mins(d, False)
        for cy in range(max_cell, lo - 1, -1):
            best = None
            for arr in ARRANGEMENTS:
                for cxk in range(min(max(cy, 32), max_cell), min(24, cy) - 1, -1):
                    p = _place(d, arr, cxk, cy, eh, ew, mins)
                    if p["w"] <= W and p["h"] <= hbox:
                        if best is None or better(p, best):
                            best = p
                        break
            if best:
                return best
        return None

    def windowed(cy, hbox):
        mins = _mins(d, True)
        best, best_area = None, 0
        for arr in ARRANGEMENTS:
            for cxk in range(max(cy, 32), 23, -1):
                wc, wr = ew, eh
                while wc > 1 and _place(d, arr, cxk, cy, 1, wc, mins)["w"] > W:
                    wc -= 1
                while wr > 1 and _place(d, arr, cxk, cy, wr, 1, mins)["h"] > hbox:
                    wr -= 1
                p = _place(d, arr, cxk, cy, wr, wc, mins)
                if p["w"] > W or p["h"] > hbox or wr < min(eh, fr) or wc < min(ew, fc):
                    continue
                area = wr * wc
                if best is None or area > best_area or (area == best_area and better(p, best)):
                    best, best_area = p, area
                break
        return best

    for hbox in (H, math.inf):
        if overview:
            o = whole(8, hbox)
            if o:
                return o
            continue
        w = whole(cmin, hbox)
        if w:
            return w
        for cy in range(cmin, 11, -1):
            z = windowed(cy, hbox)
            if z:
                return z
    return _place(d, "column", 24, 8, eh, ew, _mins(d, False))


def assert_same(d, W, H, **mode):
    got, ref = fit(d["geometry"], W, H, **mode), reference(d, W, H, **mode)
    assert (got.arr, got.cx, got.ck, got.cy, got.rows, got.cols) == (
        ref["arr"], ref["cx"], ref["cx"], ref["cy"], ref["rows"], ref["cols"]
    ), (W, H, mode)  # fmt: skip
    assert (got.w, got.h, got.pos, got.size) == (ref["w"], ref["h"], ref["pos"], ref["size"])
    eh, ew = d["ext_shape"]
    assert got.window == (got.rows < eh or got.cols < ew)
    return got


# -- the tests ---------------------------------------------------------------------------------

X1 = np.array([[0.0, 1.0], [2.0, 3.0]])
K1 = np.array([[4.0, 1.0], [2.0, 3.0]])


def plans():
    rng = np.random.default_rng(3)
    x8, k5 = rng.integers(-3, 4, (8, 8)).astype(float), rng.integers(-2, 3, (5, 5))
    x5 = np.arange(25.0).reshape(5, 5) * 1.234
    return [
        tconv.scatter_plan(X1, K1, stride=2),
        tconv.scatter_plan([[5.0]], [[1.0]]),
        tconv.scatter_plan(rng.integers(-5, 9, (8, 8)), np.ones((3, 3)), stride=2, padding=1),
        tconv.scatter_plan(np.ones((4, 6)), np.ones((5, 2)), stride=(1, 3), dilation=(2, 1)),
        tconv.scatter_plan(x8, k5, stride=4, dilation=3),
        tconv.scatter_plan(x5, np.ones((3, 3)), stride=2, padding=1, output_padding=1, dilation=2,
                           bias=0.5),
    ]  # fmt: skip


BOXES = [(340, 2000), (389, 844), (540, 450), (700, 500), (1100, 700), (1300, 900), (1800, 1200)]


@pytest.mark.parametrize(("width", "height"), BOXES)
def test_the_closed_form_is_the_exhaustive_search(width, height):
    arrangements, windows = set(), 0
    for plan in plans():
        d = player_payload(plan, formulas=False)
        for mode in ({}, {"overview": True}, {"present": True}):
            got = assert_same(d, width, height, **mode)
            arrangements.add(got.arr)
            windows += got.window
        assert layout(d, width, height) == fit(d["geometry"], width, height, overview=True)
    assert len(arrangements) > 1 or width < 400  # the boxes exercise several arrangements
    if width < 1800:
        assert windows  # and windows of the big canvases


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 8),
    st.integers(1, 8),
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 4),
    st.integers(0, 2),
    st.integers(1, 3),
    st.sampled_from([1.0, -0.5, 123.25]),
    st.floats(280, 2000),
    st.one_of(st.floats(160, 1500), st.just(math.inf)),
    st.booleans(),
    st.booleans(),
)
def test_any_plan_any_box_any_mode(ih, iw, kh, kw, s, p, dil, scale, width, height, present, ov):
    x = np.arange(ih * iw, dtype=float).reshape(ih, iw) * scale
    try:
        plan = tconv.scatter_plan(x, np.ones((kh, kw)), stride=s, padding=p, dilation=dil)
    except ValueError:
        assume(False)
    d = player_payload(plan, formulas=False)
    assert_same(d, width, height, present=present, overview=ov)


def test_the_geometry_is_small_json_with_the_rules_numbers():
    d = player_payload(plans()[4])
    geo = d["geometry"]
    assert json.loads(json.dumps(geo)) == geo
    assert len(json.dumps(geo, separators=(",", ":"))) < 2500
    assert set(geo["arrangements"]) == set(ARRANGEMENTS)
    assert geo["rule"] == RULE
    assert geo["font"]["canvas"] == font_scale(d["label_len"]["canvas"])
    assert geo["cell_min"]["wide"] == min_cell(d["label_len"]["canvas"], MIN_DIGIT)
    assert geo["titles"] == titles(d)
    for t, n in ((geo["titles"]["x"][0], len("Input x (8×8)")), ("y (41×41)", 9)):
        assert title_width(t) == math.ceil(geo["title"]["pad"] + geo["title"]["char"] * n)


def test_player_js_holds_no_layout_number_of_its_own():
    """The rule lives once: player.js's geometry section (the evaluator of the shipped data,
    titles, font sizes, index steps) has no number but 0, 1 and 2 (numbers on every other
    row) and none of the old names."""
    import re
    from pathlib import Path

    js = (Path(__file__).resolve().parents[1] / "assets/player/player.js").read_text()
    start, end = js.index("// ---- the geometry"), js.index("function hatch(")
    section = re.sub(r"//[^\n]*", "", js[start:end])  # code, not comments
    numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?", section))
    assert numbers <= {"0", "1", "2"}, numbers
    names = ("GUTTER", "TITLE", "COLIDX", "HEAD", "GAP", "MIN_XK", "MAX_CELL", "MIN_DIGIT")
    for name in names:
        assert not re.search(rf"\b{name}\w*\s*=", js), name
    for literal in ("12.6", "0.84", "0.72"):  # title width per character, font scale
        assert literal not in js, literal
    assert "fitLayout(g" in js[end:] and "payload.geometry" in js  # and the player uses it
