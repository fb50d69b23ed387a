"""The sub-pixel view: a strided transposed convolution is s_h*s_w small convolutions whose
results interleave (a "pixel shuffle"). It is also the fast way to compute it: no zeros
are ever multiplied.

Per axis, output cell j receives tap u of input cell r when ``r*s + u*d = j + p``. Split
the outputs by their **phase** ``phi = j mod s``: in phase phi only the taps with
``u*d = phi + p (mod s)`` ever land, and output ``j = phi + m*s`` reads input cell
``m + (phi + p - u*d) / s``. So each phase is an ordinary correlation of the input with the
phase's taps in reverse order (the sub-kernel rotated 180 degrees), spaced
``d / gcd(s, d)`` apart, starting at input offset ``min((phi + p - u*d) / s)``.

A phase may use no tap at all (holes: k*d too sparse for s), or have no output cell
(output smaller than the stride).

The phases, taps and offsets are those of the fast engine's own plan
(:func:`tconv.engine.plan.axis_plan`, held equal by a test), so a learner sees what the
engine computes; the view also shows the taps the engine skips because they only ever
read the zero border.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tconv.core.params import TConvParams, single_channel
from tconv.views.gather import cross_correlate


@dataclass(frozen=True)
class Phase1D:
    """One phase along one axis: taps used (ascending), where its window starts, spacing."""

    phase: int
    taps: tuple[int, ...]
    start: int
    step: int
    positions: tuple[int, ...]  # output indices phase, phase + s, ...


def axis_phases(out: int, k: int, s: int, p: int, d: int) -> tuple[Phase1D, ...]:
    """Every phase of one axis (output size ``out``) as the view draws it.

    Phase ``phi`` takes the taps with ``u*d = phi + p (mod s)``; tap u reads input cell
    ``m + (phi + p - u*d) / s`` for output ``phi + m*s``. The view slides the reversed
    sub-kernel from the smallest offset (the last tap's), its taps ``d / gcd(s, d)`` apart.
    It lists all ``s`` phases and every tap, so that a learner sees the partition whole;
    the fast engine's plan (:func:`tconv.engine.plan.axis_plan`) keeps the same phases and
    offsets but skips the taps that only ever read the zero border and the phases without
    an output cell (a test holds the two equal on what the engine keeps).
    """
    step = d // math.gcd(s, d)
    phases = []
    for phase in range(s):
        taps = tuple(u for u in range(k) if (phase + p - u * d) % s == 0)
        count = max(0, -(-(out - phase) // s))
        start = (phase + p - taps[-1] * d) // s if taps else 0
        phases.append(Phase1D(phase, taps, start, step, tuple(range(phase, phase + count * s, s))))
    return tuple(phases)


@dataclass(frozen=True)
class SubpixelPhase:
    """One of the s_h*s_w phases: a small correlation of the whole input.

    rows, cols : the output cells it fills (``phase + m*s``)
    taps_h, taps_w : kernel rows/cols it uses (ascending)
    kernel : ``K[taps_h][:, taps_w]`` rotated 180 degrees: what slides over x
    start, dilation : the window's offset into x (cells outside x are zero) and tap spacing
    result : ``len(rows) x len(cols)``, without bias
    """

    phase: tuple[int, int]
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    taps_h: tuple[int, ...]
    taps_w: tuple[int, ...]
    kernel: np.ndarray
    start: tuple[int, int]
    dilation: tuple[int, int]
    result: np.ndarray

    @property
    def cells(self) -> list[tuple[int, int]]:
        """The output cells (r, c) this phase fills."""
        return [(r, c) for r in self.rows for c in self.cols]

    @property
    def taps(self) -> list[tuple[int, int]]:
        """The kernel taps (u, v) this phase uses."""
        return [(u, v) for u in self.taps_h for v in self.taps_w]


@dataclass(frozen=True)
class SubpixelView:
    """All phases (row-major by phase) and the interleaved output (plus bias)."""

    x: np.ndarray
    kernel: np.ndarray
    params: TConvParams
    bias: float
    phases: tuple[SubpixelPhase, ...]
    output: np.ndarray


def subpixel_view(
    x, kernel, stride=1, padding=0, output_padding=0, dilation=1, bias=0.0
) -> SubpixelView:
    """The sub-pixel view of ``conv_transpose2d(x[None, None], kernel[None, None], ...)``."""
    x, k, params, out_shape = single_channel(
        x, kernel, stride, padding, output_padding, dilation, bias
    )
    s, p, d = params.stride, params.padding, params.dilation
    per_axis = [axis_phases(out_shape[ax], k.shape[ax], s[ax], p[ax], d[ax]) for ax in range(2)]
    out = np.zeros(out_shape)
    phases = []
    for ph in per_axis[0]:
        for pw in per_axis[1]:
            sub = k[np.ix_(ph.taps, pw.taps)][::-1, ::-1]
            shape = (len(ph.positions), len(pw.positions))
            result = cross_correlate(x, sub, shape, (ph.start, pw.start), (ph.step, pw.step))
            out[ph.phase :: params.stride[0], pw.phase :: params.stride[1]] = result
            for a in (sub, result):
                a.setflags(write=False)
            phases.append(
                SubpixelPhase(
                    phase=(ph.phase, pw.phase),
                    rows=ph.positions,
                    cols=pw.positions,
                    taps_h=ph.taps,
                    taps_w=pw.taps,
                    kernel=sub,
                    start=(ph.start, pw.start),
                    dilation=(ph.step, pw.step),
                    result=result,
                )
            )
    out += float(bias)
    out.setflags(write=False)
    return SubpixelView(x, k, params, float(bias), tuple(phases), out)
