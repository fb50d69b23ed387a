"""Hostile calls: absurd sizes fail fast with a ValueError naming the limit, huge strides
with small outputs compute fast and equal torch, non-finite values spread as in torch."""

from __future__ import annotations

import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.engine.functional import (
    MAX_MULTIPLY_ADDS,
    MAX_OUTPUT_ELEMENTS,
    conv_transpose2d,
    conv_transpose2d_reference,
)


def torch_result(x, w, b=None, **kw) -> np.ndarray:
    tb = None if b is None else torch.from_numpy(b)
    with torch.no_grad():
        return F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), tb, **kw).numpy()


@pytest.mark.timeout(20)
def test_a_stride_of_a_million_fails_fast_naming_the_limit():
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match="MAX_OUTPUT_ELEMENTS"):
        conv_transpose2d(np.ones((2, 4, 2, 2)), np.ones((4, 3, 3, 2)), stride=10**6)
    with pytest.raises(ValueError, match="MAX_OUTPUT_ELEMENTS"):
        conv_transpose2d_reference(np.ones((2, 4, 2, 2)), np.ones((4, 3, 3, 2)), stride=10**6)
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.timeout(20)
def test_too_much_work_fails_fast_naming_the_limit():
    x = np.ones((1, 64, 128, 128), np.float32)
    w = np.ones((64, 64, 2, 2), np.float32)  # fine: 64 inputs x 1 tap per output
    with pytest.raises(ValueError, match="MAX_MULTIPLY_ADDS"):
        conv_transpose2d(x, np.broadcast_to(w[:, :, :1, :1], (64, 64, 200, 200)), padding=99)
    assert MAX_OUTPUT_ELEMENTS < MAX_MULTIPLY_ADDS


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "x_shape, w_shape, kw",
    [
        ((2, 4, 1, 1), (4, 3, 3, 2), {"stride": 10**6}),  # torch: fine, a 3x2 output
        ((2, 4, 2, 2), (4, 3, 3, 2), {"stride": 3000, "padding": 1400}),  # took 25 s
        ((1, 1, 2, 2), (1, 1, 3, 3), {"dilation": 10**6, "padding": 10**6}),
        ((1, 2, 3, 3), (2, 1, 3, 3), {"stride": (5000, 1), "padding": (2400, 0), "groups": 2}),
    ],
)
def test_huge_strides_with_small_outputs_are_fast_and_equal_torch(x_shape, w_shape, kw):
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    t0 = time.perf_counter()
    got = conv_transpose2d(x, w, **kw)
    assert time.perf_counter() - t0 < 5.0
    np.testing.assert_allclose(got, torch_result(x, w, **kw), rtol=1e-12, atol=1e-12)


def nonfinite_cases():
    """(x, w, groups, stride, padding, dilation) with Inf/NaN placed at random."""

    @st.composite
    def case(draw):
        groups = draw(st.sampled_from([1, 3]))
        c_in = 3
        cout_g = draw(st.integers(1, 3)) if groups == 1 else 1
        h, w_ = draw(st.integers(1, 7)), draw(st.integers(1, 7))
        k = draw(st.integers(1, 4))
        stride, dilation = draw(st.integers(1, 3)), draw(st.integers(1, 2))
        padding = draw(st.integers(0, (k - 1) * dilation // 2))
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((1, c_in, h, w_))
        wt = rng.standard_normal((c_in, cout_g, k, k))
        wt[rng.random(wt.shape) < draw(st.sampled_from([0.0, 0.3]))] = 0.0  # zeros x Inf
        x[rng.random(x.shape) < draw(st.sampled_from([0.0, 0.2]))] = 0.0
        specials = [np.inf, -np.inf, np.nan]
        for arr in (x, wt):
            for _ in range(draw(st.integers(0, 3))):
                idx = tuple(rng.integers(0, n) for n in arr.shape)
                arr[idx] = specials[rng.integers(0, 3)]
        return x, wt, groups, stride, padding, dilation

    return case()


@settings(max_examples=150)
@given(nonfinite_cases(), st.sampled_from([np.float32, np.float64]))
def test_inf_and_nan_spread_exactly_as_in_torch(case, dtype):
    x, w, groups, stride, padding, dilation = case
    x, w = x.astype(dtype), w.astype(dtype)
    kw = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
    want = torch_result(x, w, **kw)
    # Where Inf and NaN go is compared with torch in float64: torch's float32 CPU kernel
    # can put a NaN into a cell that no NaN product reaches (a (1, 3, 1, 1) input, a NaN
    # at w[2, 0, 3, 0], stride 3: torch float32 also makes out[3, 3] NaN, float64 does not).
    spread = torch_result(x.astype(np.float64), w.astype(np.float64), **kw)
    for got in (conv_transpose2d(x, w, **kw), conv_transpose2d_reference(x, w, **kw)):
        np.testing.assert_array_equal(np.isnan(got), np.isnan(spread))
        np.testing.assert_array_equal(np.isposinf(got), np.isposinf(spread))
        np.testing.assert_array_equal(np.isneginf(got), np.isneginf(spread))
        fin = np.isfinite(want) & np.isfinite(spread)
        tol = 1e-4 if dtype == np.float32 else 1e-10
        np.testing.assert_allclose(got[fin], want[fin], rtol=tol, atol=tol * 10)


def test_the_issues_examples():
    """x[0,0,10,10] = inf, w = rand(3,1,4,4), stride 2, padding 1, groups 3: torch gives 16
    non-finite outputs (tconv gave 36); full mixing 48 (tconv 108). w[0,0,0,0] = inf on a
    3x3 input of ones at stride 1 made tconv's whole last row and column NaN."""
    rng = np.random.default_rng(0)
    x = rng.random((1, 3, 20, 20))
    x[0, 0, 10, 10] = np.inf
    for w, groups in ((rng.random((3, 1, 4, 4)), 3), (rng.random((3, 3, 4, 4)), 1)):
        kw = dict(stride=2, padding=1, groups=groups)
        want = torch_result(x, w, **kw)
        got = conv_transpose2d(x, w, **kw)
        assert (~np.isfinite(got)).sum() == (~np.isfinite(want)).sum() in (16, 48)
    w = np.ones((1, 1, 2, 2))
    w[0, 0, 0, 0] = np.inf
    got = conv_transpose2d(np.ones((1, 1, 3, 3)), w)
    want = torch_result(np.ones((1, 1, 3, 3)), w)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
