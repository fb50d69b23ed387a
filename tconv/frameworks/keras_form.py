"""Keras 3: ``layers.Conv2DTranspose(filters, kernel_size, strides, padding, output_padding,
data_format, dilation_rate)``.

Keras names the window with ``padding="valid" | "same"`` and an optional
``output_padding`` (< strides). With the JAX backend the layer calls
``lax.conv_transpose`` with pads ``(left, right)`` on the zero-inserted input; the window
is then ``lo = d(k-1) - left``, ``hi = d(k-1) - right``:

- "valid", no output_padding: the full canvas, extended to ``i*s`` when ``d(k-1)+1 < s``;
- "same", no output_padding: ``o = i*s``; the cut ``d(k-1)+1-s`` is split with the odd one
  at the END (kernel 3, stride 2: the last row and column go);
- with output_padding ``a``: "valid" extends the full canvas by ``a`` at the end, "same"
  cuts ``d(k-1)//2`` per side, then adds ``a`` at the end (the rule of the JAX backend's
  left/right pads).

Conv2DTranspose has no ``groups`` argument and refuses strides > 1 with dilation > 1.
Any other window is "valid" plus a
``Cropping2D`` / ``ZeroPadding2D`` layer. Kernel ``(kH, kW, C_out, C_in)``: PyTorch's
weight transposed by ``(2, 3, 1, 0)``, not flipped.
"""

from __future__ import annotations

from itertools import product

from tconv.frameworks.form import Form, refusal, same_cut
from tconv.frameworks.window import Layer, Window

NAME = "Keras 3"
SIZE_RULE = (
    "valid: o = i·s + max(d·(k−1)+1 − s, 0);  same: o = i·s;  "
    "with output_padding a: o = (i−1)·s + d·(k−1)+1 − 2·pad + a, pad = 0 (valid) or "
    "(d·(k−1)+1)//2 (same)"
)
WEIGHT = "kernel (kH, kW, C_out, C_in) = weight.transpose(2, 3, 1, 0), no flip"


def _cut(span: int, stride: int, padding: str, a: int | None) -> tuple[int, int]:
    """The window's (lo, hi) on one axis. With an output_padding ``a``: the JAX backend's
    (left, right) pads on the zero-inserted input, ``lo = span - 1 - left``,
    ``hi = span - 1 - right``."""
    if a is None:
        return same_cut(span - stride) if padding == "same" else (0, min(span - stride, 0))
    if padding == "valid":
        return 0, -a
    length = span + span % 2 - 2 + a
    left = min(length // 2 + length % 2, span - 1)
    return span - 1 - left, span - 1 - (length - left)


def window_of(layer: Layer, padding: str, output_padding=None) -> Window:
    """The window of ``Conv2DTranspose(padding=..., output_padding=...)``."""
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(f'Keras padding is "valid" or "same", got {padding!r}')
    ops = (None, None) if output_padding is None else tuple(output_padding)
    lo, hi = [], []
    for n in (0, 1):
        start, end = _cut(layer.span[n], layer.stride[n], padding, ops[n])
        lo.append(start)
        hi.append(end)
    return Window(tuple(lo), tuple(hi))


def express(layer: Layer, size, window: Window) -> Form:
    """Keras' padding/output_padding giving ``window``, else "valid" + Cropping2D/ZeroPadding2D."""
    refused = refusal(
        NAME,
        layer,
        size,
        window,
        "Conv2DTranspose has no groups argument (split the channels into one layer per "
        "group and concatenate)",
        "Conv2DTranspose refuses strides > 1 together with dilation_rate > 1 (it raises a "
        "ValueError)",
    )
    if refused:
        return refused
    sh, sw = layer.stride
    for padding in ("same", "valid"):
        for op in [None, *product(range(sh), range(sw))]:
            if window_of(layer, padding, op) == window:
                return Form(NAME, (("padding", padding), ("output_padding", op)))
    reason = (
        'neither "valid" nor "same" (with an output_padding below the stride) gives this '
        'window: "valid" keeps the full canvas, then a Cropping2D / ZeroPadding2D layer '
        "cuts or pads it"
    )
    return Form(NAME, (("padding", "valid"), ("output_padding", (0, 0))), window, True, reason)
