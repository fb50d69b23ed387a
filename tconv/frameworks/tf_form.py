"""TensorFlow: ``tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding,
data_format="NHWC", dilations)``, the gradient of ``tf.nn.conv2d``.

TensorFlow names the window by the forward convolution it undoes: ``output_shape`` ``o``
with ``padding`` "SAME" (``ceil(o/s) = i``; the cut ``(i-1)s + d(k-1)+1 - o`` split with
the odd one at the end), "VALID" (``(o - d(k-1) - 1)//s + 1 = i``, nothing cut at the
start) or explicit ``[[0, 0], [top, bottom], [left, right], [0, 0]]``. Because several
``o`` undo the same conv2d, ``output_shape`` carries what PyTorch's ``output_padding``
does (tensorflow#53107, #50168). Filters ``(kH, kW, C_out, C_in)``: PyTorch's weight
transposed by ``(2, 3, 1, 0)``, not flipped. No groups; on CPU, dilation > 1 works only with
strides 1 and padding "SAME" or "VALID".
"""

from __future__ import annotations

from tconv.frameworks.form import Form, refusal, same_cut, unsupported
from tconv.frameworks.window import Layer, Window

NAME = "TensorFlow"
SIZE_RULE = (
    "o is given (output_shape); it must satisfy SAME: ceil(o/s) = i;  "
    "VALID: (o − d·(k−1) − 1)//s + 1 = i;  explicit (t, b): (o + t + b − d·(k−1) − 1)//s + 1 = i"
)
WEIGHT = "filters (kH, kW, C_out, C_in) = weight.transpose(2, 3, 1, 0), no flip"


def window_of(layer: Layer, size, output_size, padding) -> Window:
    """The window of ``conv2d_transpose`` with ``output_shape`` spatial size ``output_size``."""
    lo, hi = [], []
    for n in (0, 1):
        i, o, s, span = size[n], output_size[n], layer.stride[n], layer.span[n]
        full = (i - 1) * s + span
        if padding == "SAME":
            ok = -(-o // s) == i
            start = same_cut(full - o)[0]
        elif padding == "VALID":
            ok, start = o >= span and (o - span) // s + 1 == i, 0
        else:
            top, bottom = padding[n]
            ok, start = (o + top + bottom - span) // s + 1 == i, top
        if not ok:
            raise ValueError(f"output_shape {o} does not undo a conv2d to size {i} ({padding})")
        lo.append(start)
        hi.append(full - o - start)
    return Window(tuple(lo), tuple(hi))


def express(layer: Layer, size, window: Window) -> Form:
    """``output_shape`` and ``padding`` giving ``window`` (SAME, VALID, else explicit)."""
    refused = refusal(
        NAME,
        layer,
        size,
        window,
        "tf.nn.conv2d_transpose has no groups (one call per group, then tf.concat)",
        "dilation > 1 needs strides 1 in tf.nn.conv2d_transpose (on CPU the call fails)",
    )
    if refused:
        return refused
    out = window.size(layer.full(size))
    for padding in ("SAME", "VALID"):
        try:
            if window_of(layer, size, out, padding) == window:
                return Form(NAME, (("output_shape", out), ("padding", padding)))
        except ValueError:
            pass
    if max(layer.dilation) > 1:
        return unsupported(
            NAME,
            'with dilation > 1 the CPU kernel takes only padding "SAME" or "VALID" (explicit '
            "pads fail), and neither gives this window",
        )
    pads, extra_lo, extra_hi, o = [], [], [], []
    for n in (0, 1):
        lo, hi, s = window.lo[n], window.hi[n], layer.stride[n]
        top = max(lo, 0)
        grow = min(max(-hi, 0), s - 1)  # zeros at the end, as output_shape may add (< s)
        pads.append((top, max(hi, 0)))
        extra_lo.append(lo - top)
        extra_hi.append(hi + grow if hi < 0 else 0)
        o.append(layer.full(size)[n] - top - max(hi, 0) + grow)
    extra = Window(tuple(extra_lo), tuple(extra_hi))
    reason = ""
    if extra != Window():
        reason = "output_shape adds fewer than `strides` zeros at the end: tf.pad adds the rest"
    return Form(NAME, (("output_shape", tuple(o)), ("padding", tuple(pads))), extra, True, reason)
