"""``conv_transpose2d`` with PyTorch's signature, semantics and weight layout.

Shapes (PyTorch's names)::

    input   (N, C_in, H, W)  or unbatched (C_in, H, W)
    weight  (C_in, C_out // groups, kH, kW)      # the reverse of Conv2d's layout
    bias    (C_out,)  or None
    output  (N, C_out, H_out, W_out)  with  H_out = (H-1)*s - 2p + d(kH-1) + a + 1

Convention (the scatter view): every input cell adds ``value * kernel`` (not flipped) into
a full canvas at rows ``r*s + u*d``; padding then *crops* ``p`` rows from the top and
bottom of that canvas, and output_padding adds ``a`` rows at the bottom only.

Two implementations share one validation: :func:`conv_transpose2d_reference`, the
readable loop over input cells, and :func:`conv_transpose2d`, the fast engine.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from tconv.core.params import TConvParams
from tconv.core.problem import Problem
from tconv.engine.run import compute

MAX_OUTPUT_ELEMENTS = 2**28  # N * C_out * H_out * W_out (1 GiB as float32)
MAX_MULTIPLY_ADDS = 2**35  # output elements x the kernel taps (x C_in/groups) reaching each


def taps_per_output(k: int, s: int, d: int) -> int:
    """The most kernel taps of one axis that land on one output cell: taps u and u' land
    on the same phase when (u - u')·d is a multiple of s, i.e. every s/gcd(s, d)-th tap."""
    return min(k, -(-k // (s // math.gcd(s, d))))


def check_work(x_shape, w_shape, groups: int, params: TConvParams, out_hw) -> None:
    """Refuse, fast and before any allocation, a call whose output or work is absurd.

    ``ValueError`` names the limit: :data:`MAX_OUTPUT_ELEMENTS` output values, or
    :data:`MAX_MULTIPLY_ADDS` multiply-adds (output values times the taps that reach each,
    times C_in/groups). torch has no such limit: a stride of 10**6 on a 2x2 input asks it
    for a 10**6 x 10**6 output, which it tries to allocate.
    """
    n, c_in = x_shape[:2]
    c_out = w_shape[1] * groups
    out = n * c_out * out_hw[0] * out_hw[1]
    if out > MAX_OUTPUT_ELEMENTS:
        raise ValueError(
            f"the output would hold {n}·{c_out}·{out_hw[0]}·{out_hw[1]} = {out:.3g} values, "
            f"over the limit of {MAX_OUTPUT_ELEMENTS:.3g} (MAX_OUTPUT_ELEMENTS): reduce the "
            "stride, dilation, kernel or input size"
        )
    taps = [
        taps_per_output(w_shape[2 + ax], params.stride[ax], params.dilation[ax]) for ax in (0, 1)
    ]
    work = out * (c_in // groups) * taps[0] * taps[1]
    if work > MAX_MULTIPLY_ADDS:
        raise ValueError(
            f"the call would take about {work:.3g} multiply-adds, over the limit of "
            f"{MAX_MULTIPLY_ADDS:.3g} (MAX_MULTIPLY_ADDS): reduce the kernel, the channels "
            "or the output size"
        )


def _float_dtype(*arrays) -> np.dtype:
    """float32 when every array is float32 (or every one float16, computed in float32 and
    returned as float16, as torch returns it), float64 otherwise."""
    kinds = {a.dtype for a in arrays if a is not None}
    single = ({np.dtype(np.float32)}, {np.dtype(np.float16)})
    return np.dtype(np.float32) if kinds in single else np.dtype(np.float64)


def _empty_batch(pr: Problem) -> np.ndarray:
    return np.zeros((0, pr.out_channels, *pr.out_hw), dtype=pr.x.dtype)


def prepare(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> Problem:
    """Check a call the way PyTorch does and return it as a :class:`Problem`.

    Raises ``ValueError`` with a message naming the parameter and the rule.
    """
    params = TConvParams.make(stride, padding, output_padding, dilation)
    x = np.asarray(input)
    w = np.asarray(weight)
    b = None if bias is None else np.asarray(bias)
    for name, arr in (("input", x), ("weight", w), ("bias", b)):
        if arr is None:
            continue
        if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
            raise ValueError(f"{name} must hold numbers, got dtype {arr.dtype}")
        if np.iscomplexobj(arr):
            raise ValueError(f"{name} must be real, got dtype {arr.dtype}")
    if x.ndim not in (3, 4):
        raise ValueError(
            f"input must be 3D (C_in, H, W) or 4D (N, C_in, H, W), got {x.ndim}D "
            f"with shape {x.shape}"
        )
    if w.ndim != 4:
        raise ValueError(
            f"weight must be 4D (C_in, C_out/groups, kH, kW), got {w.ndim}D with shape {w.shape}"
        )
    if isinstance(groups, bool) or int(groups) != groups or groups < 1:
        raise ValueError(f"groups ({groups}) must be a positive integer")
    groups = int(groups)
    batched = x.ndim == 4
    x4 = x if batched else x[None]
    c_in = x4.shape[1]
    if w.shape[0] != c_in:
        raise ValueError(
            f"weight's first dimension ({w.shape[0]}) must equal the input channels "
            f"C_in ({c_in}): the layout is (C_in, C_out/groups, kH, kW)"
        )
    if c_in % groups:
        raise ValueError(f"input channels C_in ({c_in}) must be divisible by groups ({groups})")
    if min(x4.shape[1:]) < 1 or min(w.shape) < 1:  # a batch of 0 images is fine (torch)
        raise ValueError(f"input {x.shape} and weight {w.shape} must have no empty dimension")
    out_channels = w.shape[1] * groups
    if b is not None and b.shape != (out_channels,):
        raise ValueError(f"bias must have shape ({out_channels},) = (C_out,), got {b.shape}")
    out_hw = params.output_size(x4.shape[2:], w.shape[2:])
    check_work(x4.shape, w.shape, groups, params, out_hw)
    dtype = _float_dtype(x4, w, b)
    half = {a.dtype for a in (x4, w, b) if a is not None} == {np.dtype(np.float16)}
    return Problem(
        x=x4.astype(dtype, copy=False),
        weight=w.astype(dtype, copy=False),
        bias=None if b is None else b.astype(dtype, copy=False),
        params=params,
        groups=groups,
        batched=batched,
        out_hw=out_hw,
        result_dtype=np.dtype(np.float16) if half else None,
    )


def crop_full(full: np.ndarray, pr: Problem) -> np.ndarray:
    """Crop a full canvas (..., F_h, F_w) to the output: rows ``p .. p + o``.

    Rows of the output beyond the canvas (only output_padding can reach them) are zero.
    """
    lead = full.shape[:-2]
    out = np.zeros((*lead, *pr.out_hw), dtype=full.dtype)
    (ph, pw), (oh, ow) = pr.params.padding, pr.out_hw
    src = full[..., ph : ph + oh, pw : pw + ow]
    out[..., : src.shape[-2], : src.shape[-1]] = src
    return out


def _finish(out: np.ndarray, pr: Problem) -> np.ndarray:
    if pr.bias is not None:
        out += pr.bias[None, :, None, None]
    if pr.result_dtype is not None:
        out = out.astype(pr.result_dtype)
    return out if pr.batched else out[0]


def conv_transpose2d_reference(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> np.ndarray:
    """The readable reference: loop over input cells and scatter ``value * kernel``.

    Same signature and result as ``torch.nn.functional.conv_transpose2d``; slow, and meant
    to be read and tested against, not used on photos.
    """
    pr = prepare(input, weight, bias, stride, padding, output_padding, groups, dilation)
    if pr.x.shape[0] == 0:
        return _finish(_empty_batch(pr), pr)
    n, c_in, h, w = pr.x.shape
    kh, kw = pr.weight.shape[2:]
    (sh, sw), (dh, dw) = pr.params.stride, pr.params.dilation
    fh, fw = pr.params.full_size((h, w), (kh, kw))
    if n * pr.out_channels * fh * fw > MAX_OUTPUT_ELEMENTS:  # padding crops a huge canvas
        raise ValueError(
            f"the reference's uncropped canvas would hold {n * pr.out_channels * fh * fw:.3g} "
            f"values, over the limit of {MAX_OUTPUT_ELEMENTS:.3g} (MAX_OUTPUT_ELEMENTS)"
        )
    cin_g, cout_g = c_in // pr.groups, pr.weight.shape[1]
    full = np.zeros((n, pr.out_channels, fh, fw), dtype=pr.x.dtype)
    for ci in range(c_in):
        g = ci // cin_g
        outs = slice(g * cout_g, (g + 1) * cout_g)
        kernel = pr.weight[ci]  # (C_out/groups, kH, kW)
        for r in range(h):
            for c in range(w):
                value = pr.x[:, ci, r, c][:, None, None, None]  # one per batch item
                rows = slice(r * sh, r * sh + dh * (kh - 1) + 1, dh)
                cols = slice(c * sw, c * sw + dw * (kw - 1) + 1, dw)
                full[:, outs, rows, cols] += value * kernel[None]
    return _finish(crop_full(full, pr), pr)


def conv_transpose2d(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> np.ndarray:
    """``torch.nn.functional.conv_transpose2d`` in NumPy, computed by the fast engine.

    Parameters
    ----------
    input : array, (N, C_in, H, W) or (C_in, H, W)
    weight : array, (C_in, C_out // groups, kH, kW)
    bias : array (C_out,) or None
    stride, padding, output_padding, dilation : int or (h, w) pair
    groups : int, divides C_in

    Returns
    -------
    numpy array (N, C_out, H_out, W_out), or (C_out, H_out, W_out) when unbatched;
    float32 when every argument is float32, float64 otherwise.

    Raises
    ------
    ValueError
        for every combination PyTorch rejects, naming the parameter and the rule.
    """

    pr = prepare(input, weight, bias, stride, padding, output_padding, groups, dilation)
    if pr.x.shape[0] == 0:
        return _finish(_empty_batch(pr), pr)
    if np.isfinite(pr.x).all() and np.isfinite(pr.weight).all():
        return _finish(compute(pr), pr)
    return _finish(_compute_nonfinite(pr), pr)


def _compute_nonfinite(pr: Problem) -> np.ndarray:
    """The engine's result when the input or the weight holds Inf or NaN, spread exactly
    as in torch (and the reference): an output cell is non-finite only when one of *its
    own* products ``x * w`` is.

    The engine cannot multiply the raw values: it multiplies zero padding by weights and
    shares products among phases, so ``0 * inf`` would make NaN in cells that torch keeps
    finite. Instead it computes the finite parts (Inf and NaN set to 0, which removes
    exactly the non-finite products) and then, per cell, counts the products that are NaN,
    +Inf or -Inf: each count is itself a transposed convolution of 0/1 indicator arrays
    (non-negative, so a count is positive exactly when such a product exists). A cell with
    a NaN product, or with both +Inf and -Inf ones, is NaN; otherwise one sign of Inf wins.
    """
    x, w = pr.x, pr.weight
    fx, fw = np.isfinite(x), np.isfinite(w)
    y = compute(replace(pr, x=np.where(fx, x, 0).astype(x.dtype), weight=np.where(fw, w, 0)))

    def count(a, b) -> np.ndarray:  # how many products a[...] * b[...] land on each cell
        return compute(replace(pr, x=a.astype(x.dtype), weight=b.astype(x.dtype)))

    x_nan, x_pinf, x_minf = np.isnan(x), np.isposinf(x), np.isneginf(x)
    w_nan, w_pinf, w_minf = np.isnan(w), np.isposinf(w), np.isneginf(w)
    x_pos, x_neg = fx & (x > 0), fx & (x < 0)
    w_pos, w_neg = fw & (w > 0), fw & (w < 0)
    nan = count(x_nan, np.ones_like(fw)) + count(np.ones_like(fx), w_nan)
    nan += count(x_pinf | x_minf, w == 0) + count(x == 0, w_pinf | w_minf)
    pos = count(x_pinf, w_pinf | w_pos) + count(x_minf, w_minf | w_neg)
    pos += count(x_pos, w_pinf) + count(x_neg, w_minf)
    neg = count(x_pinf, w_minf | w_neg) + count(x_minf, w_pinf | w_pos)
    neg += count(x_pos, w_minf) + count(x_neg, w_pinf)
    y[pos > 0] = np.inf
    y[neg > 0] = -np.inf
    y[(nan > 0) | ((pos > 0) & (neg > 0))] = np.nan
    return y
