"""PyTorch: ``nn.ConvTranspose2d`` / ``F.conv_transpose2d`` with padding and output_padding.

Window: ``lo = padding``, ``hi = padding - output_padding`` (``output_padding`` < stride or
< dilation). PyTorch has no "same" (pytorch#80301): a window that cuts more at the end than
at the start (Keras' "same" with kernel 3, stride 2) takes ``padding=lo`` and a slice after
the call; spelling it ``padding=1, output_padding=1`` gives the right shape but cuts the
first row instead of the last, shifting every value by one pixel.
"""

from __future__ import annotations

from tconv.frameworks.form import Form, split
from tconv.frameworks.window import Layer, Window, torch_window

NAME = "PyTorch"
SIZE_RULE = "o = (i − 1)·s − 2p + d·(k − 1) + a + 1,  a < max(s, d)"
WEIGHT = "(C_in, C_out/groups, kH, kW), used as is (no flip)"


def window_of(padding, output_padding=0) -> Window:
    return torch_window(padding, output_padding)


def express(layer: Layer, size, window: Window) -> Form:
    """``padding``/``output_padding`` giving ``window`` for an input of ``size`` (h, w),
    plus the slice or F.pad after it."""
    full = layer.full(size)
    cols = [
        split(window.lo[n], window.hi[n], max(layer.stride[n], layer.dilation[n]), full[n])
        for n in (0, 1)
    ]
    args = (("padding", (cols[0][0], cols[1][0])), ("output_padding", (cols[0][1], cols[1][1])))
    extra = Window((cols[0][2], cols[1][2]), (cols[0][3], cols[1][3]))
    reason = ""
    if extra != Window():
        reason = (
            "padding crops both sides equally and output_padding only extends the end, "
            "so this window needs a one-sided slice (or F.pad) after the layer"
        )
    return Form(NAME, args, extra, True, reason)
