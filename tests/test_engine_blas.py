"""tconv.engine.blas: checked arguments (not asserts), the TCONV_NO_BLAS switch, thread control."""

from unittest import mock

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import tconv.engine.run as engine
from tconv.core.tolerance import agreement
from tconv.engine import blas
from tconv.engine.functional import conv_transpose2d

# Each case takes a different engine path: stacked taps, accumulate (C_in/groups >= 8) with
# groups, merged phases, depthwise multiply-adds; float32 and float64.
CASES = [
    ((2, 3, 6, 5), (3, 4, 3, 2), dict(stride=2, padding=1, output_padding=1), 1, np.float64),
    ((1, 16, 7, 7), (16, 3, 3, 3), dict(stride=(2, 3), dilation=2), 2, np.float32),
    ((1, 2, 9, 4), (2, 1, 4, 4), dict(stride=3, padding=2), 1, np.float32),
    ((2, 6, 5, 5), (6, 1, 3, 3), dict(stride=2), 6, np.float64),
]


@pytest.mark.parametrize(("xs", "ws", "kw", "groups", "dtype"), CASES)
def test_the_engine_with_blas_off_equals_torch(monkeypatch, xs, ws, kw, groups, dtype):
    monkeypatch.setenv("TCONV_NO_BLAS", "1")
    assert not blas.gemm_available(dtype) and not blas.controllable()
    assert blas.core_name() == "off"
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal(xs).astype(dtype), rng.standard_normal(ws).astype(dtype)
    with mock.patch.object(engine, "shifted_products", side_effect=AssertionError("called")):
        ours = conv_transpose2d(x, w, groups=groups, **kw)
    theirs = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), groups=groups, **kw)
    assert ours.dtype == dtype
    assert agreement(ours, theirs.numpy(), dtype).passed


def test_the_switch_reads_the_environment_each_time(monkeypatch):
    monkeypatch.setenv("TCONV_NO_BLAS", "0")
    on = blas.enabled()
    monkeypatch.setenv("TCONV_NO_BLAS", "1")
    assert on and not blas.enabled()
    monkeypatch.delenv("TCONV_NO_BLAS")
    assert blas.enabled()


needs_gemm = pytest.mark.skipif(
    not blas.gemm_available(np.float64), reason="NumPy's BLAS has no 64-bit CBLAS gemm here"
)


@needs_gemm
def test_shifted_products_computes_the_sum_of_shifted_windows():
    rng = np.random.default_rng(0)
    a, x = rng.standard_normal((2, 3, 8)), rng.standard_normal((2, 4, 12))
    shifts, size = (0, 3), 7
    out = np.full((2, 3, size), np.nan)
    blas.shifted_products(a, x, shifts, size, out)
    want = sum(a[:, :, t * 4 : (t + 1) * 4] @ x[:, :, s : s + size] for t, s in enumerate(shifts))
    np.testing.assert_allclose(out, want, rtol=1e-12, atol=1e-12)


@needs_gemm
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("window", "inside x's rows"),
        ("dtype", "one dtype"),
        ("out", "out must be"),
        ("strided", "rows must be contiguous"),
    ],
)
def test_shifted_products_refuses_arrays_it_would_overrun(change, message):
    """These were asserts (gone under python -O); a bad call must never reach gemm."""
    a, x = np.ones((1, 2, 6)), np.ones((1, 3, 10))
    out, shifts, size = np.zeros((1, 2, 8)), (0, 2), 8
    if change == "window":
        shifts = (0, 3)  # 3 + 8 > 10
    elif change == "dtype":
        out = out.astype(np.float32)
    elif change == "out":
        out = np.zeros((1, 2, 7))
    elif change == "strided":
        x = np.ones((1, 3, 20))[:, :, ::2]
    with pytest.raises(ValueError, match=message):
        blas.shifted_products(a, x, shifts, size, out)


def test_shifted_products_without_gemm_raises(monkeypatch):
    monkeypatch.setenv("TCONV_NO_BLAS", "1")
    with pytest.raises(RuntimeError, match="gemm_available"):
        blas.shifted_products(np.ones((1, 1, 1)), np.ones((1, 1, 1)), (0,), 1, np.zeros((1, 1, 1)))


def test_single_threaded_blas_sets_one_thread_and_restores_the_count():
    fn = blas._set_local_threads()
    if fn is None:
        pytest.skip("NumPy is not built on an OpenBLAS with per-thread control")
    a = np.arange(12.0).reshape(3, 4)
    exact = np.array([[sum(i * j for i, j in zip(r, s, strict=True)) for s in a] for r in a])
    original = fn(2)  # this thread: 2 BLAS threads before the block
    try:
        with blas.single_threaded_blas():
            inside = fn(1)  # returns the count in force, keeps 1
            product = a @ a.T
        after = fn(original)
    finally:
        fn(original)
    assert (inside, after) == (1, 2)
    np.testing.assert_array_equal(product, exact)
