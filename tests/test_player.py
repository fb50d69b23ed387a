"""The step player's data: payload, plain-words step texts and hover formulas."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch
from hypothesis import assume, given
from hypothesis import strategies as st

import tconv
from tconv.core.fmt import fmt
from tconv.render.player import (
    canvas_formula,
    cell_contributions,
    cell_formula,
    extended_shape,
    player_payload,
    step_texts,
)
from tests.strategies import layer_params

X1 = np.array([[0.0, 1.0], [2.0, 3.0]])
K1 = np.array([[4.0, 1.0], [2.0, 3.0]])
TERM = re.compile(r"x\[(\d+),(\d+)\]·k\[(\d+),(\d+)\]")


def label(v: float) -> str:
    return fmt(v).replace("-", "−")


def example1():
    return tconv.scatter_plan(X1, K1, stride=2)


# --- formulas ------------------------------------------------------------------------------


def test_formula_of_the_issue_example():
    # y[2,3] = x[1,1]·k[0,1] + x[0,1]·k[2,1] = 7 with stride 2 and a 3x3 kernel.
    k = np.zeros((3, 3))
    k[0, 1], k[2, 1] = 1.0, 4.0
    plan = tconv.scatter_plan(X1, k, stride=2)
    assert cell_formula(plan, 2, 3) == "y[2,3] = x[0,1]·k[2,1] + x[1,1]·k[0,1] = 7"
    assert plan.output[2, 3] == 7


def test_example_1_formulas_match_the_seed_result():
    plan = example1()
    assert cell_formula(plan, 2, 2) == "y[2,2] = x[1,1]·k[0,0] = 12"
    assert cell_formula(plan, 0, 0) == "y[0,0] = x[0,0]·k[0,0] = 0"
    assert cell_formula(plan, 3, 3) == "y[3,3] = x[1,1]·k[1,1] = 9"


def test_bias_is_written_as_plus_b():
    plan = tconv.scatter_plan(X1, K1, stride=1, bias=0.5)
    # stride 1: y[1,1] gets all four products
    f = cell_formula(plan, 1, 1)
    assert f.endswith(" + b = " + label(plan.output[1, 1]))
    assert len(TERM.findall(f)) == 4


def test_output_padding_beyond_the_canvas_is_zero():
    plan = tconv.scatter_plan(X1, K1, stride=2, output_padding=1)
    assert plan.output.shape == (5, 5) and plan.full_shape == (4, 4)
    assert cell_formula(plan, 4, 0) == "y[4,0] = 0 (output_padding beyond the canvas)"
    assert cell_formula(plan, 1, 4) == "y[1,4] = 0 (output_padding beyond the canvas)"
    with_bias = tconv.scatter_plan(X1, K1, stride=2, output_padding=1, bias=-1.5)
    assert cell_formula(with_bias, 4, 4) == "y[4,4] = b = −1.5 (output_padding beyond the canvas)"


def test_output_padding_inside_the_canvas_holds_real_sums():
    # padding 1 crops the canvas, output_padding 1 gives back its last row: not zero there.
    plan = tconv.scatter_plan(X1, K1, stride=2, padding=1, output_padding=1)
    last = plan.output.shape[0] - 1
    assert "beyond" not in cell_formula(plan, last, 0)
    assert last == 2 and cell_formula(plan, last, 0) == "y[2,0] = x[1,0]·k[1,1] = 6"


def test_holes_when_the_kernel_is_smaller_than_the_stride():
    plan = tconv.scatter_plan(X1, [[2.0]], stride=2)
    assert cell_formula(plan, 0, 1) == "y[0,1] = 0 (no kernel tap lands here)"
    assert cell_formula(plan, 2, 2) == "y[2,2] = x[1,1]·k[0,0] = 6"


def test_cropped_canvas_cells_say_so():
    plan = tconv.scatter_plan(X1, K1, stride=2, padding=1)
    assert canvas_formula(plan, 0, 0) == "canvas[0,0] = x[0,0]·k[0,0] = 0 — cropped away by padding"


def test_formula_outside_the_output_raises():
    with pytest.raises(IndexError):
        cell_formula(example1(), 4, 0)


@st.composite
def configs(draw, integer=True):
    ih, iw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    params = draw(layer_params((ih, iw), (kh, kw), max_stride=3))
    if integer:
        values = st.integers(-5, 5).map(float)
        bias = draw(st.sampled_from([0.0, 0.5, -2.0]))
    else:
        values = st.floats(-3, 3, allow_nan=False, width=32)
        bias = draw(st.floats(-1, 1, width=32))
    x = np.array(draw(st.lists(values, min_size=ih * iw, max_size=ih * iw))).reshape(ih, iw)
    k = np.array(draw(st.lists(values, min_size=kh * kw, max_size=kh * kw))).reshape(kh, kw)
    try:
        plan = tconv.scatter_plan(x, k, **params, bias=bias)
    except ValueError:
        assume(False)
    return plan


def torch_output(plan) -> np.ndarray:
    p = plan.params
    out = torch.nn.functional.conv_transpose2d(
        torch.tensor(plan.x)[None, None],
        torch.tensor(plan.kernel)[None, None],
        bias=torch.tensor([plan.bias], dtype=torch.float64),
        stride=p.stride,
        padding=p.padding,
        output_padding=p.output_padding,
        dilation=p.dilation,
    )
    return out[0, 0].numpy()


@given(configs())
def test_every_formula_sums_to_the_output(plan):
    (sh, sw), (ph, pw), (dh, dw) = plan.params.stride, plan.params.padding, plan.params.dilation
    expected = torch_output(plan)
    np.testing.assert_allclose(plan.output, expected, atol=1e-9)
    oh, ow = plan.output.shape
    for i in range(oh):
        for j in range(ow):
            f = cell_formula(plan, i, j)
            assert f.startswith(f"y[{i},{j}] = ")
            terms = [tuple(map(int, t)) for t in TERM.findall(f)]
            assert terms == cell_contributions(plan, i, j)
            for r, c, u, v in terms:  # each product really lands on (i, j)
                assert r * sh + u * dh == i + ph and c * sw + v * dw == j + pw
            total = sum(plan.x[r, c] * plan.kernel[u, v] for r, c, u, v in terms) + plan.bias
            assert total == pytest.approx(expected[i, j], abs=1e-9)
            # every product that lands on (i, j) is listed
            n = sum(
                1
                for r in range(plan.x.shape[0])
                for u in range(plan.kernel.shape[0])
                if r * sh + u * dh == i + ph
                for c in range(plan.x.shape[1])
                for v in range(plan.kernel.shape[1])
                if c * sw + v * dw == j + pw
            )
            assert len(terms) == n
            assert f.endswith(" = " + label(plan.output[i, j])) or f.endswith(")")
            assert ("+ b = " in f or " = b = " in f) == (plan.bias != 0)


@given(configs(integer=False))
def test_payload_running_sums_replay_to_the_canvas(plan):
    payload = json.loads(json.dumps(player_payload(plan)))  # JSON round trip
    n = len(plan.steps)
    assert len(payload["steps"]) == n and len(payload["texts"]) == n + 1
    eh, ew = extended_shape(plan)
    labels = [[None] * ew for _ in range(eh)]
    for k, (step, sp) in enumerate(zip(plan.steps, payload["steps"], strict=True)):
        assert sp["pos"] == list(step.position) and sp["value"] == label(step.value)
        assert sp["scaled"] == [[label(step.value * kv) for kv in row] for row in plan.kernel]
        for u, R in enumerate(sp["rows"]):
            for v, C in enumerate(sp["cols"]):
                labels[R][C] = sp["after"][u][v]
        # after step k, every touched cell shows the canvas value of step k
        for R, C in {(R, C) for R in sp["rows"] for C in sp["cols"]}:
            assert labels[R][C] == label(plan.steps[k].canvas[R, C])
    fh, fw = plan.full_shape
    for R in range(fh):
        for C in range(fw):
            if labels[R][C] is not None:
                assert labels[R][C] == label(plan.full[R, C])
    assert payload["output"]["t"] == [[label(v) for v in row] for row in plan.output]
    # the cells: output cells (inside or beyond the canvas) are exactly the output
    (top, bottom), (left, right) = plan.crop
    kinds = {}
    for R, row in enumerate(payload["cells"]):
        for C, cell in enumerate(row):
            if cell is not None:
                kinds[cell["kind"]] = kinds.get(cell["kind"], 0) + 1
                if cell["kind"] != "crop":
                    assert cell["formula"] == cell_formula(plan, R - top, C - left)
    assert kinds.get("out", 0) + kinds.get("beyond", 0) == plan.output.size
    assert kinds.get("out", 0) + kinds.get("crop", 0) == fh * fw


def test_payload_is_small_for_the_largest_configuration():
    rng = np.random.default_rng(0)
    plan = tconv.scatter_plan(
        rng.integers(-9, 10, (8, 8)), rng.integers(-9, 10, (5, 5)), stride=4, dilation=3
    )
    assert plan.full_shape == (41, 41)
    size = len(json.dumps(player_payload(plan), separators=(",", ":")))
    # 280 kB measured: the cells' named fields (kind, formula, numbers, src) cost about 12 %
    # over the positional arrays they replaced (about 250 kB); empty fields are left out
    assert size < 300_000, size


def test_payload_id_changes_with_the_plan():
    a = player_payload(example1())
    b = player_payload(tconv.scatter_plan(X1, K1, stride=2, bias=1.0))
    assert a["id"] != b["id"] and a["id"] == player_payload(example1())["id"]


# --- step texts ---------------------------------------------------------------------------


def test_step_texts_of_example_1():
    texts = step_texts(example1())
    assert len(texts) == 5
    assert texts[0].startswith("Step 1 of 4: x[0,0] = 0 scales the kernel; 0·K (all zeros)")
    assert "canvas rows 2–3, cols 2–3" in texts[3] and "x[1,1] = 3" in texts[3]
    assert "no padding" in texts[3]
    assert texts[4].startswith("Result: the 4×4 output y")


def test_step_text_with_padding_names_output_rows_and_crop():
    x = np.arange(9.0).reshape(3, 3)
    plan = tconv.scatter_plan(x, np.ones((3, 3)), stride=2, padding=1)
    texts = step_texts(plan)
    # x[1,1] lands on canvas rows/cols 2-4, output rows/cols 1-3 after cropping 1
    assert texts[4] == (
        "Step 5 of 9: x[1,1] = 4 scales the kernel; 4·K is added to canvas rows 2–4, "
        "cols 2–4, which are output rows 1–3, cols 1–3 after the padding crop "
        "(1 row/col cropped on each side)."
    )
    assert "canvas row 0 and col 0 are cropped away" in texts[0]
    assert "Padding crops the 7×7 canvas" in texts[-1]


def test_step_text_lists_dilated_rows():
    plan = tconv.scatter_plan(X1, np.ones((3, 3)), stride=1, dilation=2)
    assert "canvas rows 1, 3, 5, cols 0, 2, 4" in step_texts(plan)[2]


def test_final_text_describes_output_padding():
    beyond = step_texts(tconv.scatter_plan(X1, K1, stride=2, output_padding=1))[-1]
    assert "output_padding adds 1 row at the bottom and 1 col at the right" in beyond
    assert "beyond the canvas it holds 0" in beyond
    inside = step_texts(tconv.scatter_plan(X1, K1, stride=2, padding=1, output_padding=1))[-1]
    assert "still lies inside the canvas, so it holds real sums" in inside
    biased = step_texts(tconv.scatter_plan(X1, K1, stride=2, bias=2.0))[-1]
    assert "bias b = 2 is added" in biased


# --- the Streamlit mount -------------------------------------------------------------------


def test_step_player_payload_reaches_the_page():
    from streamlit.testing.v1 import AppTest

    from tconv.ui.player import find_payloads

    at = AppTest.from_file("browser/player_app.py", default_timeout=60).run()
    assert not at.exception
    payloads = find_payloads(at)
    assert len(payloads) == 3
    assert payloads[0] == json.loads(json.dumps(player_payload(example1())))
    assert payloads[1]["params"]["output_padding"] == [1, 1]
    assert payloads[2]["ext_shape"] == [41, 41]  # the largest canvas, for the zoom
    keys = {b.key for b in at.get("download_button")}
    assert {"export_gif", "export_png"} <= keys


def test_step_text_when_the_whole_step_is_cropped_away():
    plan = tconv.scatter_plan(np.ones((3, 3)), [[2.0]], padding=1)
    texts = step_texts(plan)
    assert texts[0].endswith("All of it lies in the border that padding crops away "
                             "(1 row/col cropped on each side).")  # fmt: skip
    assert "which are output row 0, col 0" in texts[4]


def test_rectangular_padding_is_described_per_side():
    plan = tconv.scatter_plan(
        np.ones((2, 3)), np.ones((2, 2)), stride=(1, 2), padding=(0, 1), output_padding=(0, 1)
    )
    assert (
        "(cropped: 0 rows at the top, 0 at the bottom, 1 col at the left, 0 at the right)"
        in (step_texts(plan)[0])
    )
