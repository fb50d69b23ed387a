"""The gather, matrix and sub-pixel views against torch and the scatter reference, and the
torch demonstrations (gradient, round trip).

Tolerance: float64, within 1e-10 relative to the output's largest magnitude.
"""

import io

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tconv
from tconv.core.params import conv_output_size
from tconv.core.tolerance import agreement
from tconv.engine.plan import axis_plan
from tconv.views.autograd_demo import gradient_demo, round_trip
from tconv.views.fourviews import VIEWS as VIEW_NAMES
from tconv.views.fourviews import four_views
from tconv.views.gather import conv_transpose2d_gather, gather_view
from tconv.views.matrix import conv_matrix, matrix_view
from tconv.views.subpixel import axis_phases, subpixel_view
from tests.strategies import single_channel_calls, torch_single

VIEWS = (gather_view, matrix_view, subpixel_view)


def close(a, b) -> bool:
    scale = max(float(np.max(np.abs(b))), 1.0) if b.size else 1.0
    return a.shape == b.shape and (not b.size or float(np.max(np.abs(a - b))) / scale < 1e-10)


@settings(max_examples=200)
@given(single_channel_calls())
def test_every_view_equals_torch_and_the_scatter_reference(cfg):
    x, k, kw, b = cfg
    expected = torch_single(x, k, b, **kw)
    reference = tconv.scatter_plan(x, k, bias=b, **kw).output
    for view in VIEWS:
        out = view(x, k, bias=b, **kw).output
        assert close(out, expected), view.__name__
        assert close(out, reference), view.__name__


@settings(max_examples=60)
@given(single_channel_calls())
def test_four_views_reports_agreement(cfg):
    x, k, kw, b = cfg
    v = four_views(x, k, kw["stride"], kw["padding"], kw["output_padding"], kw["dilation"], b)
    for name in VIEW_NAMES:
        assert v.vs_scatter(name).passed and v.vs_torch(name).passed, name
    assert not agreement(v.scatter.output + 1, v.scatter.output).passed
    assert agreement(np.zeros((1, 2)), np.zeros((2, 1))).max_abs_diff == float("inf")


@settings(max_examples=100)
@given(single_channel_calls(bias=False))
def test_gather_stages(cfg):
    x, k, kw, _ = cfg
    g = gather_view(x, k, **kw)
    (sh, sw), (dh, dw) = kw["stride"], kw["dilation"]
    assert g.zero_inserted.shape == ((x.shape[0] - 1) * sh + 1, (x.shape[1] - 1) * sw + 1)
    np.testing.assert_array_equal(g.zero_inserted[::sh, ::sw], x)
    assert g.zero_inserted.sum() == pytest.approx(x.sum())
    for ax in range(2):
        d, kk, p, a = kw["dilation"][ax], k.shape[ax], kw["padding"][ax], kw["output_padding"][ax]
        assert g.pads[ax] == (d * (kk - 1) - p, d * (kk - 1) - p + a)
        assert g.padded.shape[ax] == g.output.shape[ax] + d * (kk - 1)
    assert g.crops == g.cropped_mask.any() == any(v < 0 for side in g.pads for v in side)
    # padding cells are zeros; the input cells that survive the crop carry x's values
    assert not g.padded[g.is_padding].any()
    assert not (g.is_padding & g.is_input).any()
    kept = [g.zero_inserted[rc] for rc in g.input_cells if not g.cropped_mask[rc]]
    assert sorted(g.padded[g.is_input]) == sorted(kept)
    np.testing.assert_array_equal(g.rotated_kernel, k[::-1, ::-1])
    np.testing.assert_array_equal(g.dilated_kernel[::dh, ::dw], k[::-1, ::-1])
    assert g.dilated_kernel.sum() == pytest.approx(k.sum())


def test_gather_crops_when_padding_exceeds_the_dilated_kernel():
    g = gather_view(np.ones((3, 3)), np.ones((2, 2)), stride=3, padding=2)
    assert g.pads == ((-1, -1), (-1, -1)) and g.crops
    assert g.cropped_mask[0].all() and g.cropped_mask[-1].all() and not g.cropped_mask[3, 3]
    assert "negative: crop" in g.pad_formulas()[0]
    no_crop = gather_view(np.ones((2, 2)), np.ones((3, 3)), stride=2, padding=1)
    assert not no_crop.crops and "crop" not in " ".join(no_crop.pad_formulas())


@settings(max_examples=100)
@given(single_channel_calls())
def test_gather_for_full_tensors_equals_torch(cfg):
    x, k, kw, _ = cfg
    rng = np.random.default_rng(int(abs(x.sum()) * 1e6) % 2**32)
    groups = int(rng.integers(1, 3))
    xs = rng.normal(size=(2, 2 * groups, *x.shape))
    w = rng.normal(size=(2 * groups, 3, *k.shape))
    b = rng.normal(size=3 * groups)
    expected = F.conv_transpose2d(
        torch.from_numpy(xs), torch.from_numpy(w), torch.from_numpy(b), groups=groups, **kw
    ).numpy()
    got = conv_transpose2d_gather(xs, w, b, groups=groups, **kw)
    assert close(got, expected)
    assert close(
        conv_transpose2d_gather(xs[0], w, None, groups=groups, **kw), expected[0] - b[:, None, None]
    )


@settings(max_examples=100)
@given(single_channel_calls(bias=False))
def test_conv_matrix_is_conv2d_and_its_transpose_is_the_transposed_convolution(cfg):
    x, k, kw, _ = cfg
    m = matrix_view(x, k, **kw)
    o = m.output_shape
    assert m.C.shape == (x.size, o[0] * o[1])
    np.testing.assert_array_equal(m.x_flat, x.ravel())
    y = np.random.default_rng(0).normal(size=o)
    conv = F.conv2d(
        torch.from_numpy(y)[None, None], torch.from_numpy(k)[None, None],
        stride=kw["stride"], padding=kw["padding"], dilation=kw["dilation"],
    )[0, 0].numpy()  # fmt: skip
    assert conv.shape == m.conv_shape
    full = conv_matrix(o, k, kw["stride"], kw["padding"], kw["dilation"])
    assert close(full @ y.ravel(), conv.ravel())
    # C is the top-left (first rows/columns) part of conv2d when output_padding >= stride
    assert close(m.C @ y.ravel(), conv[: x.shape[0], : x.shape[1]].ravel())
    assert any("C has shape" in line for line in m.shape_lines())


def test_matrix_shapes_of_example_one():
    m = matrix_view([[0, 1], [2, 3]], [[4, 1], [2, 3]], stride=2)
    assert m.C.shape == (4, 16) and m.conv_shape == (2, 2)
    # row 0 of C (input cell x[0, 0]) holds the kernel at output cells (0,0),(0,1),(1,0),(1,1)
    np.testing.assert_array_equal(m.C[0].reshape(4, 4)[:2, :2], [[4, 1], [2, 3]])
    assert "4 × 16" in m.shape_lines()[0]
    with pytest.raises(ValueError, match="cannot fit"):
        conv_output_size(2, 5)
    assert conv_output_size((4, 5), 2, stride=(2, 1)) == (2, 4)


@settings(max_examples=100)
@given(single_channel_calls(bias=False))
def test_subpixel_phases_partition_the_output_and_the_taps(cfg):
    x, k, kw, _ = cfg
    v = subpixel_view(x, k, **kw)
    (sh, sw) = kw["stride"]
    assert len(v.phases) == sh * sw
    cells = [c for ph in v.phases for c in ph.cells]
    assert sorted(cells) == [
        (r, c) for r in range(v.output.shape[0]) for c in range(v.output.shape[1])
    ]
    for ph in v.phases:
        assert ph.kernel.shape == (len(ph.taps_h), len(ph.taps_w))
        assert ph.result.shape == (len(ph.rows), len(ph.cols))
        if ph.kernel.size:
            np.testing.assert_array_equal(ph.kernel[::-1, ::-1], k[np.ix_(ph.taps_h, ph.taps_w)])
    # along each axis, every tap is used by exactly one phase
    for ax, taps in ((0, "taps_h"), (1, "taps_w")):
        per_phase = {ph.phase[ax]: getattr(ph, taps) for ph in v.phases}
        assert sorted(t for ts in per_phase.values() for t in ts) == list(range(k.shape[ax]))


def test_subpixel_of_example_one_uses_one_tap_per_phase():
    v = subpixel_view([[0, 1], [2, 3]], [[4, 1], [2, 3]], stride=2)
    assert [ph.taps for ph in v.phases] == [[(0, 0)], [(0, 1)], [(1, 0)], [(1, 1)]]
    np.testing.assert_array_equal(v.phases[0].result, [[0, 4], [8, 12]])


@settings(max_examples=60)
@given(single_channel_calls(bias=False))
def test_gradient_of_conv2d_is_the_transposed_convolution(cfg):
    x, k, kw, _ = cfg
    g = gradient_demo(x, k, **kw)
    assert close(g.gradient, torch_single(x, k, **kw))
    assert g.max_abs_diff < 1e-9 * max(1.0, float(np.abs(g.transposed).max()))


@settings(max_examples=40)
@given(single_channel_calls(bias=False))
def test_round_trip_restores_the_shape(cfg):
    x, k, kw, _ = cfg
    r = round_trip(k, x.shape, **kw)
    assert r.same_shape and r.image.shape == torch_single(x, k, **kw).shape
    assert r.down.shape == x.shape
    assert r.max_abs_diff == pytest.approx(float(np.abs(r.image - r.back).max()))


def test_round_trip_does_not_give_the_values_back():
    r = round_trip([[4, 1], [2, 3]], (2, 2), stride=2)
    assert r.same_shape and r.max_abs_diff > 1


@settings(max_examples=60)
@given(single_channel_calls())
def test_every_gather_window_sums_to_its_output_cell(cfg):
    x, k, kw, b = cfg
    g = gather_view(x, k, bias=b, **kw)
    for r, c in np.ndindex(g.output.shape):
        window = g.window(r, c)
        assert len(window) == k.size
        total = sum(v * t for _, v, t in window) + b
        assert total == pytest.approx(g.output[r, c], abs=1e-9 * max(1.0, np.abs(g.output).max()))
        assert all(g.padded[rc] == v for rc, v, _ in window)


def test_window_sum_lists_the_nonzero_products():
    g = gather_view([[0, 1], [2, 3]], [[4, 1], [2, 3]], stride=2)
    assert g.window_sum(2, 2) == "3·4 = 12"
    assert g.window_sum(0, 0) == "every tap meets a zero = 0"
    assert gather_view([[1]], [[2]], bias=1).window_sum(0, 0) == "1·2 + bias 1 = 3"


def test_grid_svg_blank_zeros_and_room_for_the_title():
    from tconv.render.gridsvg import grid_svg

    a = np.array([[0.0, 5.0], [7.0, 0.0]])
    plain, blank = grid_svg(a, "C"), grid_svg(a, "C", blank_zeros=True)
    assert plain.count(">0</text>") == 4  # two cells, row label 0 and column label 0
    assert blank.count(">0</text>") == 2 and ">5</text>" in blank and ">7</text>" in blank
    long_title = "a title much wider than a two-by-two grid"
    width = int(grid_svg(a, long_title).split('width="')[1].split('"')[0])
    assert width >= 10 * len(long_title)


def test_heatmap_is_a_png_sized_for_wide_matrices():
    from PIL import Image

    from tconv.render.heatmap import heatmap_png

    c = matrix_view(np.ones((8, 8)), np.ones((5, 5)), stride=4, dilation=3).C
    png = heatmap_png(c, row_label="row", col_label="column")
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width > 2 * img.height


@settings(max_examples=100)
@given(
    st.integers(1, 6), st.integers(1, 5), st.integers(1, 5), st.integers(0, 6), st.integers(1, 4)
)
def test_subpixel_phases_agree_with_the_engines_plan(i, k, s, p, d):
    """What the engine computes per phase is what the view shows: the same taps (those that
    reach an input cell) at the same input offsets."""
    out = (i - 1) * s - 2 * p + d * (k - 1) + 1
    assume(out >= 1)
    view = {ph.phase: ph for ph in axis_phases(out, k, s, p, d)}
    for eph in axis_plan(i, k, s, p, d, out).phases:
        vph = view[eph.phase]
        assert set(eph.taps) <= set(vph.taps)
        assert len(vph.positions) == eph.count
        for u, off in zip(eph.taps, eph.offsets, strict=True):
            assert off == vph.start + (vph.taps[-1] - u) * d // s
