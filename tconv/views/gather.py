"""The gather view: transposed convolution as an ordinary convolution of a stretched input.

Per axis, with input size i, kernel k, stride s, padding p, dilation d, output_padding a:

1. **Zero insertion**: put ``s - 1`` zeros between neighbouring input cells, giving
   ``(i - 1)*s + 1`` cells (input cell r sits at position ``r*s``).
2. **Padding** by ``q = d*(k - 1) - p`` cells on the top/left and ``q + a`` on the
   bottom/right. A negative amount *crops* that many cells instead (large padding p).
3. **Cross-correlate** (slide and sum, no flip) with the kernel **rotated 180 degrees**
   and dilated by d. The result has ``o = (i-1)*s - 2p + d(k-1) + a + 1`` cells: the same
   numbers as the scatter view, gathered by each output cell instead of scattered by each
   input cell.

Why it agrees: output cell j reads input cell r through tap ``u' = k-1-u`` of the
rotated kernel exactly when ``r*s + u*d = j + p``, the scatter view's rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.fmt import fmt
from tconv.core.params import AXES, TConvParams, single_channel
from tconv.engine.functional import prepare

Pads = tuple[tuple[int, int], tuple[int, int]]


def _frozen(a, dtype=np.float64) -> np.ndarray:
    arr = np.array(a, dtype=dtype)
    arr.setflags(write=False)
    return arr


def gather_pads(params: TConvParams, kernel_size) -> Pads:
    """``((top, bottom), (left, right))``: ``d(k-1) - p`` before, plus ``a`` after.

    A negative amount means that many cells are cropped from that side.
    """
    return tuple(
        (q, q + params.output_padding[ax])
        for ax, q in (
            (ax, params.dilation[ax] * (kernel_size[ax] - 1) - params.padding[ax])
            for ax in range(2)
        )
    )


def zero_insert(x: np.ndarray, stride) -> np.ndarray:
    """Insert ``s - 1`` zeros between neighbours along the last two axes."""
    sh, sw = stride
    h, w = x.shape[-2:]
    out = np.zeros((*x.shape[:-2], (h - 1) * sh + 1, (w - 1) * sw + 1), dtype=x.dtype)
    out[..., ::sh, ::sw] = x
    return out


def pad_or_crop(a: np.ndarray, pads: Pads) -> np.ndarray:
    """Zero-pad the last two axes by ``pads``; negative amounts crop instead."""
    crop = tuple(
        slice(max(-lo, 0), a.shape[-2 + ax] - max(-hi, 0)) for ax, (lo, hi) in enumerate(pads)
    )
    a = a[(..., *crop)]
    widths = [(0, 0)] * (a.ndim - 2) + [(max(lo, 0), max(hi, 0)) for lo, hi in pads]
    return np.pad(a, widths)


def dilate(kernel: np.ndarray, dilation) -> np.ndarray:
    """Spread the taps of the last two axes ``d`` cells apart (``d - 1`` zeros between)."""
    return zero_insert(kernel, dilation)


def cross_correlate(a: np.ndarray, kernel: np.ndarray, out_shape, start=(0, 0), dilation=(1, 1)):
    """``out[m, n] = sum_{u,v} a[start_h + m + u*d_h, start_w + n + v*d_w] * kernel[u, v]``.

    2D ``a`` and ``kernel``; cells of ``a`` outside its bounds count as zero, so ``start``
    may be negative and the window may run past the end. No flip: this is what deep-learning
    libraries call convolution.
    """
    out = np.zeros(out_shape, dtype=np.result_type(a, kernel, np.float64))
    (oh, ow), (h, w) = out_shape, a.shape
    for u in range(kernel.shape[0]):
        for v in range(kernel.shape[1]):
            r0, c0 = start[0] + u * dilation[0], start[1] + v * dilation[1]
            # rows m with 0 <= r0 + m < h, and likewise for columns
            m0, m1 = max(0, -r0), min(oh, h - r0)
            n0, n1 = max(0, -c0), min(ow, w - c0)
            if m0 < m1 and n0 < n1:
                out[m0:m1, n0:n1] += kernel[u, v] * a[r0 + m0 : r0 + m1, c0 + n0 : c0 + n1]
    return out


@dataclass(frozen=True)
class GatherView:
    """Every stage of the gather view of a single-channel 2D transposed convolution.

    zero_inserted : ((i-1)*s + 1) per axis; input cell (r, c) at (r*s, c*s)
    pads : ((top, bottom), (left, right)) = d(k-1) - p, plus a at bottom/right;
        negative means cropped
    padded : the zero-inserted input after padding/cropping: (o + d(k-1)) per axis
    is_input / is_padding : boolean masks over ``padded``: cells holding an input value,
        and cells added by padding (the rest are the inserted zeros)
    cropped_mask : boolean mask over ``zero_inserted``: cells removed by negative padding
    rotated_kernel : kernel[::-1, ::-1]
    dilated_kernel : the rotated kernel with d-1 zeros between taps
    output : cross-correlation of ``padded`` with ``dilated_kernel``, plus bias
    """

    x: np.ndarray
    kernel: np.ndarray
    params: TConvParams
    bias: float
    zero_inserted: np.ndarray
    pads: Pads
    padded: np.ndarray
    is_input: np.ndarray
    is_padding: np.ndarray
    cropped_mask: np.ndarray
    rotated_kernel: np.ndarray
    dilated_kernel: np.ndarray
    output: np.ndarray

    @property
    def input_cells(self) -> list[tuple[int, int]]:
        """Where the input's own cells sit in ``zero_inserted``: (r*s_h, c*s_w)."""
        (sh, sw), (h, w) = self.params.stride, self.x.shape
        return [(r * sh, c * sw) for r in range(h) for c in range(w)]

    @property
    def crops(self) -> bool:
        """True when some side is cropped (its padding amount is negative)."""
        return any(v < 0 for side in self.pads for v in side)

    def window(self, r: int, c: int) -> list[tuple[tuple[int, int], float, float]]:
        """What output cell (r, c) gathers: ``((row, col) in padded, value, rotated tap)``
        for every kernel tap, in row-major tap order. Their products sum to
        ``output[r, c] - bias``.
        """
        (dh, dw), (kh, kw) = self.params.dilation, self.kernel.shape
        return [
            (
                (r + u * dh, c + v * dw),
                float(self.padded[r + u * dh, c + v * dw]),
                float(self.rotated_kernel[u, v]),
            )
            for u in range(kh)
            for v in range(kw)
        ]

    def window_sum(self, r: int, c: int) -> str:
        """Output cell (r, c) as a sum of products, skipping the taps that meet zeros."""
        terms = [f"{fmt(v)}·{fmt(k)}" for _, v, k in self.window(r, c) if v != 0 and k != 0]
        if self.bias:
            terms.append(f"bias {fmt(self.bias)}")
        text = " + ".join(terms) if terms else "every tap meets a zero"
        return f"{text} = {fmt(self.output[r, c])}"

    def pad_formulas(self) -> list[str]:
        """Per axis, the padding worked out in words, e.g. ``height: 1·(3-1) - 1 = 1 ...``."""
        lines = []
        for ax in range(2):
            d, k = self.params.dilation[ax], self.kernel.shape[ax]
            p, a = self.params.padding[ax], self.params.output_padding[ax]
            lo, hi = self.pads[ax]
            before, after = ("top", "bottom") if ax == 0 else ("left", "right")
            text = f"{AXES[ax]}: d·(k−1) − p = {d}·({k}−1) − {p} = {lo} at the {before}"
            text += f", {lo} + a = {lo} + {a} = {hi} at the {after}" if a else f" and {after}"
            if lo < 0 or hi < 0:
                text += " (negative: crop instead of pad)"
            lines.append(text)
        return lines


def gather_view(
    x, kernel, stride=1, padding=0, output_padding=0, dilation=1, bias=0.0
) -> GatherView:
    """The gather view of ``conv_transpose2d(x[None, None], kernel[None, None], ...)``.

    ``x`` and ``kernel`` are 2D. Validation (and its ``ValueError`` messages) is the
    scatter view's: the same calls are accepted.
    """
    x, k, params, out_shape = single_channel(
        x, kernel, stride, padding, output_padding, dilation, bias
    )
    pads = gather_pads(params, k.shape)
    zi = zero_insert(x, params.stride)
    marks = zero_insert(np.ones_like(x), params.stride)  # 1 on input cells
    padded = pad_or_crop(zi, pads)
    inside = pad_or_crop(np.ones_like(zi), pads)  # 0 on padding
    unpads = tuple((-lo, -hi) for lo, hi in pads)
    kept = pad_or_crop(inside, unpads)  # back on the zero-inserted grid: 0 where cropped
    rotated = k[::-1, ::-1]
    dilated = dilate(rotated, params.dilation)
    out = cross_correlate(padded, dilated, out_shape) + float(bias)
    return GatherView(
        x=x,
        kernel=k,
        params=params,
        bias=float(bias),
        zero_inserted=_frozen(zi),
        pads=pads,
        padded=_frozen(padded),
        is_input=_frozen(pad_or_crop(marks, pads), bool),
        is_padding=_frozen(inside == 0, bool),
        cropped_mask=_frozen(kept == 0, bool),
        rotated_kernel=_frozen(rotated),
        dilated_kernel=_frozen(dilated),
        output=_frozen(out),
    )


def conv_transpose2d_gather(
    input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> np.ndarray:
    """``conv_transpose2d`` computed the gather way, for full (N, C_in, H, W) tensors.

    Zero-insert and pad every channel, then correlate with the weight rotated 180 degrees
    and with its two channel axes swapped per group: a Conv2d weight (C_out, C_in/groups,
    kH, kW). Same signature, shapes and errors as :func:`tconv.conv_transpose2d`.
    """
    pr = prepare(input, weight, bias, stride, padding, output_padding, groups, dilation)
    params, (oh, ow) = pr.params, pr.out_hw
    n, c_in = pr.x.shape[:2]
    kh, kw = pr.weight.shape[2:]
    padded = pad_or_crop(zero_insert(pr.x, params.stride), gather_pads(params, (kh, kw)))
    (dh, dw), cin_g, cout_g = params.dilation, c_in // pr.groups, pr.weight.shape[1]
    out = np.zeros((n, pr.out_channels, oh, ow), dtype=pr.x.dtype)
    for g in range(pr.groups):
        xs = padded[:, g * cin_g : (g + 1) * cin_g]
        rot = pr.weight[g * cin_g : (g + 1) * cin_g, :, ::-1, ::-1]  # (cin_g, cout_g, kh, kw)
        for u in range(kh):
            for v in range(kw):
                window = xs[:, :, u * dh : u * dh + oh, v * dw : v * dw + ow]
                out[:, g * cout_g : (g + 1) * cout_g] += np.einsum(
                    "nchw,co->nohw", window, rot[:, :, u, v]
                )
    if pr.bias is not None:
        out += pr.bias[None, :, None, None]
    return out if pr.batched else out[0]
