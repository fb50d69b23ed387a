"""The scatter view, step by step: what the Playground's animation shows.

For one 2D input x (H x W) and one 2D kernel K (kH x kW), step number ``r*W + c`` adds
``x[r, c] * K`` (the kernel as is, not flipped) into a full canvas at rows
``r*s + u*d`` and columns ``c*s + v*d`` for every tap (u, v). The full canvas has
``F = (i-1)*s + d*(k-1) + 1`` cells per axis. Padding then crops ``p`` cells from each
side, and output_padding adds ``a`` cells at the bottom/right; those cells still hold real
sums while they lie inside the canvas, and are zero (plus bias) beyond it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.params import TConvParams, single_channel


def _frozen(a) -> np.ndarray:
    arr = np.array(a, dtype=np.float64)
    arr.setflags(write=False)
    return arr


@dataclass(frozen=True)
class ScatterStep:
    """One input cell's contribution.

    position : (r, c) of the input cell
    value : x[r, c]
    rows, cols : canvas rows / columns that kernel taps u = 0..kH-1 / v = 0..kW-1 land on
    canvas : the full, uncropped canvas after this step (all earlier steps included)
    """

    position: tuple[int, int]
    value: float
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    canvas: np.ndarray


@dataclass(frozen=True)
class ScatterPlan:
    """Every step of a 2D transposed convolution, and the cropped result.

    ``crop`` is ``((top, bottom), (left, right))`` in canvas coordinates, half-open:
    output[i, j] = canvas[top + i, left + j] (zero where that is beyond the canvas), plus
    bias. ``bottom`` may exceed ``full_shape[0]`` because of output_padding.
    """

    x: np.ndarray
    kernel: np.ndarray
    params: TConvParams
    bias: float
    steps: tuple[ScatterStep, ...]
    full_shape: tuple[int, int]
    crop: tuple[tuple[int, int], tuple[int, int]]
    output: np.ndarray

    @property
    def full(self) -> np.ndarray:
        """The full canvas after the last step (zeros if the input has no cell)."""
        return self.steps[-1].canvas

    @property
    def output_shape(self) -> tuple[int, int]:
        return self.output.shape


def scatter_plan(
    x, kernel, stride=1, padding=0, output_padding=0, dilation=1, bias=0.0
) -> ScatterPlan:
    """Compute every scatter step for a 2D input ``x`` and a 2D ``kernel``.

    Equal to ``conv_transpose2d(x[None, None], kernel[None, None], ...)[0, 0]`` (+ bias).
    Raises ``ValueError`` like :func:`tconv.conv_transpose2d`.
    """
    x, k, params, out_shape = single_channel(
        x, kernel, stride, padding, output_padding, dilation, bias
    )
    full_shape = params.full_size(x.shape, k.shape)
    (sh, sw), (dh, dw) = params.stride, params.dilation
    kh, kw = k.shape
    canvas = np.zeros(full_shape)
    steps = []
    for r in range(x.shape[0]):
        for c in range(x.shape[1]):
            rows = tuple(r * sh + u * dh for u in range(kh))
            cols = tuple(c * sw + v * dw for v in range(kw))
            canvas[np.ix_(rows, cols)] += x[r, c] * k
            steps.append(ScatterStep((r, c), float(x[r, c]), rows, cols, _frozen(canvas)))
    (ph, pw), (oh, ow) = params.padding, out_shape
    out = np.zeros(out_shape)
    src = canvas[ph : ph + oh, pw : pw + ow]
    out[: src.shape[0], : src.shape[1]] = src
    out += bias
    return ScatterPlan(
        x=x,
        kernel=k,
        params=params,
        bias=float(bias),
        steps=tuple(steps),
        full_shape=full_shape,
        crop=((ph, ph + oh), (pw, pw + ow)),
        output=_frozen(out),
    )
