"""tconv.conv_transpose2d and its reference against torch: values, shapes, dtypes, errors.

Tolerances: float64 within 1e-10 relative to the output's largest magnitude; float32 within
1e-4 relative (torch and NumPy sum in different orders).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tconv
from tests.strategies import layer_params, torch_conv_transpose2d


def rel_err(a, b) -> float:
    scale = max(float(np.max(np.abs(b))), 1.0) if b.size else 1.0
    return float(np.max(np.abs(a - b))) / scale if b.size else 0.0


@st.composite
def calls(draw):
    """A random valid conv_transpose2d call: arrays and keyword arguments."""
    groups = draw(st.integers(1, 3))
    c_in = groups * draw(st.integers(1, 2))
    c_out_g = draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    h, w = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    lp = draw(layer_params((h, w), (kh, kw)))
    (sh, sw), padding = lp["stride"], lp["padding"]
    batched = draw(st.booleans())
    n = draw(st.integers(1, 2))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    shape = (n, c_in, h, w) if batched else (c_in, h, w)
    x = rng.normal(size=shape).astype(dtype)
    weight = rng.normal(size=(c_in, c_out_g, kh, kw)).astype(dtype)
    bias = rng.normal(size=c_out_g * groups).astype(dtype) if draw(st.booleans()) else None
    pair_or_int = draw(st.booleans())
    kwargs = dict(
        stride=(sh, sw) if pair_or_int or sh != sw else sh,
        padding=padding,
        output_padding=lp["output_padding"],
        groups=groups,
        dilation=lp["dilation"],
    )
    return x, weight, bias, kwargs


def torch_ref(x, weight, bias, kwargs):
    return torch_conv_transpose2d(x, weight, bias, **kwargs)


@settings(max_examples=200)
@given(calls())
def test_fast_and_reference_match_torch(call):
    x, weight, bias, kwargs = call
    expected = torch_ref(x, weight, bias, kwargs)
    tol = 1e-4 if x.dtype == np.float32 else 1e-10
    for fn in (tconv.conv_transpose2d, tconv.conv_transpose2d_reference):
        got = fn(x, weight, bias, **kwargs)
        assert got.shape == expected.shape
        assert got.dtype == x.dtype
        assert rel_err(got, expected) <= tol


@settings(max_examples=150)
@given(calls())
def test_scatter_plan_matches_torch_per_channel_pair(call):
    x, weight, _, kwargs = call
    x2, k2 = x.reshape(-1, *x.shape[-2:])[0], weight[0, 0]
    kwargs = {k: v for k, v in kwargs.items() if k != "groups"}
    plan = tconv.scatter_plan(x2, k2, bias=0.5, **kwargs)
    expected = torch_ref(
        x2[None, None].astype(np.float64), k2[None, None].astype(np.float64), None, kwargs
    )[0, 0]
    assert plan.output.shape == expected.shape
    assert rel_err(plan.output, expected + 0.5) <= 1e-10
    # The last step's canvas is the whole uncropped sum; steps are row-major.
    assert [s.position for s in plan.steps] == [
        (r, c) for r in range(x2.shape[0]) for c in range(x2.shape[1])
    ]
    assert plan.full_shape == plan.full.shape


# Invalid calls: tconv raises ValueError exactly where torch raises.
INVALID = [
    dict(stride=2, output_padding=2),  # a >= s and a >= d
    dict(stride=1, dilation=1, output_padding=1),
    dict(stride=0),
    dict(dilation=0),
    dict(padding=-1),
    dict(output_padding=-1),
    dict(stride=1, padding=5),  # output < 1
    dict(groups=2),  # C_in = 1 not divisible
    dict(groups=0),
    dict(stride=(1, 2, 3)),
]


@pytest.mark.parametrize("kwargs", INVALID, ids=[str(k) for k in INVALID])
def test_invalid_calls_raise_valueerror_like_torch(kwargs):
    x = np.zeros((1, 1, 3, 3))
    w = np.zeros((1, 1, 3, 3))
    with pytest.raises((RuntimeError, ValueError, TypeError)):
        torch_ref(x, w, None, kwargs)
    with pytest.raises(ValueError):
        tconv.conv_transpose2d(x, w, **kwargs)
    with pytest.raises(ValueError):
        tconv.conv_transpose2d_reference(x, w, **kwargs)


@settings(max_examples=150)
@given(
    i=st.integers(1, 5),
    k=st.integers(1, 4),
    s=st.integers(1, 3),
    p=st.integers(0, 6),
    a=st.integers(0, 3),
    d=st.integers(1, 3),
)
def test_errors_agree_with_torch_on_random_parameters(i, k, s, p, a, d):
    x, w = np.zeros((1, 1, i, i)), np.zeros((1, 1, k, k))
    kwargs = dict(stride=s, padding=p, output_padding=a, dilation=d)
    try:
        expected = torch_ref(x, w, None, kwargs).shape
    except RuntimeError:
        expected = None
    if expected is None:
        with pytest.raises(ValueError):
            tconv.conv_transpose2d(x, w, **kwargs)
        with pytest.raises(ValueError):
            tconv.output_size(i, k, s, p, a, d)
    else:
        assert tconv.conv_transpose2d(x, w, **kwargs).shape == expected
        assert tconv.output_size(i, k, s, p, a, d) == expected[-1]


def test_error_messages_name_the_parameter_and_rule():
    x, w = np.zeros((1, 1, 3, 3)), np.zeros((1, 1, 3, 3))
    with pytest.raises(ValueError, match=r"output_padding \(2\) must be smaller than stride "
                       r"\(2\) or dilation \(1\)"):  # fmt: skip
        tconv.conv_transpose2d(x, w, stride=2, output_padding=2)
    with pytest.raises(ValueError, match="padding .* too large"):
        tconv.conv_transpose2d(x, w, padding=5)
    with pytest.raises(ValueError, match="divisible by groups"):
        tconv.conv_transpose2d(np.zeros((1, 3, 2, 2)), np.zeros((3, 1, 2, 2)), groups=2)
    with pytest.raises(ValueError, match="first dimension"):
        tconv.conv_transpose2d(np.zeros((1, 2, 2, 2)), np.zeros((3, 1, 2, 2)))
    with pytest.raises(ValueError, match="3D .* or 4D"):
        tconv.conv_transpose2d(np.zeros((2, 2)), w)
    with pytest.raises(ValueError, match="weight must be 4D"):
        tconv.conv_transpose2d(x, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="bias must have shape"):
        tconv.conv_transpose2d(x, w, bias=np.zeros(2))
    with pytest.raises(ValueError, match="finite integer"):
        tconv.conv_transpose2d(x, w, stride=float("nan"))
    with pytest.raises(ValueError, match="finite integer"):
        tconv.conv_transpose2d(x, w, padding=1.5)
    with pytest.raises(ValueError, match="must be an integer"):
        tconv.conv_transpose2d(x, w, stride=True)


def test_output_size_ints_and_pairs():
    assert tconv.output_size(2, 2, stride=2) == 4
    assert tconv.output_size((4, 5), 3, stride=(2, 1), padding=1) == (7, 5)
    assert tconv.output_size(3, 3, 2, 1, output_padding=1) == 6
    assert tconv.output_size(3, 3, 1, 0, 1, dilation=2) == 8


def test_dtypes():
    x64, w64 = np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2))
    assert tconv.conv_transpose2d(x64, w64).dtype == np.float64
    assert tconv.conv_transpose2d(x64.astype(np.float32), w64.astype(np.float32)).dtype == (
        np.float32
    )
    assert tconv.conv_transpose2d(x64.astype(int), w64.astype(int)).dtype == np.float64
    # Unbatched in, unbatched out.
    assert tconv.conv_transpose2d(np.ones((1, 2, 2)), w64, stride=2).shape == (1, 4, 4)
