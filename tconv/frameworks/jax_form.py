"""JAX: ``jax.lax.conv_transpose(lhs, rhs, strides, padding, rhs_dilation,
dimension_numbers, transpose_kernel)``.

JAX pads the zero-inserted input (the gather view): explicit ``(lo_pad, hi_pad)`` pairs, and
the window is ``lo = d(k-1) - lo_pad``, ``hi = d(k-1) - hi_pad`` (a pad above ``d(k-1)``
adds zeros). Every window has explicit pads. ``"SAME"`` gives ``o = i*s`` with the odd cut
at the end (as Keras and TensorFlow); ``"VALID"`` gives ``o = i*s + max(d(k-1)+1-s, 0)``.

Kernel: with ``transpose_kernel=True`` and ``dimension_numbers=("NCHW", "OIHW", "NCHW")``,
PyTorch's weight ``(C_in, C_out, kH, kW)`` goes in unchanged (JAX swaps O/I and flips the
taps). With ``transpose_kernel=False`` the kernel is a forward convolution's over the
zero-inserted input: ``weight[:, :, ::-1, ::-1]`` with spec ``"IOHW"``.
``conv_transpose`` has no groups: with groups, ``lax.conv_general_dilated`` (what it
calls) takes ``lhs_dilation=strides`` and ``feature_group_count``.
"""

from __future__ import annotations

import numpy as np

from tconv.frameworks.form import Form
from tconv.frameworks.window import Layer, Window

NAME = "JAX"
SIZE_RULE = (
    "explicit (lo, hi): o = (i−1)·s + 1 + lo + hi − d·(k−1);  SAME: o = i·s;  "
    "VALID: o = i·s + max(d·(k−1)+1 − s, 0)"
)
WEIGHT = (
    'transpose_kernel=True, ("NCHW", "OIHW", "NCHW"): PyTorch\'s weight unchanged; '
    'transpose_kernel=False: weight[:, :, ::-1, ::-1] as "IOHW"'
)


def _named(span: int, stride: int, padding: str) -> tuple[int, int]:
    """lax's pads for "SAME" / "VALID" on one axis (its _conv_transpose_padding)."""
    if padding == "SAME":
        length = span + stride - 2
        lo = span - 1 if stride > span - 1 else -(-length // 2)
    else:
        length = span + stride - 2 + max(span - stride, 0)
        lo = span - 1
    return lo, length - lo


def pads_of(layer: Layer, padding) -> tuple[tuple[int, int], tuple[int, int]]:
    if isinstance(padding, str):
        padding = padding.upper()
        if padding not in ("SAME", "VALID"):
            raise ValueError(f'JAX padding is "SAME", "VALID" or (lo, hi) pairs, got {padding!r}')
        return tuple(_named(layer.span[n], layer.stride[n], padding) for n in (0, 1))
    return tuple((int(lo), int(hi)) for lo, hi in padding)


def window_of(layer: Layer, padding) -> Window:
    pads = pads_of(layer, padding)
    lo = tuple(layer.span[n] - 1 - pads[n][0] for n in (0, 1))
    hi = tuple(layer.span[n] - 1 - pads[n][1] for n in (0, 1))
    return Window(lo, hi)


def express(layer: Layer, size, window: Window) -> Form:
    """``padding`` for ``window``: "SAME"/"VALID" when one of them gives it, else pairs."""
    for name in ("SAME", "VALID"):
        if window_of(layer, name) == window:
            padding = name
            break
    else:
        padding = tuple(
            (layer.span[n] - 1 - window.lo[n], layer.span[n] - 1 - window.hi[n]) for n in (0, 1)
        )
    call = "lax.conv_transpose" if layer.groups == 1 else "lax.conv_general_dilated"
    reason = ""
    if layer.groups > 1:
        reason = (
            "lax.conv_transpose has no groups: lax.conv_general_dilated with lhs_dilation=strides "
            "and feature_group_count=groups, the kernel regrouped and flipped"
        )
    return Form(NAME, (("padding", padding), ("call", call)), reason=reason)


def grouped_kernel(weight, groups: int) -> np.ndarray:
    """PyTorch's ``(C_in, C_out/g, kH, kW)`` as conv_general_dilated's ``OIHW`` kernel
    ``(C_out, C_in/g, kH, kW)`` over the zero-inserted input: regrouped and flipped."""
    w = np.asarray(weight)
    c_in, c_out_g, kh, kw = w.shape
    w = w.reshape(groups, c_in // groups, c_out_g, kh, kw).transpose(0, 2, 1, 3, 4)
    return np.ascontiguousarray(
        w.reshape(groups * c_out_g, c_in // groups, kh, kw)[..., ::-1, ::-1]
    )
