"""Overlap: how many kernel taps land on each output cell.

Per axis, output cell j (after the padding crop) receives tap u of input cell r when
``r*s + u*d == j + p``. The 2D count is the outer product of the two 1D counts, so an
uneven 1D pattern (k not divisible by s) becomes a checkerboard in 2D, and k < s leaves
holes (cells no tap reaches).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.params import TConvParams, as_pair


def overlap_count_1d(
    input_size: int, kernel_size: int, stride=1, padding=0, output_padding=0, dilation=1
) -> np.ndarray:
    """Number of (input cell, tap) pairs that reach each output position, 1D."""
    return overlap_count(
        (1, input_size),
        (1, kernel_size),
        (1, stride),
        (0, padding),
        (0, output_padding),
        (1, dilation),
    )[0]


def overlap_count(
    input_size, kernel_size, stride=1, padding=0, output_padding=0, dilation=1
) -> np.ndarray:
    """Count of kernel taps landing on each output cell, shape ``(H_out, W_out)``, int.

    Equal to ``conv_transpose2d(ones(1, 1, H, W), ones(1, 1, kH, kW), ...)``.
    """
    params = TConvParams.make(stride, padding, output_padding, dilation)
    i = as_pair(input_size, "input_size")
    k = as_pair(kernel_size, "kernel_size")
    out = params.output_size(i, k)
    axes = []
    for ax in range(2):
        full = np.zeros(params.full_size(i, k)[ax] + params.output_padding[ax], dtype=np.int64)
        for r in range(i[ax]):
            for u in range(k[ax]):
                full[r * params.stride[ax] + u * params.dilation[ax]] += 1
        p = params.padding[ax]
        axes.append(full[p : p + out[ax]])
    return np.outer(axes[0], axes[1])


@dataclass(frozen=True)
class OverlapVerdict:
    """A plain-words reading of an overlap pattern, judged away from the borders."""

    kind: str  # "even", "checkerboard" or "holes"
    message: str
    interior_min: int
    interior_max: int


def overlap_verdict(kernel_size, stride=1, dilation=1) -> OverlapVerdict:
    """Classify the interior overlap of a (kernel, stride, dilation) choice.

    Interior cells see ``k // s`` or ``k // s + 1`` taps per axis when d = 1: even when
    s divides k, holes when some cell sees none (k*d-reach too sparse), else uneven.
    """
    k = as_pair(kernel_size, "kernel_size")
    s = as_pair(stride, "stride")
    d = as_pair(dilation, "dilation")
    lo, hi = 1, 1
    for ax in range(2):
        # Interior pattern of one period: taps u*d land on residue (u*d) mod s.
        counts = np.zeros(s[ax], dtype=np.int64)
        for u in range(k[ax]):
            counts[(u * d[ax]) % s[ax]] += 1
        lo *= int(counts.min())
        hi *= int(counts.max())
    if lo == 0:
        kind = "holes"
        msg = (
            "Holes: some output cells receive no kernel tap at all (the kernel is too "
            "small, or too sparse, for the stride). They stay at zero (plus bias)."
        )
    elif lo == hi:
        kind = "even"
        taps = f"{lo} kernel tap{'s' * (lo > 1)}"
        msg = f"Even overlap: every interior output cell sums exactly {taps}."
    else:
        kind = "checkerboard"
        msg = (
            f"Checkerboard: interior cells sum between {lo} and {hi} kernel taps, in a "
            "repeating pattern. The kernel size is not divisible by the stride."
        )
    return OverlapVerdict(kind, msg, lo, hi)
