"""The sub-pixel plan of the fast engine: which kernel taps feed which output phase.

Per axis (input size i, kernel k, stride s, padding p, dilation d, output size o), the
scatter view puts tap ``u`` of input cell ``r`` on output cell ``j = r*s + u*d - p``.
Split the outputs by their phase ``ph = j mod s``, writing ``j = ph + m*s``: tap ``u``
reaches phase ``ph`` only when ``(ph + p - u*d) mod s == 0``, and then output ``m`` of that
phase reads input cell ``m + off`` with ``off = (ph + p - u*d) / s`` (zero outside
``0 .. i-1``). So every phase is a small correlation of the input, and every output cell
is written exactly once: no zero of the stride-dilated input is ever multiplied.

In 2D the phases are the pairs ``(ph_h, ph_w)``; phase ``(ph_h, ph_w)`` uses the taps
``taps_h x taps_w``, and the engine turns each phase into one matrix product per chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AxisPhase:
    """One phase along one axis: outputs ``phase + m*s`` for ``m < count``."""

    phase: int
    count: int  # number of output cells in this phase: ceil((o - phase) / s)
    taps: tuple[int, ...]  # kernel taps u that land on this phase (ascending)
    offsets: tuple[int, ...]  # output m of the phase reads input m + offset, per tap


@dataclass(frozen=True)
class AxisPlan:
    """The phases of one axis, and the extent of the input window they read."""

    stride: int
    phases: tuple[AxisPhase, ...]
    grid: int  # the largest phase count: ceil(o / s)
    base: int  # the smallest offset of any tap (0 when no tap lands anywhere)
    span: int  # largest offset - smallest offset

    def positions(self, ph: AxisPhase, start: int, stop: int) -> slice:
        """Output indices of phase ``ph``'s cells ``m`` in ``start .. stop-1`` (a strided slice)."""
        first = ph.phase + self.stride * start
        return slice(first, first + self.stride * (stop - start - 1) + 1, self.stride)


def axis_plan(i: int, k: int, s: int, p: int, d: int, o: int) -> AxisPlan:
    """The sub-pixel phases of one axis; see the module docstring for the derivation."""
    phases = []
    for ph in range(min(s, o)):  # phases from o on hold no output cell (huge strides)
        count = -(-(o - ph) // s)
        # Tap u of this phase reads input m + off for m < count: only taps that reach
        # some input cell count (the others would read nothing but zero border, and
        # with a huge dilation or padding that border would be huge).
        taps = tuple(
            u for u in range(k) if (ph + p - u * d) % s == 0 and -count < (ph + p - u * d) // s < i
        )
        offsets = tuple((ph + p - u * d) // s for u in taps)
        phases.append(AxisPhase(ph, count, taps, offsets))
    offs = [off for ph in phases for off in ph.offsets] or [0]
    return AxisPlan(s, tuple(phases), -(-o // s), min(offs), max(offs) - min(offs))


@dataclass(frozen=True)
class Pass:
    """One matrix product of the engine: some phases computed from one stack of shifts.

    ``shifts[t]`` is where shift t's window starts in a row-major block of width
    ``block_w`` whose first row and column are input row ``m0 + base_h`` and column
    ``base_w``. ``weight`` has shape (groups, P * C_out/groups, T * C_in/groups) for the
    pass's P phases: entry ``[g, k*cout_g + co, t*cin_g + c]`` is
    ``weight[g*cin_g + c, co, u, v]`` when phase k has the taps (u, v) at shift t, else 0.
    """

    phases: tuple[tuple[AxisPhase, AxisPhase], ...]
    shifts: tuple[int, ...]
    weight: np.ndarray


def make_pass(
    weight: np.ndarray,
    groups: int,
    phases: list[tuple[AxisPhase, AxisPhase]],
    ah: AxisPlan,
    aw: AxisPlan,
    block_w: int,
) -> Pass:
    """The product that computes ``phases`` together, one matrix per group."""
    c_in, cout_g = weight.shape[:2]
    cin_g = c_in // groups
    offsets = sorted({(oh, ow) for r, c in phases for oh in r.offsets for ow in c.offsets})
    index = {off: t for t, off in enumerate(offsets)}
    # mat[g, k, co, t, c]: phase k, output co of group g, shift t, input c of group g
    mat = np.zeros((groups, len(phases), cout_g, len(offsets), cin_g), dtype=weight.dtype)
    for k, (r, c) in enumerate(phases):
        for u, oh in zip(r.taps, r.offsets, strict=True):
            for v, ow in zip(c.taps, c.offsets, strict=True):
                tap = weight[:, :, u, v].reshape(groups, cin_g, cout_g)
                mat[:, k, :, index[oh, ow], :] = tap.transpose(0, 2, 1)
    shifts = tuple((oh - ah.base) * block_w + (ow - aw.base) for oh, ow in offsets)
    mat = mat.reshape(groups, len(phases) * cout_g, len(offsets) * cin_g)
    return Pass(tuple(phases), shifts, mat)


def make_passes(
    weight: np.ndarray,
    groups: int,
    ah: AxisPlan,
    aw: AxisPlan,
    block_w: int,
    merge: bool,
) -> list[Pass]:
    """The passes covering every phase that some tap reaches and that has output cells.

    With ``merge`` all phases share one product over the union of their shifts (fewer,
    larger products: better with few channels); otherwise one pass per phase.
    """
    phases = [
        (r, c) for r in ah.phases for c in aw.phases if r.taps and c.taps and r.count and c.count
    ]
    if merge and phases:
        return [make_pass(weight, groups, phases, ah, aw, block_w)]
    return [make_pass(weight, groups, [ph], ah, aw, block_w) for ph in phases]
