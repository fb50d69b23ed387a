"""torch's check of a large photo on windows of it, and exactly what those windows are.

Running torch on the whole 3072 x 3072 or 4096 x 4096 result doubles the work of a photo
change. A transposed convolution is local: output cell ``o`` (full-canvas position
``P = o + p``) sums the taps of input cells ``r`` with ``r*s + u*d = P`` only. So torch
run on a crop of the input (rows ``i0 <= r < i1``) gives the whole result's exact values
at every position that no input cell outside the crop reaches:

- above the crop (``i0 > 0``): ``P > (i0 - 1)*s + d*(k - 1)``, past the reach of row i0-1;
- below it (``i1 < i``): ``P < i1*s``, before row i1's first tap.

At the image's own edges there is no outside, so a crop that touches them checks the
borders too: the padding's crop at the top-left, output_padding at the bottom-right
(torch is called with the layer's output_padding and no padding; the window is taken
from its full canvas). The same terms are summed, possibly in another order, so the
comparison uses the tolerance rule (:mod:`tconv.core.tolerance`).

:func:`windows` picks three (top-left corner, centre, bottom-right corner), each about
:data:`WINDOW` output pixels a side; a result of at most :data:`WHOLE_PIXELS` pixels is
checked whole (one window, the whole input). :func:`window_check` runs torch on them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from tconv.core.crosscheck import CrossCheck, torch_conv_transpose2d
from tconv.core.params import TConvParams
from tconv.core.tolerance import tolerance

WINDOW = 256  # output pixels per side of each window torch checks on a large result
WHOLE_PIXELS = 2048 * 2048  # results up to this many pixels per channel are checked whole
PLACES = (("the top-left corner", 0), ("the centre", 1), ("the bottom-right corner", 2))


@dataclass(frozen=True)
class Window:
    """Input rows/cols torch computes on, and the output rows/cols that are compared."""

    name: str
    in_rows: slice
    in_cols: slice
    rows: slice
    cols: slice


def axis_window(i, k, s, p, a, d, o, place: int, size: int = WINDOW) -> tuple[slice, slice]:
    """One axis: the input crop (``place`` 0 start, 1 centre, 2 end) and the output slice
    it determines exactly (see the module's docstring). ``size`` is the aim in output
    pixels; the crop is the whole axis when that is not smaller."""
    reach = d * (k - 1)
    n = min(i, math.ceil((size + p + reach) / s) + 2)
    i0 = (0, (i - n) // 2, i - n)[place]
    i1 = i0 + n
    lo = 0 if i0 == 0 else max(i0 * s, (i0 - 1) * s + reach + 1)
    hi = (i0 * s) + (n - 1) * s + reach + 1 + a  # the end of torch's canvas for the crop
    if i1 < i:
        hi = min(hi, i1 * s)
    o_lo, o_hi = max(lo - p, 0), min(hi - p, o)
    return slice(i0, i1), slice(o_lo, max(o_lo, o_hi))


def windows(input_hw, kernel_hw, params: TConvParams, output_hw, size: int = WINDOW):
    """The windows torch checks: the whole result when it has at most
    :data:`WHOLE_PIXELS` pixels or the crops would cover the input anyway, else three."""
    whole = Window(
        "the whole result", slice(0, input_hw[0]), slice(0, input_hw[1]),
        slice(0, output_hw[0]), slice(0, output_hw[1]),
    )  # fmt: skip
    if output_hw[0] * output_hw[1] <= WHOLE_PIXELS:
        return [whole]
    out = []
    for name, place in PLACES:
        ax = [
            axis_window(
                input_hw[n],
                kernel_hw[n],
                params.stride[n],
                params.padding[n],
                params.output_padding[n],
                params.dilation[n],
                output_hw[n],
                place,
                size,
            )  # fmt: skip
            for n in range(2)
        ]
        out.append(Window(name, ax[0][0], ax[1][0], ax[0][1], ax[1][1]))
    if all(w.in_rows == whole.in_rows and w.in_cols == whole.in_cols for w in out):
        return [whole]
    return out


def is_whole(wins: list[Window]) -> bool:
    """True when the windows are the one window of the whole result."""
    return len(wins) == 1 and wins[0].name == "the whole result"


def describe(wins: list[Window], output_hw) -> str:
    """What torch checked, in words, e.g. for the page's caption."""
    if is_whole(wins):
        return f"the whole {output_hw[0]}×{output_hw[1]} result"
    parts = [
        f"{w.name} (rows {w.rows.start}–{w.rows.stop - 1}, "
        f"columns {w.cols.start}–{w.cols.stop - 1})"
        for w in wins
    ]
    return (
        f"{len(wins)} windows of the {output_hw[0]}×{output_hw[1]} result, every colour: "
        + ", ".join(parts[:-1])
        + f" and {parts[-1]}"
    )


def window_check(
    ours, x, weight, groups, params: TConvParams, wins: list[Window], dtype=np.float32
) -> tuple[CrossCheck, float]:
    """torch's conv_transpose2d on each window's input crop, compared with ``ours``
    (N, C_out, H_out, W_out) there by the tolerance rule for ``dtype``; returns
    (check, torch ms). A window that compares no cell, or a shape mismatch, fails.

    torch runs one group at a time and the comparison one channel at a time (the same
    numbers: groups are independent), so that checking the whole result costs a fraction
    of its size in temporaries, not several times it.
    """
    cin_g, cout_g = weight.shape[0] // groups, weight.shape[1]
    diff, big, ms = 0.0, 0.0, 0.0
    for w, g in ((w, g) for w in wins for g in range(groups)):
        crop = x[:, g * cin_g : (g + 1) * cin_g, w.in_rows, w.in_cols]
        t0 = time.perf_counter()
        theirs = torch_conv_transpose2d(
            crop, weight[g * cin_g : (g + 1) * cin_g], None, params.stride, (0, 0),
            params.output_padding, 1, params.dilation, dtype=dtype,
        )  # fmt: skip
        ms += (time.perf_counter() - t0) * 1e3
        r0 = w.rows.start + params.padding[0] - w.in_rows.start * params.stride[0]
        c0 = w.cols.start + params.padding[1] - w.in_cols.start * params.stride[1]
        nr, nc = w.rows.stop - w.rows.start, w.cols.stop - w.cols.start
        theirs = theirs[:, :, r0 : r0 + nr, c0 : c0 + nc]
        mine = ours[:, g * cout_g : (g + 1) * cout_g, w.rows, w.cols]
        if nr <= 0 or nc <= 0 or mine.shape != theirs.shape:
            diff = math.inf
            continue
        for n, c in np.ndindex(*theirs.shape[:2]):
            big = max(big, float(np.max(np.abs(theirs[n, c]))))
            diff = max(diff, float(np.max(np.abs(mine[n, c] - theirs[n, c]))))
        del theirs
    return CrossCheck(np.empty(0, dtype), diff, tolerance(big, dtype), tuple(weight.shape)), ms
