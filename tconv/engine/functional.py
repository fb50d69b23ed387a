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

import numpy as np

from tconv.core.params import TConvParams
from tconv.core.problem import Problem
from tconv.engine.run import compute


def _float_dtype(*arrays) -> np.dtype:
    kinds = {a.dtype for a in arrays if a is not None}
    return np.dtype(np.float32) if kinds == {np.dtype(np.float32)} else np.dtype(np.float64)


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
    if min(x4.shape) < 1 or min(w.shape) < 1:
        raise ValueError(f"input {x.shape} and weight {w.shape} must have no empty dimension")
    out_channels = w.shape[1] * groups
    if b is not None and b.shape != (out_channels,):
        raise ValueError(f"bias must have shape ({out_channels},) = (C_out,), got {b.shape}")
    out_hw = params.output_size(x4.shape[2:], w.shape[2:])
    dtype = _float_dtype(x4, w, b)
    return Problem(
        x=x4.astype(dtype, copy=False),
        weight=w.astype(dtype, copy=False),
        bias=None if b is None else b.astype(dtype, copy=False),
        params=params,
        groups=groups,
        batched=batched,
        out_hw=out_hw,
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
    return out if pr.batched else out[0]


def conv_transpose2d_reference(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> np.ndarray:
    """The readable reference: loop over input cells and scatter ``value * kernel``.

    Same signature and result as ``torch.nn.functional.conv_transpose2d``; slow, and meant
    to be read and tested against, not used on photos.
    """
    pr = prepare(input, weight, bias, stride, padding, output_padding, groups, dilation)
    n, c_in, h, w = pr.x.shape
    kh, kw = pr.weight.shape[2:]
    (sh, sw), (dh, dw) = pr.params.stride, pr.params.dilation
    fh, fw = pr.params.full_size((h, w), (kh, kw))
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
    return _finish(compute(pr), pr)
