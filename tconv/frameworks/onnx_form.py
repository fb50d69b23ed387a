"""ONNX: the ``ConvTranspose`` operator (``pads``, ``output_padding``, ``output_shape``,
``auto_pad``, ``strides``, ``dilations``, ``group``).

``pads = [top, left, bottom, right]`` cut the full canvas, one number per side, and
``output_padding`` extends the end: the window is ``lo = pads_begin``,
``hi = pads_end - output_padding`` — asymmetric cuts need no extra step. ``auto_pad``
"SAME_UPPER" and "SAME_LOWER" give ``o = i*s`` with the odd cut at the end (UPPER) or at the
start (LOWER); "VALID" cuts nothing. The weight is PyTorch's, ``(C_in, C_out/group, kH,
kW)``, unchanged; ``group`` works as in PyTorch. onnxruntime wants ``output_padding <
stride`` (PyTorch also allows < dilation): zeros beyond that come from a Pad node.
"""

from __future__ import annotations

from tconv.frameworks.form import NO_CELL, Form, unsupported
from tconv.frameworks.window import Layer, Window

NAME = "ONNX"
SIZE_RULE = (
    "o = s·(i − 1) + output_padding + d·(k − 1) + 1 − pads_begin − pads_end;  "
    "auto_pad SAME_UPPER / SAME_LOWER: o = i·s"
)
WEIGHT = "(C_in, C_out/group, kH, kW) as in PyTorch, no flip"
AUTO_PADS = ("SAME_UPPER", "SAME_LOWER", "VALID")


def window_of(
    layer: Layer, pads=None, output_padding=(0, 0), auto_pad="NOTSET", onnxruntime=False
) -> Window:
    """The window of ConvTranspose with explicit ``pads`` or an ``auto_pad``.

    SAME_UPPER / SAME_LOWER follow the operator's text (and onnx's reference evaluator):
    ``o = i*s`` even when the kernel's span is shorter than the stride, the total "padding"
    ``d(k-1)+1-s`` then being negative (zeros added, split the same way). onnxruntime
    (``onnxruntime=True``) clamps that total at 0 and returns the full canvas instead.
    """
    if auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        lo, hi = [], []
        for n in (0, 1):
            total = layer.span[n] - layer.stride[n] + output_padding[n]
            total = max(total, 0) if onnxruntime else total
            small, big = total // 2, total - total // 2
            start = small if auto_pad == "SAME_UPPER" else big
            lo.append(start)
            hi.append(total - start - output_padding[n])
        return Window(tuple(lo), tuple(hi))
    if auto_pad == "VALID":
        pads = (0, 0, 0, 0)
    top, left, bottom, right = pads
    return Window((top, left), (bottom - output_padding[0], right - output_padding[1]))


def express(layer: Layer, size, window: Window) -> Form:
    """``pads`` and ``output_padding`` giving ``window`` (and the auto_pad that does too)."""
    if not window.keeps_canvas(layer.full(size)):
        return unsupported(NAME, NO_CELL)
    begin, end, a, extra_lo, extra_hi = [], [], [], [], []
    for n in (0, 1):
        lo, hi = window.lo[n], window.hi[n]
        grow = min(max(-hi, 0), layer.stride[n] - 1)  # onnxruntime: < stride
        begin.append(max(lo, 0))
        end.append(max(hi, 0))
        a.append(grow)
        extra_lo.append(min(lo, 0))
        extra_hi.append(hi + grow if hi < 0 else 0)
    extra = Window(tuple(extra_lo), tuple(extra_hi))
    same = [
        name
        for name in AUTO_PADS
        if window_of(layer, auto_pad=name) == window
        and window_of(layer, auto_pad=name, onnxruntime=True) == window
    ]
    auto = same[0] if same else None
    reason = "" if extra == Window() else "pads cannot be negative: a Pad node adds the zeros"
    args = (
        ("pads", (begin[0], begin[1], end[0], end[1])),
        ("output_padding", tuple(a)),
        ("auto_pad", auto),
    )
    return Form(NAME, args, extra, True, reason)
