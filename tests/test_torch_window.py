"""torch's check on windows of a large result (tconv.photo.torch_window): the windows'
values are torch's whole output there, and a wrong cell inside a window fails the check."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.core.params import TConvParams
from tconv.photo import torch_window as tw
from tests.strategies import layer_params, torch_conv_transpose2d


@st.composite
def calls(draw):
    """A grouped call large enough for real windows at a small window size."""
    groups = draw(st.sampled_from([1, 2, 3]))
    cin, cout = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 2))
    h, w = draw(st.integers(1, 40)), draw(st.integers(1, 40))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kw_ = draw(layer_params((h, w), (kh, kw)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.normal(size=(1, cin, h, w))
    weight = rng.normal(size=(cin, cout // groups, kh, kw))
    return x, weight, groups, TConvParams.make(**kw_), draw(st.integers(1, 12))


def _full(x, weight, groups, p: TConvParams):
    return torch_conv_transpose2d(
        x, weight, stride=p.stride, padding=p.padding, output_padding=p.output_padding,
        groups=groups, dilation=p.dilation,
    )  # fmt: skip


def _three(x, weight, p, out_hw, size):
    """The three windows, even for a small result (the size threshold set aside)."""
    windows = []
    for name, place in tw.PLACES:
        rows, cols = (
            tw.axis_window(
                x.shape[2 + n],
                weight.shape[2 + n],
                p.stride[n],
                p.padding[n],
                p.output_padding[n],
                p.dilation[n],
                out_hw[n],
                place,
                size,
            )
            for n in range(2)
        )
        windows.append(tw.Window(name, rows[0], cols[0], rows[1], cols[1]))
    return windows


@settings(max_examples=150, deadline=None)
@given(calls())
def test_windows_equal_torchs_whole_output_there(call):
    x, weight, groups, p, size = call
    full = _full(x, weight, groups, p)
    wins = _three(x, weight, p, full.shape[2:], size)
    check, _ = tw.window_check(full, x, weight, groups, p, wins, dtype=np.float64)
    assert check.passed, check  # torch on each crop = torch's whole output in the window
    for w in wins:  # each window compares something, within the output
        assert 0 <= w.rows.start < w.rows.stop <= full.shape[2]
        assert 0 <= w.cols.start < w.cols.stop <= full.shape[3]


@settings(max_examples=100, deadline=None)
@given(calls(), st.data())
def test_a_wrong_cell_inside_a_window_fails_the_check(call, data):
    x, weight, groups, p, size = call
    full = _full(x, weight, groups, p)
    wins = _three(x, weight, p, full.shape[2:], size)
    w = data.draw(st.sampled_from(wins))
    r = data.draw(st.integers(w.rows.start, w.rows.stop - 1))
    c = data.draw(st.integers(w.cols.start, w.cols.stop - 1))
    ch = data.draw(st.integers(0, full.shape[1] - 1))
    wrong = full.copy()
    wrong[0, ch, r, c] += 1e-3 * max(1.0, float(np.abs(full).max()))
    check, _ = tw.window_check(wrong, x, weight, groups, p, wins, dtype=np.float64)
    assert not check.passed


def test_large_results_get_three_windows_and_small_ones_the_whole():
    p = TConvParams.make(3, 1, 0, 1)
    wins = tw.windows((1024, 1024), (6, 6), p, (3072, 3072))
    assert [w.name for w in wins] == [name for name, _ in tw.PLACES]
    for w in wins:
        assert w.rows.stop - w.rows.start >= tw.WINDOW and w.cols.stop - w.cols.start >= tw.WINDOW
        assert (w.in_rows.stop - w.in_rows.start) * 3 < 3072 / 4  # a small part of the work
    assert wins[0].rows.start == 0 and wins[2].rows.stop == 3072 and wins[2].cols.stop == 3072
    text = tw.describe(wins, (3072, 3072))
    assert text.startswith("3 windows of the 3072×3072 result")
    assert "the top-left corner (rows 0–" in text and "the centre (rows 1" in text
    small = tw.windows((1024, 1024), (4, 4), TConvParams.make(2, 1, 0, 1), (2048, 2048))
    assert [w.name for w in small] == ["the whole result"]
    assert tw.describe(small, (2048, 2048)) == "the whole 2048×2048 result"


def test_a_wrong_cell_outside_the_windows_is_not_seen():
    """What the page says is what was checked: the windows, not the rest."""
    rng = np.random.default_rng(1)
    x, weight = rng.normal(size=(1, 1, 60, 60)), rng.normal(size=(1, 1, 3, 3))
    p = TConvParams.make(2, 1, 1, 1)
    full = _full(x, weight, 1, p)
    wins = _three(x, weight, p, full.shape[2:], 16)
    inside = np.zeros(full.shape[2:], bool)
    for w in wins:
        inside[w.rows, w.cols] = True
    r, c = np.argwhere(~inside)[0]
    wrong = full.copy()
    wrong[0, 0, r, c] += 5.0
    assert tw.window_check(wrong, x, weight, 1, p, wins, dtype=np.float64)[0].passed
