"""What the step player shows, computed in Python: step texts, cell formulas, the payload.

The Playground's animated player (``assets/player/``) and the GIF export
(:mod:`tconv.render.frames`) only *display* what this module computes from a
:class:`tconv.ScatterPlan`; neither does any arithmetic.

Coordinates. The player draws the *extended canvas*: the full scatter canvas
(``F = (i-1)*s + d*(k-1) + 1`` cells per axis) grown at the bottom/right to reach the end of
the output when output_padding goes beyond it. Canvas cell ``(R, C)`` is output cell
``(R - top, C - left)`` where ``((top, bottom), (left, right)) = plan.crop``; rows above
``top`` or at/after ``bottom`` are cropped away by padding. Output cells beyond the canvas
(``R >= F``) hold 0 plus the bias.

Formulas use the scatter convention (kernel not flipped)::

    y[i, j] = sum of x[r, c] * k[u, v]  over  r*s + u*d = i + p  and  c*s + v*d = j + p
    ( + b )

Why one module over 300 lines: one idea, everything the step player shows for one plan (texts,
formulas, the payload), computed together from the same scatter steps.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal, TypedDict

from tconv.core.fmt import fmt
from tconv.core.scatter import ScatterPlan
from tconv.render.frames_layout import geometry

Contribution = tuple[int, int, int, int]  # (r, c, u, v): x[r, c] * k[u, v]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _span(idx, word: str) -> str:
    """'rows 2–4', 'row 3' or 'rows 0, 2, 4' (en dash for a contiguous run)."""
    idx = list(idx)
    if not idx:
        return f"no {word}s"
    if len(idx) == 1:
        return f"{word} {idx[0]}"
    if all(b - a == 1 for a, b in zip(idx, idx[1:], strict=False)):
        return f"{word}s {idx[0]}–{idx[-1]}"
    return f"{word}s " + ", ".join(str(i) for i in idx)


def _factor(v: float) -> str:
    """A number as a factor in a product: negatives in parentheses."""
    s = fmt(v).replace("-", "−")
    return f"({s})" if v < 0 else s


def _num(v: float) -> str:
    return fmt(v).replace("-", "−")


def extended_shape(plan: ScatterPlan) -> tuple[int, int]:
    """Rows and cols the player draws: the full canvas plus any strip beyond it."""
    (_, bottom), (_, right) = plan.crop
    return (max(plan.full_shape[0], bottom), max(plan.full_shape[1], right))


def contributions(plan: ScatterPlan) -> dict[tuple[int, int], list[Contribution]]:
    """For every canvas cell (R, C) that a kernel tap reaches: its (r, c, u, v), in step order."""
    out: dict[tuple[int, int], list[Contribution]] = {}
    for step in plan.steps:
        r, c = step.position
        for u, row in enumerate(step.rows):
            for v, col in enumerate(step.cols):
                out.setdefault((row, col), []).append((r, c, u, v))
    return out


def cell_contributions(plan: ScatterPlan, i: int, j: int) -> list[Contribution]:
    """The (r, c, u, v) whose products x[r, c]·k[u, v] sum to output cell y[i, j] (minus bias)."""
    oh, ow = plan.output.shape
    if not (0 <= i < oh and 0 <= j < ow):
        raise IndexError(f"y[{i},{j}] is outside the {oh}×{ow} output")
    (top, _), (left, _) = plan.crop
    return contributions(plan).get((i + top, j + left), [])


def _formula(plan: ScatterPlan, name: str, cell, contribs, *, with_bias: bool) -> str:
    """'name[i,j] = x[..]·k[..] + ... (+ b) = total', or an explanation when nothing lands."""
    (fh, fw), (R, C) = plan.full_shape, cell
    b = plan.bias if with_bias else 0.0
    total = sum(plan.x[r, c] * plan.kernel[u, v] for r, c, u, v in contribs) + b
    terms = [f"x[{r},{c}]·k[{u},{v}]" for r, c, u, v in contribs]
    if with_bias and plan.bias != 0:
        terms.append("b")
    head = f"{name} = "
    if R >= fh or C >= fw:
        return (
            head
            + (f"b = {_num(total)}" if terms else "0")
            + (" (output_padding beyond the canvas)")
        )
    if not contribs:
        return head + (f"b = {_num(total)}" if terms else "0") + " (no kernel tap lands here)"
    return head + " + ".join(terms) + f" = {_num(total)}"


NUMBERS_MAX_TERMS = 9


def _numbers(plan: ScatterPlan, contribs, *, with_bias: bool) -> str:
    """The same sum with the numbers: '= 3·1 + 1·4 = 7'.

    Empty when there is no product, or more than ``NUMBERS_MAX_TERMS`` (unreadable then).
    """
    if not contribs or len(contribs) > NUMBERS_MAX_TERMS:
        return ""
    terms = [f"{_factor(plan.x[r, c])}·{_factor(plan.kernel[u, v])}" for r, c, u, v in contribs]
    b = plan.bias if with_bias else 0.0
    if b != 0:
        terms.append(_factor(b))
    total = sum(plan.x[r, c] * plan.kernel[u, v] for r, c, u, v in contribs) + b
    return "= " + " + ".join(terms) + f" = {_num(total)}"


def cell_formula(plan: ScatterPlan, i: int, j: int) -> str:
    """The hover text of output cell y[i, j], e.g. ``y[2,3] = x[1,1]·k[0,1] + x[0,1]·k[2,1] = 7``.

    Adds ``+ b`` when the bias is not zero; a cell of the output_padding strip beyond the
    canvas reads ``y[i,j] = 0 (output_padding beyond the canvas)`` (or ``= b = ...``).
    """
    (top, _), (left, _) = plan.crop
    contribs = cell_contributions(plan, i, j)
    return _formula(plan, f"y[{i},{j}]", (i + top, j + left), contribs, with_bias=True)


def canvas_formula(plan: ScatterPlan, R: int, C: int) -> str:
    """The hover text of a canvas cell that padding crops away (no bias: it is not output)."""
    contribs = contributions(plan).get((R, C), [])
    return _formula(plan, f"canvas[{R},{C}]", (R, C), contribs, with_bias=False) + (
        " — cropped away by padding"
    )


def _crop_phrase(plan: ScatterPlan) -> str:
    """How many canvas rows/cols padding crops on each side, e.g. '1 row/col on each side'."""
    (fh, fw), ((top, bottom), (left, right)) = plan.full_shape, plan.crop
    t, b, lft, rgt = top, max(0, fh - bottom), left, max(0, fw - right)
    if t == b == lft == rgt:
        return (
            f"{t} row/col cropped on each side" if t == 1 else f"{t} rows/cols cropped on each side"
        )
    if t == lft and b == rgt:
        unit = "row/col" if t == 1 else "rows/cols"
        return f"{t} {unit} cropped at the top/left, {b} at the bottom/right"
    return (
        f"cropped: {_plural(t, 'row')} at the top, {b} at the bottom, "
        f"{_plural(lft, 'col')} at the left, {rgt} at the right"
    )


def step_text(plan: ScatterPlan, index: int) -> str:
    """The plain-words description of step ``index`` (0-based) of the scatter animation."""
    n = len(plan.steps)
    step = plan.steps[index]
    (r, c), v = step.position, step.value
    (top, bottom), (left, right) = plan.crop
    val = _num(v)
    zero = " (all zeros)" if v == 0 else ""
    text = (
        f"Step {index + 1} of {n}: x[{r},{c}] = {val} scales the kernel; "
        f"{_factor(v)}·K{zero} is added to canvas {_span(step.rows, 'row')}, "
        f"{_span(step.cols, 'col')}"
    )
    if plan.params.padding == (0, 0):
        return text + " (no padding: canvas and output coordinates are the same)."
    out_rows = [R - top for R in step.rows if top <= R < bottom]
    out_cols = [C - left for C in step.cols if left <= C < right]
    crop = _crop_phrase(plan)
    if not out_rows or not out_cols:
        return text + f". All of it lies in the border that padding crops away ({crop})."
    text += (
        f", which are output {_span(out_rows, 'row')}, {_span(out_cols, 'col')} "
        f"after the padding crop ({crop})"
    )
    lost_r = [R for R in step.rows if not top <= R < bottom]
    lost_c = [C for C in step.cols if not left <= C < right]
    lost = [
        s
        for s in (_span(lost_r, "row") if lost_r else "", _span(lost_c, "col") if lost_c else "")
        if s
    ]
    if lost:
        verb = "is" if len(lost_r) + len(lost_c) == 1 else "are"
        text += f"; canvas {' and '.join(lost)} {verb} cropped away"
    return text + "."


def final_text(plan: ScatterPlan) -> str:
    """The text of the last frame: how the cropped output comes out of the canvas."""
    (fh, fw), (oh, ow) = plan.full_shape, plan.output.shape
    (ph, pw), (ah, aw) = plan.params.padding, plan.params.output_padding
    parts = [f"Result: the {oh}×{ow} output y."]
    if (ph, pw) == (0, 0):
        parts.append(f"With no padding, it is the whole {fh}×{fw} canvas")
    else:
        parts.append(f"Padding crops the {fh}×{fw} canvas ({_crop_phrase(plan)}, hatched)")
    if (ah, aw) != (0, 0):
        strip = []
        if ah:
            strip.append(f"{_plural(ah, 'row')} at the bottom")
        if aw:
            strip.append(f"{_plural(aw, 'col')} at the right")
        beyond = oh + ph > fh or ow + pw > fw
        parts[-1] += f", and output_padding adds {' and '.join(strip)} (marked)"
        parts[-1] += (
            "; where that strip lies beyond the canvas it holds 0"
            if beyond
            else "; that strip still lies inside the canvas, so it holds real sums"
        )
    parts[-1] += "."
    if plan.bias != 0:
        parts.append(f"The bias b = {_num(plan.bias)} is added to every output cell.")
    return " ".join(parts)


def step_texts(plan: ScatterPlan) -> list[str]:
    """One plain-words text per step, then the text of the final "Result" frame (n + 1)."""
    return [step_text(plan, k) for k in range(len(plan.steps))] + [final_text(plan)]


def _grid(a) -> Grid:
    """Values (rounded for the colour scale) and their display labels."""
    return {
        "v": [[round(float(v), 6) for v in row] for row in a],
        "t": [[_num(v) for v in row] for row in a],
    }


class Grid(TypedDict):
    v: list[list[float]]  # values (rounded for the colour scale)
    t: list[list[str]]  # their labels


class Params(TypedDict):
    stride: list[int]  # [h, w] each
    padding: list[int]
    output_padding: list[int]
    dilation: list[int]


class Step(TypedDict):
    pos: list[int]  # [r, c]: the input cell of this step
    value: str  # its label
    rows: list[int]  # canvas rows and cols the scaled kernel lands on
    cols: list[int]
    scaled: list[list[str]]  # labels of value·K
    products: list[list[str]]  # labels 'value·k' of each tap
    after: list[list[str]]  # labels of the touched canvas cells after this step


class Cell(TypedDict, total=False):
    """One cell of the extended canvas: ``kind`` always; the rest only with formulas."""

    kind: Literal["out", "crop", "beyond"]
    formula: str  # 'y[i,j] = x[..]·k[..] + ... = total' (or why nothing lands)
    numbers: str  # the same sum with the numbers ('= 3·1 + 1·4 = 7'); absent: none
    src: list[int]  # flat r, c, u, v, r, c, u, v, ...: the products that feed the cell
    # (absent: no product lands here)


class LabelLen(TypedDict):
    x: int
    k: int
    canvas: int
    output: int


class PlayerPayload(TypedDict):
    """What the client-side player shows (``PlayerPayload`` in player.js's JSDoc)."""

    x: Grid
    k: Grid
    output: Grid
    bias: str
    has_bias: bool
    params: Params
    full_shape: list[int]
    ext_shape: list[int]
    crop: list[list[int]]  # [[top, bottom], [left, right]] in canvas coordinates
    label_len: LabelLen
    steps: list[Step]
    texts: list[str]  # n + 1: every step, then the Result
    cells: list[list[Cell | None]]  # [R][C]; None: an empty corner
    geometry: dict  # where the panels go (tconv.render.frames_layout.geometry): the one rule
    id: str  # a digest of the rest: the player keeps its place when the same plan returns


def player_payload(plan: ScatterPlan, *, formulas: bool = True) -> PlayerPayload:
    """Everything the client-side player needs, JSON-serialisable and small.

    Keys: ``x``, ``k``, ``output`` (each ``{"v": values, "t": labels}``), ``bias``,
    ``has_bias``, ``params``, ``full_shape``, ``ext_shape``, ``crop``, ``steps``,
    ``texts`` (n + 1), ``cells``, ``label_len`` and ``id`` (a digest: the player keeps
    its place when the same plan comes again).

    Each step holds ``pos``, ``value``, ``rows``, ``cols``, ``scaled`` (the labels of
    value·K), ``products`` (the labels 'value·k' of each tap) and ``after`` (the labels of
    the canvas cells it touched, after it: the running sums). The client rebuilds the
    canvas at step k by replaying the ``after`` labels of steps 0..k: a pure display
    operation.

    ``label_len`` gives the characters of the longest label of "x", "k", "canvas" and
    "output" (one font size per panel).

    ``geometry`` is the layout rule's data for this payload (panel sizes and positions as
    linear forms in the cell sizes, titles, font scales; see
    :func:`tconv.render.frames_layout.geometry`): the player evaluates it for its box, the
    export for its own.

    ``cells[R][C]`` (extended canvas coordinates) is ``None`` for an empty corner
    (outside both canvas and output), else a :class:`Cell`: ``kind`` ``"out"`` (an
    output cell inside the canvas), ``"crop"`` (cropped by padding) or ``"beyond"`` (an
    output_padding cell beyond the canvas); ``formula``; ``numbers``, the sum written with
    numbers ('= 3·1 + 1·4 = 7'; absent when there is none); ``src``, the flat list r, c,
    u, v, r, c, u, v, ... of the products x[r, c]·k[u, v] that feed the cell (absent when
    none does). With ``formulas=False`` (the GIF
    export, which has no hover) a cell is only ``{"kind": kind}``.
    """
    p = plan.params
    (fh, fw), (eh, ew) = plan.full_shape, extended_shape(plan)
    (top, bottom), (left, right) = plan.crop
    steps = []
    for step in plan.steps:
        scaled = step.value * plan.kernel
        after = step.canvas[list(step.rows)][:, list(step.cols)]
        steps.append(
            {
                "pos": list(step.position),
                "value": _num(step.value),
                "rows": list(step.rows),
                "cols": list(step.cols),
                "scaled": [[_num(s) for s in row] for row in scaled],
                "products": [
                    [f"{_factor(step.value)}·{_factor(kv)}" for kv in row] for row in plan.kernel
                ],
                "after": [[_num(a) for a in row] for row in after],
            }
        )
    contribs = contributions(plan) if formulas else {}
    cells = []
    for R in range(eh):
        row = []
        for C in range(ew):
            inside_canvas = R < fh and C < fw
            in_output = top <= R < bottom and left <= C < right
            if not (in_output or inside_canvas):
                row.append(None)
                continue
            kind = ("out" if inside_canvas else "beyond") if in_output else "crop"
            if not formulas:
                row.append({"kind": kind})
                continue
            src = contribs.get((R, C), [])
            if in_output:
                f = _formula(plan, f"y[{R - top},{C - left}]", (R, C), src, with_bias=True)
            else:
                f = canvas_formula(plan, R, C)
            cell = Cell(kind=kind, formula=f)
            numbers = _numbers(plan, src, with_bias=in_output)
            if numbers:  # empty parts are left out: the largest canvas has 1,681 cells
                cell["numbers"] = numbers
            if src:
                cell["src"] = [n for t in src for n in t]
            row.append(cell)
        cells.append(row)
    longest = {  # characters of the longest label per panel: one font size per panel
        "x": max(len(t) for row in _grid(plan.x)["t"] for t in row),
        "k": max(
            len(t)
            for grid in [_grid(plan.kernel)["t"]] + [s["scaled"] for s in steps]
            for row in grid
            for t in row
        ),
        "canvas": max(len(t) for s in steps for row in s["after"] for t in row),
        "output": max(len(t) for row in _grid(plan.output)["t"] for t in row),
    }
    payload: PlayerPayload = {  # type: ignore[typeddict-item]  (id is added below)
        "x": _grid(plan.x),
        "k": _grid(plan.kernel),
        "output": _grid(plan.output),
        "bias": _num(plan.bias),
        "has_bias": plan.bias != 0,
        "params": {
            "stride": list(p.stride),
            "padding": list(p.padding),
            "output_padding": list(p.output_padding),
            "dilation": list(p.dilation),
        },
        "full_shape": [fh, fw],
        "ext_shape": [eh, ew],
        "crop": [[top, bottom], [left, right]],
        "label_len": longest,
        "steps": steps,
        "texts": step_texts(plan),
        "cells": cells,
    }
    payload["geometry"] = geometry(payload)
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    payload["id"] = hashlib.sha1(blob).hexdigest()[:16]
    return payload
