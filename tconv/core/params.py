"""Parameters of a 2D transposed convolution: normalisation, validation, output size.

Every size parameter follows PyTorch: an int means the same value for height and width,
an ``(h, w)`` pair sets them apart. Every combination that
``torch.nn.functional.conv_transpose2d`` rejects raises ``ValueError`` here, with a message
that names the parameter and the rule, so that pages can show it to a learner as is.

Notation (Dumoulin & Visin, extended with dilation): input size i, kernel k, stride s,
padding p, dilation d, output_padding a, output o, per axis::

    o = (i - 1) * s - 2 * p + d * (k - 1) + a + 1          (transposed_size)
    n -> floor((n + 2 * p - d * (k - 1) - 1) / s) + 1      (conv_size: conv2d, the way back)

These two formulas are written here only; every page, view and check calls them.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

Pair = tuple[int, int]
AXES = ("height", "width")


def as_pair(value, name: str) -> Pair:
    """Return ``value`` as an ``(h, w)`` pair of Python ints.

    Accepts an int (used for both axes), a sequence of two ints, or, as PyTorch does, a
    sequence of one int (used for both axes). Rejects bools, non-integral or non-finite
    numbers with a ``ValueError`` naming ``name``.
    """
    if isinstance(value, (list, tuple)):
        if len(value) == 1:
            v = _as_int(value[0], name)
            return (v, v)
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or an (h, w) pair, got {value!r}")
        return (_as_int(value[0], name), _as_int(value[1], name))
    if hasattr(value, "shape") and getattr(value, "shape", ()) == (2,):
        return (_as_int(value[0], name), _as_int(value[1], name))
    v = _as_int(value, name)
    return (v, v)


def _as_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if not math.isfinite(float(value)) or float(value) != int(value):
        raise ValueError(f"{name} must be a finite integer, got {value!r}")
    return int(value)


def transposed_size(i: int, k: int, s: int = 1, p: int = 0, a: int = 0, d: int = 1) -> int:
    """The transposed convolution's output size on one axis, unchecked (it may be below 1)."""
    return (i - 1) * s - 2 * p + d * (k - 1) + a + 1


def conv_size(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """conv2d's output size on one axis, unchecked (below 1 when the kernel cannot fit)."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


@dataclass(frozen=True)
class TConvParams:
    """Validated size parameters of a transposed convolution, each an ``(h, w)`` pair."""

    stride: Pair = (1, 1)
    padding: Pair = (0, 0)
    output_padding: Pair = (0, 0)
    dilation: Pair = (1, 1)

    @classmethod
    def make(cls, stride=1, padding=0, output_padding=0, dilation=1) -> TConvParams:
        """Normalise and check the parameters that do not depend on any shape."""
        s = as_pair(stride, "stride")
        p = as_pair(padding, "padding")
        a = as_pair(output_padding, "output_padding")
        d = as_pair(dilation, "dilation")
        for ax in range(2):
            if s[ax] < 1:
                raise ValueError(f"stride ({s[ax]}) must be at least 1 ({AXES[ax]})")
            if d[ax] < 1:
                raise ValueError(f"dilation ({d[ax]}) must be at least 1 ({AXES[ax]})")
            if p[ax] < 0:
                raise ValueError(f"padding ({p[ax]}) must not be negative ({AXES[ax]})")
            if a[ax] < 0:
                raise ValueError(f"output_padding ({a[ax]}) must not be negative ({AXES[ax]})")
            if not (a[ax] < s[ax] or a[ax] < d[ax]):
                raise ValueError(
                    f"output_padding ({a[ax]}) must be smaller than stride ({s[ax]}) "
                    f"or dilation ({d[ax]}) ({AXES[ax]})"
                )
        return cls(stride=s, padding=p, output_padding=a, dilation=d)

    def full_size(self, input_size: Pair, kernel_size: Pair) -> Pair:
        """Size of the uncropped scatter canvas: ``F = (i - 1) * s + d * (k - 1) + 1``."""
        return tuple(
            (input_size[ax] - 1) * self.stride[ax] + self.dilation[ax] * (kernel_size[ax] - 1) + 1
            for ax in range(2)
        )

    def output_size(self, input_size: Pair, kernel_size: Pair) -> Pair:
        """Output size per axis; raises ``ValueError`` when it is below 1."""
        out = []
        for ax in range(2):
            i, k = input_size[ax], kernel_size[ax]
            if i < 1:
                raise ValueError(f"input size ({i}) must be at least 1 ({AXES[ax]})")
            if k < 1:
                raise ValueError(f"kernel size ({k}) must be at least 1 ({AXES[ax]})")
            s, p = self.stride[ax], self.padding[ax]
            d, a = self.dilation[ax], self.output_padding[ax]
            o = transposed_size(i, k, s, p, a, d)
            if o < 1:
                raise ValueError(
                    f"padding ({p}) is too large: the output {AXES[ax]} would be "
                    f"({i}-1)·{s} - 2·{p} + {d}·({k}-1) + {a} + 1 = {o}, "
                    "but it must be at least 1"
                )
            out.append(o)
        return tuple(out)


def output_size(input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1):
    """Output size of ``conv_transpose2d``: ``o = (i-1)*s - 2*p + d*(k-1) + a + 1``.

    Ints in, int out; if any argument is an ``(h, w)`` pair the answer is a pair.
    Raises ``ValueError`` for every combination PyTorch rejects.
    """
    args = (input_size, kernel_size, stride, padding, output_padding, dilation)
    scalar = not any(isinstance(v, (list, tuple)) for v in args)
    params = TConvParams.make(stride, padding, output_padding, dilation)
    out = params.output_size(as_pair(input_size, "input_size"), as_pair(kernel_size, "kernel_size"))
    return out[0] if scalar else out


def conv_output_size(input_size, kernel_size, stride=1, padding=0, dilation=1):
    """Output size of ``conv2d``: ``floor((n + 2p - d*(k-1) - 1) / s) + 1`` per axis.

    Ints in, int out; if any argument is an ``(h, w)`` pair the answer is a pair. Raises
    ``ValueError`` for a size or stride below 1, a negative padding, or a padded input
    smaller than the dilated kernel.
    """
    args = (input_size, kernel_size, stride, padding, dilation)
    scalar = not any(isinstance(v, (list, tuple)) for v in args)
    names = ("input size", "kernel size", "stride", "padding", "dilation")
    n, k, s, p, d = (as_pair(v, name) for v, name in zip(args, names, strict=True))
    out = []
    for ax in range(2):
        for name, v, least in zip(names, (n, k, s, p, d), (1, 1, 1, 0, 1), strict=True):
            if v[ax] < least:
                raise ValueError(f"{name} ({v[ax]}) must be at least {least} ({AXES[ax]})")
        if n[ax] + 2 * p[ax] < d[ax] * (k[ax] - 1) + 1:
            raise ValueError(
                f"the padded input ({n[ax]} + 2·{p[ax]}) is smaller than the dilated kernel "
                f"({d[ax]}·({k[ax]} − 1) + 1): a convolution cannot fit ({AXES[ax]})"
            )
        out.append(conv_size(n[ax], k[ax], s[ax], p[ax], d[ax]))
    return out[0] if scalar else tuple(out)


def single_channel(x, kernel, stride=1, padding=0, output_padding=0, dilation=1, bias=0.0):
    """Validate a single-channel call (one 2D input, one 2D kernel).

    Returns ``(x, kernel, params, output_shape)`` with both grids as read-only float64
    arrays. Raises ``ValueError`` when a grid is not 2D, holds a non-finite number, or the
    parameters are rejected as by :func:`output_size`.
    """
    params = TConvParams.make(stride, padding, output_padding, dilation)
    x = np.array(x, dtype=np.float64)
    k = np.array(kernel, dtype=np.float64)
    if x.ndim != 2 or k.ndim != 2:
        raise ValueError(f"x and kernel must be 2D, got shapes {x.shape} and {k.shape}")
    if not (np.isfinite(x).all() and np.isfinite(k).all() and np.isfinite(bias)):
        raise ValueError("x, kernel and bias must hold finite numbers")
    x.setflags(write=False)
    k.setflags(write=False)
    return x, k, params, params.output_size(x.shape, k.shape)
