"""Two configurations of a transposed convolution side by side, on the same input.

A comparison holds one input ``x`` and two sides, A and B, each with its own kernel and
parameters. For each side it computes the scatter plan (every step), the output, the
overlap count and its verdict; :func:`verdict_line` says in one line what differs: the
output size, the values (when the sizes agree) and the overlap (even, checkerboard or
holes).

Share links use the Playground's encoding (:mod:`tconv.app.sharelink`) with a prefix per
side; the input is shared::

    ?x=0,1;2,3&a_k=1,1,1;1,1,1;1,1,1&a_s=2&a_p=0&b_k=...&b_s=2&b_p=1

Each side is decoded on its own, so a bad part of one side falls back to its default with
a warning that names the side, and the other side is restored as linked. Parameters are
the same for height and width here (one number each).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from tconv.app.config import Config
from tconv.app.sharelink import KEYS, decode_grid, encode, encode_grid
from tconv.app.sharelink import decode_pair as decode_pair_text
from tconv.arith.overlap import OverlapVerdict, overlap_count, overlap_verdict
from tconv.core.scatter import ScatterPlan, scatter_plan
from tconv.render.gridsvg import grid_svg
from tconv.render.player import extended_shape, step_text

MAX_INPUT = (4, 4)  # the page is laid out for inputs and kernels up to 4x4
MAX_KERNEL = (4, 4)
SIDES = ("a", "b")
SIDE_KEYS = ("k", *KEYS.values())  # per side: kernel, s, p, a, d (no bias on this page)


@dataclass(frozen=True)
class Side:
    """One side of a comparison: its configuration and everything computed from it."""

    name: str  # "A" or "B"
    config: Config
    plan: ScatterPlan
    overlap: np.ndarray  # taps per output cell, shape of the output
    verdict: OverlapVerdict

    @property
    def output_shape(self) -> tuple[int, int]:
        return self.plan.output_shape


def side(name: str, cfg: Config) -> Side:
    """Compute one side; raises ``ValueError`` (as PyTorch would) for impossible parameters."""
    p = cfg.params
    plan = scatter_plan(cfg.x, cfg.kernel, p.stride, p.padding, p.output_padding, p.dilation)
    counts = overlap_count(
        cfg.x.shape, cfg.kernel.shape, p.stride, p.padding, p.output_padding, p.dilation
    )
    return Side(name, cfg, plan, counts, overlap_verdict(cfg.kernel.shape, p.stride, p.dilation))


def _size(shape) -> str:
    return f"{shape[0]}×{shape[1]}"


def verdict_line(a: Side, b: Side) -> str:
    """One line saying what differs between the two sides' outputs.

    Size first; values only when the sizes agree (cells at the same place are compared);
    then the overlap kind. Says "Nothing differs" when the outputs are identical and the
    overlaps are of the same kind.
    """
    differs, same = [], []
    if a.output_shape != b.output_shape:
        differs.append(f"size (A {_size(a.output_shape)}, B {_size(b.output_shape)})")
    else:
        n = int(np.count_nonzero(a.plan.output != b.plan.output))
        if n:
            differs.append(f"values ({n} of {a.plan.output.size} cells)")
        else:
            same.append(f"size {_size(a.output_shape)} and values")
    if a.verdict.kind != b.verdict.kind:
        differs.append(f"overlap (A {a.verdict.kind}, B {b.verdict.kind})")
    else:
        same.append(f"{a.verdict.kind} overlap")
    if not differs:
        return f"Nothing differs: same {' and '.join(same)}."
    line = "What differs: " + "; ".join(differs) + "."
    if same:
        line += " Same: " + ", ".join(same) + "."
    return line


def with_input(cfg: Config, x: np.ndarray) -> Config:
    return replace(cfg, x=np.asarray(x, dtype=np.float64), bias=0.0)


# Share links ------------------------------------------------------------------------------


def encode_pair(a: Config, b: Config) -> dict[str, str]:
    """Query parameters for both sides (the input from side A, shared)."""
    q = {"x": encode_grid(a.x)}
    for prefix, cfg in zip(SIDES, (a, b), strict=True):
        one = encode(cfg)
        q.update({f"{prefix}_{key}": one[key] for key in SIDE_KEYS})
    return q


def query_string(a: Config, b: Config) -> str:
    from urllib.parse import urlencode

    return urlencode(encode_pair(a, b), safe=",;")


def _first(v) -> str:
    if isinstance(v, (list, tuple)):
        v = v[0] if v else ""
    return str(v)


def _square(cfg: Config, label: str, warnings: list[str]) -> Config:
    """The same value for height and width (the height's), with a warning if they differed."""
    changes = {}
    for name in KEYS:
        h, w = getattr(cfg, name)
        if h != w:
            changes[name] = (h, h)
            warnings.append(
                f"{label}: this page uses one {name} for both axes; using {h} (the height's)."
            )
    return replace(cfg, **changes)


def decode_pair(query: Mapping, default: tuple[Config, Config]) -> tuple[Config, Config, list[str]]:
    """Both sides from query parameters; never raises.

    Returns side A, side B and the warnings, each naming the part that fell back: "the
    shared input" or "Configuration A/B". A bad input falls back to the default pair's
    input; a bad part of one side to that side's default part, the other side stays.
    """
    warnings: list[str] = []
    x = default[0].x
    if "x" in query:
        try:
            x = decode_grid(_first(query["x"]), MAX_INPUT)
        except (ValueError, OverflowError) as e:
            warnings.append(f"The shared input x in this link could not be used ({e}).")
    out = []
    for prefix, base in zip(SIDES, default, strict=True):
        label = f"Configuration {prefix.upper()}"
        cfg = with_input(base, x)
        changes: dict = {}
        text = query.get(f"{prefix}_k")
        if text is not None:
            try:
                changes["kernel"] = decode_grid(_first(text), MAX_KERNEL)
            except (ValueError, OverflowError) as e:
                warnings.append(f"{label}: the link's kernel could not be used ({e}).")
        for name, key in KEYS.items():
            if f"{prefix}_{key}" in query:
                try:
                    changes[name] = decode_pair_text(_first(query[f"{prefix}_{key}"]), name)
                except (ValueError, OverflowError) as e:
                    warnings.append(f"{label}: the link's {name} could not be used ({e}).")
        linked = _square(replace(cfg, **changes), label, warnings)
        try:
            linked.params.output_size(linked.x.shape, linked.kernel.shape)
            cfg = linked
        except ValueError as e:
            warnings.append(
                f"{label}: the link's parameters are impossible ({e}); using the default ones."
            )
            cfg = replace(linked, **{n: getattr(base, n) for n in KEYS})
            try:
                cfg.params.output_size(cfg.x.shape, cfg.kernel.shape)
            except ValueError:
                cfg = with_input(base, x)  # the ready-made defaults fit any input up to 4x4
        out.append(cfg)
    return out[0], out[1], warnings


# Step frames ------------------------------------------------------------------------------


def frame_svg(s: Side, step: int, cell: int = 30) -> str:
    """The canvas of side ``s`` after ``step`` steps (1-based): the current input cell's
    kernel footprint outlined, the cells that padding crops away hatched."""
    plan = s.plan
    n = len(plan.steps)
    step = min(max(step, 1), n)
    eh, ew = extended_shape(plan)
    canvas = np.zeros((eh, ew))
    fh, fw = plan.full_shape
    canvas[:fh, :fw] = plan.steps[step - 1].canvas
    (top, bottom), (left, right) = plan.crop
    shade = np.ones((eh, ew), dtype=bool)
    shade[top:bottom, left:right] = False
    cur = plan.steps[step - 1]
    footprint = [(r, c) for r in cur.rows for c in cur.cols]
    return grid_svg(
        canvas, f"{s.name}: canvas, step {step}/{n}", cell=cell, highlight=footprint, shade=shade
    )


def frame_text(s: Side, step: int) -> str:
    """The words for ``frame_svg(s, step)``."""
    return step_text(s.plan, min(max(step, 1), len(s.plan.steps)) - 1)


# Ready-made pairs -------------------------------------------------------------------------


def _cfg(x, k, s=1, p=0, a=0, d=1) -> Config:
    return Config(
        x=np.array(x, dtype=np.float64),
        kernel=np.array(k, dtype=np.float64),
        stride=(s, s),
        padding=(p, p),
        output_padding=(a, a),
        dilation=(d, d),
    )


_X2, _K2 = [[0, 1], [2, 3]], [[4, 1], [2, 3]]  # the seed's Example 1
_X3 = [[1, 2, 0], [0, 1, 2], [2, 0, 1]]
_X4 = [[1, 2, 0, 1], [0, 1, 2, 0], [2, 0, 1, 1], [1, 1, 0, 2]]
_K3 = [[0, 1, 2], [2, 2, 0], [0, 1, 2]]
_ONES3, _ONES4 = np.ones((3, 3)), np.ones((4, 4))


@dataclass(frozen=True)
class Pair:
    name: str
    about: str
    a: Config
    b: Config


PAIRS: tuple[Pair, ...] = (
    Pair(
        "Kernel 3 vs kernel 4 (stride 2)",
        "Kernels of ones: 3 is not divisible by the stride 2 (checkerboard), 4 is (even).",
        _cfg(_X3, _ONES3, s=2),
        _cfg(_X3, _ONES4, s=2, p=1),
    ),
    Pair(
        "Padding 0 vs padding 1",
        "The seed's Example 2 without and with its padding: padding crops the outer ring.",
        _cfg(_X4, _K3, s=2),
        _cfg(_X4, _K3, s=2, p=1),
    ),
    Pair(
        "Stride 1 vs stride 2",
        "The seed's Example 1 with stride 1 (copies overlap) and stride 2 (they tile).",
        _cfg(_X2, _K2, s=1),
        _cfg(_X2, _K2, s=2),
    ),
    Pair(
        "output_padding 0 vs 1",
        "Stride 2, padding 1: output_padding adds a row and a column at the bottom/right.",
        _cfg(_X3, _K3, s=2, p=1),
        _cfg(_X3, _K3, s=2, p=1, a=1),
    ),
    Pair(
        "Dilation 1 vs dilation 2",
        "The same taps, spread two cells apart: a bigger footprint and a bigger output.",
        _cfg([[1, 2], [3, 4]], _K3),
        _cfg([[1, 2], [3, 4]], _K3, d=2),
    ),
)
BY_NAME = {p.name: p for p in PAIRS}
DEFAULT = PAIRS[0]
