"""The fast engine equals torch and the scatter reference, on every path it can take.

Property tests draw random shapes and every parameter, and also the engine's tuning knobs
(chunk size, threads, merged or per-phase products, depthwise multiply-adds or BLAS), so
that every code path meets the same two oracles. Explicit cases cover the benchmark
configurations at 64x64.
"""

from __future__ import annotations

import contextlib
import os
import tracemalloc
from unittest import mock

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv.engine.run as engine
from tconv.engine.blas import controllable, core_name
from tconv.engine.functional import conv_transpose2d, conv_transpose2d_reference, prepare
from tconv.engine.plan import axis_plan
from tests.strategies import layer_params

TOLERANCE = {np.float32: 1e-4, np.float64: 1e-10}  # times the output's largest magnitude


def torch_result(x, w, b, **kw) -> np.ndarray:
    tb = None if b is None else torch.from_numpy(b)
    return F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), tb, **kw).numpy()


def assert_matches(got: np.ndarray, want: np.ndarray, dtype) -> None:
    assert got.shape == want.shape
    assert got.dtype == np.dtype(dtype)
    scale = max(float(np.abs(want).max()), np.finfo(dtype).tiny)
    err = float(np.abs(got.astype(np.float64) - want).max())
    assert err <= TOLERANCE[dtype] * scale, f"max |diff| {err:.3g} vs scale {scale:.3g}"


@contextlib.contextmanager
def knobs(**values):
    """Set the engine's module-level tuning constants for the block."""
    with contextlib.ExitStack() as stack:
        for name, value in values.items():
            stack.enter_context(mock.patch.object(engine, name, value))
        yield


KNOBS = st.fixed_dictionaries(
    {
        "CHUNK_ELEMENTS": st.sampled_from([1, 300, 5000, 1 << 20]),
        "CHUNK_MIN_ELEMENTS": st.sampled_from([1, 1 << 15]),
        "PARALLEL_MIN_OUTPUT": st.sampled_from([0, 1 << 16]),
        "MERGE_MAX_CHANNELS": st.sampled_from([0, 4]),
        "TAP_SUM_MIN_GROUPS": st.sampled_from([1, 5]),
        "ACCUMULATE_MIN_CHANNELS": st.sampled_from([1, 8]),
        "KEEP_SCRATCH": st.booleans(),
    }
)


@st.composite
def problems(draw):
    """A valid call: arrays and keyword arguments, every parameter an (h, w) pair."""
    groups = draw(st.sampled_from([1, 2, 4]))
    c_in = groups * draw(st.integers(1, 4 // groups))
    c_out = groups * draw(st.integers(1, 4 // groups))
    batched = draw(st.booleans())
    n = draw(st.integers(1, 3))
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    params = draw(layer_params((h, w), (kh, kw), max_stride=3))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((n, c_in, h, w) if batched else (c_in, h, w)).astype(dtype)
    wt = rng.standard_normal((c_in, c_out // groups, kh, kw)).astype(dtype)
    b = rng.standard_normal(c_out).astype(dtype) if draw(st.booleans()) else None
    kwargs = dict(**params, groups=groups)
    return x, wt, b, kwargs, dtype


@settings(max_examples=200)
@given(problems(), KNOBS)
def test_engine_equals_torch_and_reference(problem, knob_values):
    x, w, b, kw, dtype = problem
    with knobs(**knob_values):
        got = conv_transpose2d(x, w, b, **kw)
    assert_matches(got, torch_result(x, w, b, **kw), dtype)
    assert_matches(got, conv_transpose2d_reference(x, w, b, **kw), dtype)


@settings(max_examples=60)
@given(problems())
def test_compute_alone_is_the_unbiased_output(problem):
    x, w, b, kw, dtype = problem
    pr = prepare(x, w, None, **kw)
    got = engine.compute(pr)
    want = torch_result(x if x.ndim == 4 else x[None], w, None, **kw)
    assert_matches(got, want, dtype)


BENCH_CONFIGS = [
    ("k4 s2 p1", 4, dict(stride=2, padding=1)),
    ("k3 s2 p1 a1", 3, dict(stride=2, padding=1, output_padding=1)),
    ("k3 s1 p1 d2", 3, dict(stride=1, padding=1, dilation=2)),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("groups", [3, 1])
@pytest.mark.parametrize(("name", "k", "kw"), BENCH_CONFIGS, ids=[c[0] for c in BENCH_CONFIGS])
def test_benchmark_configurations_at_64(name, k, kw, groups, dtype):
    rng = np.random.default_rng(6)
    x = rng.random((1, 3, 64, 64)).astype(dtype)
    w = rng.standard_normal((3, 3 // groups, k, k)).astype(dtype)
    assert_matches(
        conv_transpose2d(x, w, groups=groups, **kw),
        torch_result(x, w, None, groups=groups, **kw),
        dtype,
    )


@pytest.mark.parametrize("groups", [1, 16])
def test_batched_sixteen_channels(groups):
    rng = np.random.default_rng(16)
    x = rng.standard_normal((8, 16, 20, 20)).astype(np.float32)
    w = rng.standard_normal((16, 16 // groups, 4, 4)).astype(np.float32)
    b = rng.standard_normal(16).astype(np.float32)
    kw = dict(stride=2, padding=1, groups=groups)
    assert_matches(conv_transpose2d(x, w, b, **kw), torch_result(x, w, b, **kw), np.float32)


def test_every_output_cell_belongs_to_exactly_one_phase_cell():
    """The phase counts partition the output: sum of counts == o, for many sizes."""
    for o in range(1, 12):
        for s in range(1, 5):
            plan = axis_plan(5, 3, s, 1, 2, o)
            assert sum(ph.count for ph in plan.phases) == o
            assert plan.grid == max(ph.count for ph in plan.phases)


def test_holes_are_zero_when_the_kernel_is_smaller_than_the_stride():
    x = np.ones((1, 1, 3, 3))
    got = conv_transpose2d(x, np.ones((1, 1, 1, 1)), stride=3)
    assert got.sum() == 9 and np.count_nonzero(got) == 9
    assert_matches(got, torch_result(x, np.ones((1, 1, 1, 1)), None, stride=3), np.float64)


def test_peak_memory_stays_under_three_outputs():
    rng = np.random.default_rng(3)
    x = rng.random((1, 3, 256, 256)).astype(np.float32)
    w = rng.standard_normal((3, 3, 4, 4)).astype(np.float32)
    tracemalloc.start()
    try:
        out = conv_transpose2d(x, w, stride=2, padding=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * out.nbytes, f"peak {peak / 2**20:.1f} MiB, output {out.nbytes / 2**20:.1f}"


def test_float32_stays_float32_and_mixed_inputs_give_float64():
    x = np.ones((1, 2, 5, 5), np.float32)
    assert conv_transpose2d(x, np.ones((2, 1, 3, 3), np.float32)).dtype == np.float32
    assert conv_transpose2d(x, np.ones((2, 1, 3, 3))).dtype == np.float64


def test_core_name_reports_the_kernels_openblas_uses():
    """The bench prints it: with NumPy's OpenBLAS it is a real name, the forced one if set."""
    name = core_name()
    if not controllable():
        pytest.skip("NumPy is not built on OpenBLAS here")
    assert name and name != "unknown" and name.isprintable()
    forced = os.environ.get("OPENBLAS_CORETYPE")
    if forced:
        assert name.lower() == forced.lower()


def test_concurrent_calls_share_the_pool_and_stay_correct():
    """Several sessions at once (Streamlit runs each in a thread) get their own results."""
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(7)
    calls = []
    for i in range(6):
        x = rng.standard_normal((2, 3, 40 + i, 37)).astype(np.float32)
        w = rng.standard_normal((3, 2, 3 + i % 2, 4)).astype(np.float32)
        calls.append((x, w, dict(stride=(2, 1 + i % 3), padding=1, dilation=1 + i % 2)))
    with knobs(PARALLEL_MIN_OUTPUT=0, CHUNK_ELEMENTS=2000, CHUNK_MIN_ELEMENTS=1):
        with ThreadPoolExecutor(max_workers=6) as sessions:
            results = list(sessions.map(lambda c: conv_transpose2d(c[0], c[1], **c[2]), calls))
    for (x, w, kw), got in zip(calls, results, strict=True):
        assert_matches(got, torch_result(x, w, None, **kw), np.float32)
