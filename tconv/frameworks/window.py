"""The one idea every framework mapping rests on: a window on the full canvas.

Scatter every input cell's scaled kernel into the *full* canvas, of size per axis
``F = (i - 1)*s + d*(k - 1) + 1``. Every framework's transposed convolution then returns a
window of that canvas, per axis ``full[lo : F - hi]``: ``lo`` rows (columns) cut at the
start, ``hi`` at the end. A negative ``lo`` or ``hi`` means zeros added on that side
(``output_padding`` beyond the canvas). The output size is ``o = F - lo - hi``.

PyTorch writes the window as ``lo = padding``, ``hi = padding - output_padding``; Keras,
JAX, TensorFlow and ONNX each have their own spelling (see the sibling modules). Two
layers give the same numbers exactly when their windows are equal (and the weights are
converted). Pure NumPy: no framework is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Pair = tuple[int, int]


def _pair(v, name: str) -> Pair:
    t = (v, v) if isinstance(v, int | np.integer) else tuple(v)
    if len(t) != 2 or not all(isinstance(e, int | np.integer) for e in t):
        raise ValueError(f"{name} must be an int or an (h, w) pair of ints, got {v!r}")
    return int(t[0]), int(t[1])


@dataclass(frozen=True)
class Layer:
    """What every framework's layer shares: channels, kernel, stride, dilation, groups.

    ``kernel``, ``stride`` and ``dilation`` are (h, w) pairs; the weight in PyTorch's layout
    is ``(in_channels, out_channels // groups, kH, kW)``.
    """

    in_channels: int = 1
    out_channels: int = 1
    kernel: Pair = (3, 3)
    stride: Pair = (1, 1)
    dilation: Pair = (1, 1)
    groups: int = 1

    @classmethod
    def make(cls, in_channels=1, out_channels=1, kernel=3, stride=1, dilation=1, groups=1):
        layer = cls(
            in_channels,
            out_channels,
            _pair(kernel, "kernel"),
            _pair(stride, "stride"),
            _pair(dilation, "dilation"),
            int(groups),
        )
        for name in ("kernel", "stride", "dilation"):
            if min(getattr(layer, name)) < 1:
                raise ValueError(f"{name} must be at least 1 on both axes")
        if layer.groups < 1 or in_channels % layer.groups or out_channels % layer.groups:
            raise ValueError("groups must divide both in_channels and out_channels")
        return layer

    @property
    def span(self) -> Pair:
        """The dilated kernel's extent per axis, ``d*(k - 1) + 1``."""
        return tuple(d * (k - 1) + 1 for k, d in zip(self.kernel, self.dilation, strict=True))

    @property
    def weight_shape(self) -> tuple[int, int, int, int]:
        """PyTorch's (and ONNX's) weight shape ``(C_in, C_out/groups, kH, kW)``."""
        return (self.in_channels, self.out_channels // self.groups, *self.kernel)

    def full(self, size: Pair) -> Pair:
        """The full canvas per axis, ``F = (i - 1)*s + d*(k - 1) + 1``."""
        return tuple(
            (i - 1) * s + sp for i, s, sp in zip(size, self.stride, self.span, strict=True)
        )


@dataclass(frozen=True)
class Window:
    """Per axis (h, w): ``lo`` cut at the start of the full canvas, ``hi`` at the end
    (negative: that many zeros added)."""

    lo: Pair = (0, 0)
    hi: Pair = (0, 0)

    def size(self, full: Pair) -> Pair:
        """Output size per axis, ``o = F - lo - hi``."""
        return tuple(f - lo - hi for f, lo, hi in zip(full, self.lo, self.hi, strict=True))

    def keeps_canvas(self, full: Pair) -> bool:
        """Whether the window keeps at least one cell of the canvas on both axes (not only
        added zeros)."""
        return all(
            max(lo, 0) + max(hi, 0) < f for f, lo, hi in zip(full, self.lo, self.hi, strict=True)
        )

    def then(self, extra: Window) -> Window:
        """This window followed by a further cut (or pad) ``extra`` of its output."""
        add = lambda u, v: (u[0] + v[0], u[1] + v[1])  # noqa: E731
        return Window(add(self.lo, extra.lo), add(self.hi, extra.hi))

    def axis(self, n: int) -> Pair:
        return self.lo[n], self.hi[n]


def torch_window(padding, output_padding=0) -> Window:
    """PyTorch's window: ``lo = padding``, ``hi = padding - output_padding``."""
    p, a = _pair(padding, "padding"), _pair(output_padding, "output_padding")
    return Window(p, (p[0] - a[0], p[1] - a[1]))


def apply_window(full: np.ndarray, window: Window) -> np.ndarray:
    """Cut (or zero-extend) the last two axes of ``full`` to ``window``."""
    out = full
    for n, axis in enumerate((-2, -1)):
        lo, hi = window.axis(n)
        pad = [(0, 0)] * out.ndim
        pad[axis] = (max(-lo, 0), max(-hi, 0))
        out = np.pad(out, pad)
        length = out.shape[axis]
        index = [slice(None)] * out.ndim
        index[axis] = slice(max(lo, 0), length - max(hi, 0))
        out = out[tuple(index)]
    return out


def reference(x, weight, layer: Layer, window: Window) -> np.ndarray:
    """tconv's answer: the full canvas (``tconv.conv_transpose2d``, padding 0) cut to
    ``window``. ``x`` is (N, C_in, H, W), ``weight`` (C_in, C_out/groups, kH, kW)."""
    from tconv.engine.functional import conv_transpose2d

    full = conv_transpose2d(
        np.asarray(x),
        np.asarray(weight),
        stride=layer.stride,
        groups=layer.groups,
        dilation=layer.dilation,
    )
    if min(window.size(full.shape[-2:])) < 1:
        raise ValueError("the window leaves no output (the crops exceed the canvas)")
    return apply_window(full, window)
