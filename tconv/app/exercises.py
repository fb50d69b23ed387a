"""Practice exercises with instant feedback, generated from a seed.

``make_exercise(kind, seed)`` always builds the same exercise for the same kind and seed
(the seed is shown to the learner, so a teacher can hand out "exercise 42"). Every
exercise carries its correct answer, a ``check(answer) -> Feedback`` that explains the
right answer with the numbers substituted, and where it applies the Playground
configuration (``config``) that "show me" opens.

Kinds (``KINDS`` maps them to titles):

- ``output_size``: predict the output height of a ConvTranspose2d.
- ``cell_value``: predict one output cell for small integer grids (by hand).
- ``pick_parameters``: choose (k, s, p, a, d) mapping size A to size B; any valid choice
  counts, checked by the formula.
- ``spot_checkerboard``: even, checkerboard or holes, from (k, s, d) or from a pattern.

Why one module over 300 lines: one idea, the exercise generator; each kind is a maker and a
checker that share the prompt's wording and the feedback's explanation.
"""

from __future__ import annotations

import numbers
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from tconv.app.config import Config, playground_config
from tconv.arith.overlap import overlap_verdict
from tconv.arith.shapes import Checkerboard, checkerboard, formula_line, formula_terms
from tconv.arith.solver import solve
from tconv.core.fmt import fmt
from tconv.core.params import output_size
from tconv.core.scatter import ScatterPlan, scatter_plan

KINDS = {  # kind -> the short title a learner picks it by
    "output_size": "Output size",
    "cell_value": "A cell's value",
    "pick_parameters": "Parameters A → B",
    "spot_checkerboard": "Spot the checkerboard",
}
VERDICTS = ("even", "checkerboard", "holes")
PARAMETERS = ("kernel", "stride", "padding", "output_padding", "dilation")


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


@dataclass(frozen=True, eq=False)
class Grid:
    """A grid to draw beside the prompt (with tconv.render.gridsvg.grid_svg's options)."""

    title: str
    values: np.ndarray
    highlight: tuple[tuple[int, int], ...] = ()
    shade: np.ndarray | None = None


@dataclass(frozen=True)
class LayerWork:
    """output_size: the layer whose output rows the learner predicts."""

    input_size: int
    kernel: int
    stride: int
    padding: int
    output_padding: int
    dilation: int

    @property
    def args(self) -> tuple[int, int, int, int, int, int]:
        """``(i, k, s, p, a, d)`` in the order of the output-size formula."""
        s = self
        return (s.input_size, s.kernel, s.stride, s.padding, s.output_padding, s.dilation)


@dataclass(frozen=True, eq=False)
class CellWork:
    """cell_value: the scatter plan and the output cell asked for."""

    plan: ScatterPlan
    row: int
    col: int


@dataclass(frozen=True)
class ParametersWork:
    """pick_parameters: the input size and the output size to reach."""

    input_size: int
    output_size: int


@dataclass(frozen=True, eq=False)
class CheckerboardWork:
    """spot_checkerboard: the overlap pattern the learner judges."""

    checkerboard: Checkerboard


Work = LayerWork | CellWork | ParametersWork | CheckerboardWork


@dataclass(frozen=True, eq=False)
class Exercise:
    """One generated exercise.

    prompt : markdown text of the question
    answer : the correct answer (int, float, a verdict string, or a dict of parameters)
    config : the Playground configuration "show me" opens, or None
    choices : the options of a multiple-choice question, else ()
    grids : the :class:`Grid` s to draw beside the prompt
    work : what :meth:`check` explains with, one named record per kind (:data:`Work`)
    """

    kind: str
    seed: int
    prompt: str
    answer: object
    config: Config | None
    choices: tuple[str, ...] = ()
    grids: tuple[Grid, ...] = field(default=(), repr=False)
    work: Work | None = field(default=None, repr=False)

    def check(self, answer) -> Feedback:
        """Judge ``answer``; the message always explains the right answer."""
        return _CHECKERS[self.kind](self, answer)


def make_exercise(kind: str, seed: int) -> Exercise:
    """The exercise of this kind for this seed (the same every time).

    Raises ``ValueError`` for an unknown kind or a seed that is not a whole number >= 0.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown exercise kind {kind!r}; choose one of {', '.join(KINDS)}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"the seed must be a whole number of at least 0, got {seed!r}")
    rng = random.Random(f"{kind}:{int(seed)}")
    return _MAKERS[kind](rng, int(seed))


def _layer(k: int, s: int, p: int, a: int, d: int) -> str:
    extra = "".join(
        f", {n}={v}"
        for n, v, dv in (("padding", p, 0), ("output_padding", a, 0), ("dilation", d, 1))
        if v != dv
    )
    return f"`ConvTranspose2d(1, 1, kernel_size={k}, stride={s}{extra})`"


def _num(v: float) -> str:
    return f"({fmt(v)})" if v < 0 else fmt(v)


def _as_int(answer) -> int | None:
    try:
        v = float(answer)
    except (TypeError, ValueError, OverflowError):
        return None
    return int(v) if np.isfinite(v) and v.is_integer() else None


# Predict the output size -----------------------------------------------------------------


def _make_output_size(rng: random.Random, seed: int) -> Exercise:
    while True:
        i, k, s = rng.randint(1, 8), rng.randint(1, 5), rng.randint(1, 4)
        d = rng.choice((1, 1, 1, 2, 3))
        p = rng.choice((0, 0, 1, 1, 2, 3))
        a = rng.randrange(max(s, d)) if rng.random() < 0.4 else 0
        o = formula_terms(i, k, s, p, a, d)[-1].value
        cfg = playground_config(i, k, s, p, a, d, x=_small_grid(rng, i), kernel=_small_grid(rng, k))
        if o >= 1 and cfg is not None:
            break
    prompt = (
        f"The layer {_layer(k, s, p, a, d)} gets a **{i}×{i}** input. "
        "How many rows does its output have?"
    )
    return Exercise("output_size", seed, prompt, o, cfg, work=LayerWork(i, k, s, p, a, d))


def _check_output_size(ex: Exercise, answer) -> Feedback:
    i, k, s, p, a, d = ex.work.args
    line = formula_line(i, k, s, p, a, d)
    got = _as_int(answer)
    if got is None:
        return Feedback(False, f"Enter a whole number. The answer: {line}.")
    if got == ex.answer:
        return Feedback(True, f"Right: {line}.")
    hint = ""
    if p and got == ex.answer + 2 * p:
        hint = " Padding crops: subtract 2p."
    elif a and got == ex.answer - a:
        hint = " output_padding adds a rows at the bottom."
    elif got == i * s:
        hint = " It is not simply i·s: the kernel reaches past the last stride."
    return Feedback(False, f"Not {got}.{hint} o = (i − 1)·s − 2p + d·(k − 1) + a + 1 = {line}.")


# Predict a cell's value ------------------------------------------------------------------


def _small_grid(rng: random.Random, n: int) -> np.ndarray:
    return np.array([[rng.randint(-1, 3) for _ in range(n)] for _ in range(n)], dtype=float)


def _contributions(plan, r: int, c: int) -> list:
    """(input cell, tap) pairs of the plan's scatter steps landing on output cell (r, c)."""
    (top, _), (left, _) = plan.crop
    return [
        (step.position, (u, v))
        for step in plan.steps
        for u, row in enumerate(step.rows)
        if row == top + r
        for v, col in enumerate(step.cols)
        if col == left + c
    ]


def _make_cell_value(rng: random.Random, seed: int) -> Exercise:
    x, k = _small_grid(rng, rng.randint(2, 3)), _small_grid(rng, rng.randint(2, 3))
    s, p = rng.randint(1, 3), rng.choice((0, 0, 1))
    plan = scatter_plan(x, k, stride=s, padding=p)
    cells = [(r, c) for r in range(plan.output.shape[0]) for c in range(plan.output.shape[1])]
    busy = [rc for rc in cells if len(_contributions(plan, *rc)) >= 2]
    r, c = rng.choice(busy if busy and rng.random() < 0.8 else cells)
    h, w = plan.output.shape
    prompt = (
        f"The layer {_layer(k.shape[0], s, p, 0, 1)} takes the input x and uses the kernel "
        f"K below; its output is {h}×{w}. What is **output[{r}, {c}]** (row {r}, column {c}, "
        "counting from 0)?"
    )
    cfg = playground_config(x.shape[0], k.shape[0], s, p, x=x, kernel=k)
    grids = (Grid("input x", x), Grid("kernel K", k))
    answer = float(plan.output[r, c])
    return Exercise("cell_value", seed, prompt, answer, cfg, (), grids, CellWork(plan, r, c))


def _check_cell_value(ex: Exercise, answer) -> Feedback:
    plan, r, c = ex.work.plan, ex.work.row, ex.work.col
    x, k, p = plan.x, plan.kernel, plan.params.padding[0]
    pairs = _contributions(plan, r, c)
    where = f"output[{r}, {c}] is canvas cell ({r + p}, {c + p})" + (
        f" (padding {p} crops the first {p})" if p else ""
    )
    if pairs:
        names = " + ".join(f"x[{a},{b}]·K[{u},{v}]" for (a, b), (u, v) in pairs)
        nums = " + ".join(f"{_num(x[a, b])}·{_num(k[u, v])}" for (a, b), (u, v) in pairs)
        why = f"{where}; the taps landing there: {names} = {nums} = {fmt(ex.answer)}"
    else:
        why = f"{where}; no kernel tap lands there: an empty sum = 0"
    try:
        got = float(answer)
    except (TypeError, ValueError, OverflowError):
        return Feedback(False, f"Enter a number. {why}.")
    if np.isfinite(got) and got == ex.answer:
        return Feedback(True, f"Right: {why}.")
    return Feedback(False, f"Not {fmt(got)}: {why}.")


# Pick parameters mapping A -> B ----------------------------------------------------------


def _make_pick_parameters(rng: random.Random, seed: int) -> Exercise:
    while True:
        i, k, s = rng.randint(2, 7), rng.randint(1, 5), rng.randint(1, 4)
        p, a = rng.randint(0, 2), rng.randrange(s)
        o = formula_terms(i, k, s, p, a, 1)[-1].value
        if o > i:
            break
    # The simplest solution the Playground can show (the generated one is always among them).
    best, cfg = next(
        (x, cfg)
        for x in solve(i, o, max_kernel=5)
        if (cfg := playground_config(i, *(getattr(x, n) for n in PARAMETERS))) is not None
    )
    answer = {n: getattr(best, n) for n in PARAMETERS}
    prompt = (
        f"Choose kernel_size, stride, padding, output_padding and dilation so that a "
        f"ConvTranspose2d turns a **{i}×{i}** input into a **{o}×{o}** output. "
        "Any choice that works counts."
    )
    return Exercise("pick_parameters", seed, prompt, answer, cfg, work=ParametersWork(i, o))


def _check_pick_parameters(ex: Exercise, answer) -> Feedback:
    i, o = ex.work.input_size, ex.work.output_size
    best = ex.answer
    example = ", ".join(f"{n}={v}" for n, v in best.items())
    values = [_as_int(answer.get(n)) if isinstance(answer, Mapping) else None for n in PARAMETERS]
    if any(v is None for v in values):
        return Feedback(False, f"Enter five whole numbers. One choice that works: {example}.")
    k, s, p, a, d = values
    try:
        got = output_size(i, k, s, p, a, d)
    except ValueError as e:
        return Feedback(False, f"PyTorch rejects that: {e}. One choice that works: {example}.")
    line = formula_line(i, k, s, p, a, d)
    if got != o:
        return Feedback(False, f"{line}, not {o}. One choice that works: {example}.")
    verdict = overlap_verdict(k, s, d)
    remark = "" if verdict.kind == "even" else f" Mind the overlap: {verdict.message}"
    return Feedback(True, f"Right: {line}.{remark}")


# Spot the checkerboard -------------------------------------------------------------------


def _make_spot_checkerboard(rng: random.Random, seed: int) -> Exercise:
    want = rng.choice(VERDICTS)
    d = rng.choice((1, 1, 1, 2))
    options = [
        (k, s)
        for k in range(1, 6)
        for s in range(2, 5)
        if overlap_verdict(k, s, d).kind == want and checkerboard(k, s, d).size <= 8
    ]
    if not options:  # every verdict exists for d = 1 within these limits
        d = 1
        options = [
            (k, s)
            for k in range(1, 6)
            for s in range(2, 5)
            if overlap_verdict(k, s, 1).kind == want
        ]
    k, s = rng.choice(options)
    cb = checkerboard(k, s, d)
    cfg = playground_config(cb.size, k, s, dilation=d)
    if rng.random() < 0.5:
        prompt = (
            f"The layer {_layer(k, s, 0, 0, d)} (kernel size {k}, stride {s}"
            f"{f', dilation {d}' if d > 1 else ''}): how many kernel taps land on each output "
            "cell? Is the overlap even, a checkerboard, or does it leave holes?"
        )
        grids = ()
    else:
        prompt = (
            "This grid counts the kernel taps landing on each output cell (ones input, ones "
            "kernel). Judge the interior (the hatched border always ramps): is the overlap "
            "even, a checkerboard, or does it leave holes?"
        )
        grids = (Grid("overlap count", cb.counts_2d, shade=cb.border_2d),)
    return Exercise(
        "spot_checkerboard", seed, prompt, want, cfg, VERDICTS, grids, CheckerboardWork(cb)
    )


def _check_spot_checkerboard(ex: Exercise, answer) -> Feedback:
    cb = ex.work.checkerboard
    why = f"With k = {cb.kernel}, s = {cb.stride}, d = {cb.dilation}: {cb.rule}"
    if answer == ex.answer:
        return Feedback(True, f"Right. {why}")
    if answer not in VERDICTS:
        return Feedback(False, f"Choose one of {', '.join(VERDICTS)}. {why}")
    return Feedback(False, f"Not {answer}: it is {ex.answer}. {why}")


_MAKERS = {
    "output_size": _make_output_size,
    "cell_value": _make_cell_value,
    "pick_parameters": _make_pick_parameters,
    "spot_checkerboard": _make_spot_checkerboard,
}
_CHECKERS = {
    "output_size": _check_output_size,
    "cell_value": _check_cell_value,
    "pick_parameters": _check_pick_parameters,
    "spot_checkerboard": _check_spot_checkerboard,
}
