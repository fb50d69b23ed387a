"""What the property tests share: random valid calls (hypothesis) and the torch oracle.

Every computation of the library is checked against ``torch.nn.functional.conv_transpose2d``
called here, on the same numbers in float64 unless a test asks for float32.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import strategies as st


def max_padding(i: int, k: int, s: int, d: int, a: int) -> int:
    """The largest padding that keeps the output at least one cell: ``2p <= o(p=0) - 1``."""
    return max(0, ((i - 1) * s + d * (k - 1) + a) // 2)


@st.composite
def layer_params(draw, input_hw, kernel_hw, max_stride=4, max_dilation=3) -> dict:
    """stride, padding, output_padding, dilation as (h, w) pairs that PyTorch accepts for
    this input and kernel: output_padding below stride or dilation, padding up to where the
    output keeps one cell."""
    s = (draw(st.integers(1, max_stride)), draw(st.integers(1, max_stride)))
    d = (draw(st.integers(1, max_dilation)), draw(st.integers(1, max_dilation)))
    a = tuple(draw(st.integers(0, max(s[ax], d[ax]) - 1)) for ax in range(2))
    p = tuple(
        draw(st.integers(0, max_padding(input_hw[ax], kernel_hw[ax], s[ax], d[ax], a[ax])))
        for ax in range(2)
    )
    return dict(stride=s, padding=p, output_padding=a, dilation=d)


@st.composite
def single_channel_calls(draw, bias=True, max_side=5, max_kernel=4):
    """``(x, kernel, params, bias)``: one 2D input and kernel of normal random numbers,
    rectangular shapes, every parameter per axis (:func:`layer_params`)."""
    h, w = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    kh, kw = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
    params = draw(layer_params((h, w), (kh, kw)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x, k = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
    b = float(draw(st.floats(-3, 3))) if bias and draw(st.booleans()) else 0.0
    return x, k, params, b


def torch_conv_transpose2d(x, weight, bias=None, **kw) -> np.ndarray:
    """The oracle: torch on copies of NumPy arrays (their own dtype), result as NumPy."""
    tb = None if bias is None else torch.from_numpy(np.array(bias))
    with torch.no_grad():
        y = F.conv_transpose2d(
            torch.from_numpy(np.array(x)), torch.from_numpy(np.array(weight)), tb, **kw
        )
    return y.numpy()


def torch_single(x, k, bias=0.0, **kw) -> np.ndarray:
    """The oracle for one 2D input and kernel (float64), plus a scalar bias."""
    x, k = np.asarray(x, np.float64), np.asarray(k, np.float64)
    return torch_conv_transpose2d(x[None, None], k[None, None], np.array([float(bias)]), **kw)[0, 0]


def torch_config(cfg) -> np.ndarray:
    """The oracle for a Playground :class:`tconv.app.config.Config` (bias included)."""
    kw = dict(stride=cfg.stride, padding=cfg.padding, output_padding=cfg.output_padding)
    return torch_single(cfg.x, cfg.kernel, cfg.bias, dilation=cfg.dilation, **kw)
