"""tconv.photo.upsample and its kernel presets: weights, normalisation, Pillow, limits."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tconv.arith.overlap import overlap_count
from tconv.core.params import TConvParams
from tconv.photo import upsample as up
from tconv.photo import upsample_kernels as kern
from tconv.photo.images import resize, to_uint8


def photo(h, w, seed=0):
    return np.random.default_rng(seed).random((h, w, 3), dtype=np.float32)


def torch_ref(pixels, weight, groups, **kw):
    x = torch.from_numpy(pixels.transpose(2, 0, 1)[None].astype(np.float64))
    w = torch.from_numpy(weight.astype(np.float64))
    return F.conv_transpose2d(x, w, groups=groups, **kw)[0].numpy().transpose(1, 2, 0)


def test_bilinear_kernel_taps():
    np.testing.assert_allclose(kern.bilinear_kernel(2)[0] / 0.25, [0.25, 0.75, 0.75, 0.25])
    np.testing.assert_allclose(np.diag(kern.bilinear_kernel(2)), [1 / 16, 9 / 16, 9 / 16, 1 / 16])
    k3 = kern.bilinear_kernel(3)
    assert k3.shape == (5, 5)
    np.testing.assert_allclose(k3[2], [1 / 3, 2 / 3, 1, 2 / 3, 1 / 3])
    assert kern.bilinear_kernel(1).shape == (1, 1)


@pytest.mark.parametrize("stride", [1, 2, 3, 4])
@pytest.mark.parametrize("preset", ["nearest", "bilinear"])
def test_presets_scale_exactly_by_the_stride(preset, stride):
    for h, w in [(1, 1), (5, 7), (394, 358)]:
        weight, groups = kern.preset_weight(preset, stride, mixing=False)
        params = TConvParams.make(stride, kern.preset_padding(preset, stride))
        assert params.output_size((h, w), weight.shape[2:]) == (stride * h, stride * w)


def test_nearest_is_pixel_repetition_and_equals_pillow():
    px = photo(9, 13)
    weight, groups = kern.preset_weight("nearest", 3, mixing=False)
    res = up.upsample(px, weight, groups, stride=3, pillow_resample="nearest")
    expected = np.repeat(np.repeat(px, 3, axis=0), 3, axis=1)
    np.testing.assert_array_equal(res.image, (expected * 255 + 0.5).astype(np.uint8))
    assert res.psnr_db == math.inf
    assert res.verdict.kind == "even"


def test_seed_example_three_sizes_channels_and_torch():
    weight, groups = kern.preset_weight("example3", 2, mixing=True)
    assert weight.shape == (3, 3, 2, 2) and groups == 1
    px = photo(394, 358)
    res = up.upsample(px, weight, groups, stride=2, padding=1)
    assert res.input_hw == (394, 358) and res.output_hw == (786, 714)
    assert res.image.shape == (786, 714, 3)  # three channels although out_channels=2 was declared
    assert "= 786" in res.formula and "= 714" in res.formula
    assert res.check.passed and res.check.weight_shape == (3, 3, 2, 2)
    ref = np.clip(torch_ref(px, weight, groups, stride=2, padding=1), 0, 1)
    assert np.abs(res.image / 255.0 - ref).max() <= 0.5 / 255 + 1e-6
    # the declared layer really has a (3, 2, 2, 2) weight: the assigned one decides
    declared = torch.nn.ConvTranspose2d(3, 2, 2, stride=2, padding=1)
    assert tuple(declared.weight.shape) == (3, 2, 2, 2)
    np.testing.assert_allclose(kern.example3_weight().sum(axis=0), 1.0)


def test_weight_layouts_and_colour_separation():
    k = np.arange(9.0).reshape(3, 3)
    w, g = kern.build_weight(k, mixing=False)
    assert w.shape == (3, 1, 3, 3) and g == 3 and w.dtype == np.float32
    w, g = kern.build_weight(k, mixing=True, colour="Swap red and blue")
    assert w.shape == (3, 3, 3, 3) and g == 1
    np.testing.assert_array_equal(w[0, 2], k)  # red feeds blue
    np.testing.assert_array_equal(w[0, 0], 0)
    red = np.zeros((6, 6, 3), np.float32)
    red[..., 0] = 1
    wk, gk = kern.preset_weight("nearest", 2, mixing=False)
    out = up.upsample(red, wk, gk, stride=2).image
    assert out[..., 0].min() == 255 and out[..., 1:].max() == 0  # colours stay apart
    wm, gm = kern.preset_weight("nearest", 2, mixing=True, colour="Average (grey)")
    out = up.upsample(red, wm, gm, stride=2).image
    assert np.all(out == 85)  # every output colour = (1 + 0 + 0) / 3: colours mix
    # a full weight used per channel keeps its diagonal blocks
    full = kern.example3_weight()
    diag, g = kern.build_weight(full, mixing=False)
    assert diag.shape == (3, 1, 2, 2) and g == 3
    np.testing.assert_allclose(diag[1, 0], full[1, 1], rtol=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    i=st.tuples(st.integers(1, 7), st.integers(1, 7)),
    k=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    s=st.integers(1, 4),
    d=st.integers(1, 3),
    mixing=st.booleans(),
    data=st.data(),
)
def test_coverage_is_what_a_white_image_becomes(i, k, s, d, mixing, data):
    a = data.draw(st.integers(0, max(s, d) - 1))
    p = data.draw(st.integers(0, ((min(i) - 1) * s + d * (min(k) - 1) + a) // 2))
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    weight = rng.normal(size=(3, 3 if mixing else 1, *k)).astype(np.float32)
    groups = 1 if mixing else 3
    params = TConvParams.make(s, p, a, d)
    out_hw = params.output_size(i, k)
    cov = up.coverage(weight, groups, params, i, out_hw)
    white = torch_ref(
        np.ones((*i, 3)), weight, groups, stride=s, padding=p, output_padding=a, dilation=d
    )
    np.testing.assert_allclose(cov, white.transpose(2, 0, 1), atol=1e-4)
    ones = np.ones((3, 1, *k), np.float32)
    np.testing.assert_array_equal(
        up.coverage(ones, 3, params, i, out_hw)[0], overlap_count(i, k, s, p, a, d)
    )


def test_normalising_removes_dark_borders_and_matches_pillow_bilinear():
    flat = np.full((20, 30, 3), 0.6, np.float32)
    weight, groups = kern.preset_weight("bilinear", 2, mixing=False)
    raw = up.upsample(flat, weight, groups, stride=2, padding=1)
    assert raw.edge_ratio == pytest.approx(0.75 * 0.75)
    assert raw.image[0, 0, 0] < raw.image[10, 10, 0]  # the corner is darker
    norm = up.upsample(flat, weight, groups, stride=2, padding=1, normalise=True)
    assert norm.normalised and np.all(norm.image == round(0.6 * 255))
    px = photo(40, 50)
    res = up.upsample(px, weight, groups, stride=2, padding=1, normalise=True)
    pil = resize(px, (80, 100), Image.Resampling.BILINEAR)
    assert res.psnr_db > 100  # the same numbers up to float32 rounding
    assert np.abs(res.image.astype(int) - res.pillow).max() <= 1
    np.testing.assert_array_equal(res.pillow, to_uint8(pil))
    unnormalised = up.upsample(px, weight, groups, stride=2, padding=1)
    assert unnormalised.psnr_db < 45  # only the darkened borders differ


def test_normalising_removes_the_checkerboard_of_uneven_overlap():
    flat = np.full((16, 16, 3), 0.25, np.float32)
    weight, groups = kern.preset_weight("custom", 2, mixing=False, custom=np.ones((3, 3)))
    raw = up.upsample(flat, weight, groups, stride=2, padding=1)
    assert raw.verdict.kind == "checkerboard"
    interior = raw.image[4:-4, 4:-4, 0]
    assert len(np.unique(interior)) == 3  # 1, 2 or 4 taps per pixel: a visible pattern
    np.testing.assert_array_equal(
        raw.counts(slice(0, 4), slice(0, 4)), overlap_count((16, 16), 3, 2, 1)[:4, :4]
    )
    norm = up.upsample(flat, weight, groups, stride=2, padding=1, normalise=True)
    assert np.all(norm.image == round(0.25 * 255))


def test_holes_stay_zero_when_normalising():
    weight, groups = kern.preset_weight("custom", 2, mixing=False, custom=np.ones((1, 1)))
    res = up.upsample(np.ones((5, 5, 3), np.float32), weight, groups, stride=2, normalise=True)
    assert res.verdict.kind == "holes"
    assert res.image[1, 1].max() == 0 and res.image[0, 0].min() == 255


def test_clipping_is_reported():
    weight, groups = kern.preset_weight("custom", 2, mixing=False, custom=np.full((2, 2), 3.0))
    res = up.upsample(np.full((4, 4, 3), 0.5, np.float32), weight, groups, stride=2)
    assert res.clipped == 1.0 and np.all(res.image == 255)


def test_random_preset_is_positive_and_repeatable():
    w1, _ = kern.preset_weight("random", 2, mixing=False, size=4, seed=7)
    w2, _ = kern.preset_weight("random", 2, mixing=False, size=4, seed=7)
    np.testing.assert_array_equal(w1, w2)
    assert w1.shape == (3, 1, 4, 4) and w1.min() >= 0
    assert w1[0, 0].sum() == pytest.approx(4.0)  # s * s: the average brightness is kept
    flat = np.full((20, 20, 3), 0.5, np.float32)
    res = up.upsample(flat, w1, 3, stride=2, padding=1)
    assert res.image[8:-8, 8:-8].mean() == pytest.approx(0.5 * 255, abs=1.0)
    with pytest.raises(ValueError, match="unknown kernel preset"):
        kern.preset_weight("sharpen", 2, mixing=False)


def test_output_cap_and_invalid_parameters_give_messages():
    weight, groups = kern.preset_weight("nearest", 4, mixing=False)
    with pytest.raises(up.OutputTooLarge, match="limit of 0.1") as info:
        up.upsample(photo(100, 100), weight, groups, stride=4, max_output_pixels=100_000)
    assert "Lower the largest side to about 79 px" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert up.MAX_OUTPUT_PIXELS == 4096 * 4096
    with pytest.raises(ValueError, match="output_padding"):
        up.upsample(photo(5, 5), weight, groups, stride=4, output_padding=4)
    with pytest.raises(ValueError, match="padding .* too large"):
        up.upsample(photo(1, 1), weight, groups, stride=4, padding=3)


def test_result_against_torch_float32_check():
    weight, groups = kern.preset_weight("random", 2, mixing=True, colour="Sepia", size=3)
    px = photo(30, 20)
    res = up.upsample(px, weight, groups, stride=2, padding=1, output_padding=1, dilation=2)
    assert res.check.passed and 0 <= res.check.max_abs_diff <= res.check.tolerance
    assert res.output_hw == (62, 42) and res.weight_shape == (3, 3, 3, 3)
    ref = np.clip(
        torch_ref(px, weight, groups, stride=2, padding=1, output_padding=1, dilation=2), 0, 1
    )
    assert np.abs(res.image / 255.0 - ref).max() <= 0.5 / 255 + 1e-5
    assert res.tconv_ms >= 0 and res.torch_ms >= 0


def test_psnr():
    a = np.zeros((4, 4, 3))
    assert up.psnr(a, a) == math.inf
    assert up.psnr(a, a + 0.1) == pytest.approx(20.0)


@pytest.mark.parametrize("mixing", [False, True])
def test_peak_memory_is_a_small_multiple_of_the_output(mixing):
    """NumPy's peak during one upsample (normalised, the costliest path) stays below 2.5 times
    the float32 output: the result is finished channel by channel in bands of rows (it
    was about seven times the output: float copies of the whole image for clipping, the
    coverage, Pillow's resize, the PSNR and the uint8 conversion). torch's own buffers are
    not seen by tracemalloc; its check runs one group at a time."""
    import tracemalloc

    from tconv.photo.upsample_kernels import preset_weight

    pixels = np.random.default_rng(0).random((512, 512, 3), dtype=np.float32)
    weight, groups = preset_weight("bilinear", 2, mixing)
    output_bytes = 3 * 1024 * 1024 * 4
    tracemalloc.start()
    try:
        res = up.upsample(pixels, weight, groups, 2, 1, normalise=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert res.output_hw == (1024, 1024) and res.check.passed
    assert peak < 2.5 * output_bytes, f"peak {peak / output_bytes:.1f} x the output"


@pytest.mark.parametrize("resample", ["bilinear", "nearest"])
def test_the_result_is_the_same_whatever_the_bands(monkeypatch, resample):
    """Finished band by band (Pillow's resize read out a band at a time, the overlap's
    division, the clipping, the PSNR): the same result as in one band, and Pillow's resize
    is exactly :func:`resize`'s."""
    px = photo(37, 23)
    weight, groups = kern.preset_weight("random", 3, mixing=True, colour="Sepia", size=4)
    whole = up.upsample(px, weight, groups, 3, 1, normalise=True, pillow_resample=resample)
    monkeypatch.setattr(up, "BAND_VALUES", 7 * 70)  # 7 rows a band, the last one shorter
    assert len(up._bands(whole.output_hw)) > 10
    banded = up.upsample(px, weight, groups, 3, 1, normalise=True, pillow_resample=resample)
    np.testing.assert_array_equal(banded.image, whole.image)
    np.testing.assert_array_equal(banded.pillow, whole.pillow)
    method = Image.Resampling.NEAREST if resample == "nearest" else Image.Resampling.BILINEAR
    np.testing.assert_array_equal(banded.pillow, to_uint8(resize(px, whole.output_hw, method)))
    assert banded.psnr_db == pytest.approx(whole.psnr_db, rel=1e-9)
    assert banded.clipped == whole.clipped
