"""Shape arithmetic of transposed convolution, spelled out for a learner (one axis).

Notation (Dumoulin & Visin, "A guide to convolution arithmetic", with dilation added):
input size i, kernel k, stride s, padding p, dilation d, output_padding a, and the
effective (dilated) kernel ``k̂ = d*(k - 1) + 1``. A transposed convolution maps::

    i  ->  o = (i - 1)*s - 2p + d*(k - 1) + a + 1

and a convolution with the same k, s, p, d maps back::

    n  ->  floor((n + 2p - k̂) / s) + 1

The floor is why ``output_padding`` exists: up to s sizes n give the same convolution
output, and ``a = (n + 2p - k̂) mod s`` picks which one the transpose returns to.

Why one module over 300 lines: one idea, the one-axis size arithmetic a learner reads on the
Shapes page (formula terms, size table, round trip, relationships, checkerboard), each a few
lines over the same notation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tconv.arith.overlap import OverlapVerdict, overlap_count, overlap_count_1d, overlap_verdict
from tconv.arith.solver import whole_number
from tconv.core.params import TConvParams, conv_output_size

IMPOSSIBLE = "impossible"
BAD_OUTPUT_PADDING = "a too large"


@dataclass(frozen=True)
class Term:
    """One term of the output-size formula, its value and what it means."""

    term: str
    value: int
    explanation: str


def formula_terms(
    input_size: int, kernel_size: int, stride=1, padding=0, output_padding=0, dilation=1
) -> tuple[Term, ...]:
    """The formula ``o = (i-1)*s + d*(k-1) + 1 - 2p + a`` term by term, last term ``o``.

    The first three terms add up to the full scatter canvas F; padding then crops it and
    output_padding extends it. ``o`` may come out below 1 (impossible): the explanation
    says so. Raises ``ValueError`` for parameters PyTorch rejects whatever the sizes.
    """
    i, k = whole_number(input_size, "input size"), whole_number(kernel_size, "kernel size")
    s, p, a, d = _axis_params(stride, padding, output_padding, dilation)
    full = (i - 1) * s + d * (k - 1) + 1
    o = full - 2 * p + a
    verdict = "the output size" if o >= 1 else f"{IMPOSSIBLE}: the crop leaves no cell"
    return (
        Term(
            "(i − 1)·s",
            (i - 1) * s,
            f"the {i} kernel copies start {s} apart: the last starts at ({i} − 1)·{s}",
        ),
        Term("d·(k − 1)", d * (k - 1), f"the last copy reaches {k} taps, {d} apart, further on"),
        Term("+ 1", 1, "count cells, not gaps"),
        Term("= F", full, "the full (uncropped) canvas"),
        Term("− 2p", -2 * p, f"padding crops {p} from each side: it never pads the input"),
        Term("+ a", a, f"output_padding adds {a} at the bottom/right only"),
        Term("= o", o, verdict),
    )


def formula_line(
    input_size: int, kernel_size: int, stride=1, padding=0, output_padding=0, dilation=1
) -> str:
    """The formula with numbers substituted: ``(4 − 1)·2 − 2·1 + 1·(3 − 1) + 0 + 1 = 7``."""
    terms = formula_terms(input_size, kernel_size, stride, padding, output_padding, dilation)
    i, k = input_size, kernel_size
    s, p, a, d = _axis_params(stride, padding, output_padding, dilation)
    return f"({i} − 1)·{s} − 2·{p} + {d}·({k} − 1) + {a} + 1 = {terms[-1].value}"


@dataclass(frozen=True)
class SizeTable:
    """Output sizes over stride (rows) × padding (columns); cells are text."""

    strides: tuple[int, ...]
    paddings: tuple[int, ...]
    cells: tuple[tuple[str, ...], ...]


def stride_padding_table(
    input_size: int,
    kernel_size: int,
    output_padding=0,
    dilation=1,
    strides=range(1, 5),
    paddings=range(0, 7),
) -> SizeTable:
    """The output size for every (stride, padding); "impossible" where o < 1, and
    "a too large" where PyTorch rejects the output_padding (it needs a < s or a < d)."""
    cells = []
    for s in strides:
        row = []
        for p in paddings:
            try:
                terms = formula_terms(input_size, kernel_size, s, p, output_padding, dilation)
            except ValueError:  # sizes are checked first, so this is the a < s or d rule
                row.append(BAD_OUTPUT_PADDING)
                continue
            o = terms[-1].value
            row.append(str(o) if o >= 1 else IMPOSSIBLE)
        cells.append(tuple(row))
    return SizeTable(tuple(strides), tuple(paddings), tuple(cells))


@dataclass(frozen=True)
class RoundTrip:
    """A conv2d maps every size in ``sizes`` to ``conv_output``; the transposed conv with
    the same k, s, p, d maps ``conv_output`` back to ``sizes[j]`` with output_padding
    ``output_paddings[j]``."""

    conv_output: int
    kernel: int
    stride: int
    padding: int
    dilation: int
    sizes: tuple[int, ...]
    output_paddings: tuple[int, ...]


def round_trip(conv_output: int, kernel_size: int, stride=1, padding=0, dilation=1) -> RoundTrip:
    """The sizes that collide on ``conv_output`` and the output_padding that returns to each.

    They are ``n = (i-1)*s + k̂ - 2p + a`` for ``a = 0 .. s-1`` (kept when n >= 1).
    """
    i, k = whole_number(conv_output, "size"), whole_number(kernel_size, "kernel size")
    s, p, _, d = _axis_params(stride, padding, 0, dilation)
    base = (i - 1) * s + d * (k - 1) + 1 - 2 * p
    pairs = [(base + a, a) for a in range(s) if base + a >= 1]
    if not pairs:
        raise ValueError(
            f"padding {p} is too large: no input size gives a convolution output of {i}"
        )
    return RoundTrip(i, k, s, p, d, tuple(n for n, _ in pairs), tuple(a for _, a in pairs))


@dataclass(frozen=True)
class Relationship:
    """One of the guide's relationships, computed for an example.

    A convolution (k, s, p, d) maps ``conv_input`` to ``conv_output``. Its transpose, in
    PyTorch ``ConvTranspose(k, s, p, a, d)`` with the *same* k, s, p, d, maps
    ``conv_output`` back to ``transpose_output`` (== conv_input). The guide states that
    transpose as a direct stride-1 convolution with padding ``p' = k̂ - p - 1`` over the
    input stretched to ``stretched = i' + (i'-1)*(s-1)`` cells.
    """

    number: int
    name: str
    rule: str
    kernel: int
    stride: int
    padding: int
    dilation: int
    output_padding: int
    conv_input: int
    conv_output: int
    transpose_output: int
    direct_padding: int
    stretched: int
    note: str = ""

    @property
    def effective_kernel(self) -> int:
        return self.dilation * (self.kernel - 1) + 1


def relationships(kernel_size: int, stride=1, padding=0, dilation=1, size=5):
    """The guide's relationships 8-14 as computed examples with this kernel and dilation.

    Relationships 8-11 use stride 1; 12-14 use ``stride`` (12 without padding). ``size``
    is the convolution's input; it is raised to the smallest value each relationship
    allows. Relationship 10 (half padding) needs an odd effective kernel k̂ and is left
    out otherwise. Returns a tuple of :class:`Relationship`.
    """
    k, n = whole_number(kernel_size, "kernel size"), whole_number(size, "size")
    s, p, _, d = _axis_params(stride, padding, 0, dilation)
    kh = d * (k - 1) + 1
    cases = [
        (8, "no padding, unit stride", "o' = i' + (k̂ − 1)", 1, 0, True),
        (9, "padding, unit stride", "o' = i' + (k̂ − 1) − 2p", 1, p, True),
        (10, "half padding, unit stride", "o' = i'", 1, (kh - 1) // 2, kh % 2 == 1),
        (11, "full padding, unit stride", "o' = i' − (k̂ − 1)", 1, kh - 1, True),
        (12, "no padding, stride s, s divides n − k̂", "o' = s(i' − 1) + k̂", s, 0, True),
        (13, "padding, stride s, s divides n + 2p − k̂", "o' = s(i' − 1) + k̂ − 2p", s, p, True),
        (14, "padding, stride s, any n", "o' = s(i' − 1) + a + k̂ − 2p", s, p, True),
    ]
    out = []
    for number, name, rule, cs, cp, applies in cases:
        if not applies:
            continue
        m = max(n, kh - 2 * cp, 1)
        if number in (12, 13):
            m += -(m + 2 * cp - kh) % cs  # the next size the divisibility condition allows
        o = conv_output_size(m, k, cs, cp, d)
        a = (m + 2 * cp - kh) % cs
        back = TConvParams.make(cs, cp, a, d).output_size((o, o), (k, k))[0]
        out.append(
            Relationship(
                number=number,
                name=name,
                rule=rule,
                kernel=k,
                stride=cs,
                padding=cp,
                dilation=d,
                output_padding=a,
                conv_input=m,
                conv_output=o,
                transpose_output=back,
                direct_padding=kh - cp - 1,
                stretched=o + (o - 1) * (cs - 1),
                note="" if m == n else f"n raised from {n} to {m} so that the condition holds",
            )
        )
    return tuple(out)


def divisibility_rule(kernel_size: int, stride=1, dilation=1) -> str:
    """The divisibility rule with the numbers substituted, agreeing with overlap_verdict.

    Holes when k < s or when gcd(d, s) > 1 (the dilated taps skip some phases); else even
    when s divides k and checkerboard otherwise.
    """
    k = whole_number(kernel_size, "kernel size")
    s, _, _, d = _axis_params(stride, 0, 0, dilation)
    g = int(np.gcd(d, s))
    if s > 1 and g > 1:
        return (
            f"gcd(d, s) = gcd({d}, {s}) = {g} > 1: the taps, {d} apart, reach only 1 cell "
            f"in every {g} of the stride's pattern; the others get nothing: holes."
        )
    if k < s:
        return f"k = {k} < s = {s}: the kernel copies do not touch, leaving gaps: holes."
    q, r = divmod(k, s)
    if r == 0:
        taps = f"{q} tap{'s' if q > 1 else ''}"
        return f"k = {k} = {q}·{s}: s divides k, so every cell gets {taps} per axis: even."
    return (
        f"k = {k} = {q}·{s} + {r}: s does not divide k, so {r} of every {s} cells get "
        f"{q + 1} taps and the others {q} (per axis): a checkerboard."
    )


@dataclass(frozen=True, eq=False)
class Checkerboard:
    """The overlap of a ones input (size × size) and a ones kernel, padding 0."""

    kernel: int
    stride: int
    dilation: int
    size: int
    counts_1d: np.ndarray = field(repr=False)
    counts_2d: np.ndarray = field(repr=False)
    verdict: OverlapVerdict
    rule: str

    @property
    def interior(self) -> tuple[int, int]:
        """Half-open range ``[k̂-1, (n-1)*s + 1)`` of cells that surely get every tap (1D).

        A cell before it may miss taps of earlier (non-existent) inputs, one after it taps
        of later ones: the borders ramp up and down whatever the verdict.
        """
        return self.dilation * (self.kernel - 1), (self.size - 1) * self.stride + 1

    @property
    def border_1d(self) -> np.ndarray:
        """True where a cell gets fewer taps than an endless input would give it (1D).

        An endless input gives cell c one tap per u with ``c - u*d`` a multiple of s;
        near the ends some of those inputs do not exist, so the count ramps.
        """
        taps = np.arange(self.kernel) * self.dilation
        cells = np.arange(len(self.counts_1d))[:, None]
        endless = ((cells - taps) % self.stride == 0).sum(axis=1)
        return self.counts_1d < endless

    @property
    def border_2d(self) -> np.ndarray:
        """True where a cell lies in a border row or column (2D)."""
        return np.logical_or.outer(self.border_1d, self.border_1d)


def checkerboard(kernel_size: int, stride=1, dilation=1, size=None) -> Checkerboard:
    """Overlap counts along one row (1D) and over the grid (2D, their outer product).

    ``size`` (the ones input's side) defaults to the smallest that shows two full
    periods of the interior: ``(n-1)*s - k̂ + 2 >= 2s``.
    """
    k = whole_number(kernel_size, "kernel size")
    s, _, _, d = _axis_params(stride, 0, 0, dilation)
    if size is None:
        size = max(2, -(-(3 * s + d * (k - 1) - 1) // s))
    n = whole_number(size, "input size")
    return Checkerboard(
        k,
        s,
        d,
        n,
        overlap_count_1d(n, k, s, dilation=d),
        overlap_count(n, k, s, dilation=d),
        overlap_verdict(k, s, d),
        divisibility_rule(k, s, d),
    )


def _axis_params(stride, padding, output_padding, dilation) -> tuple[int, int, int, int]:
    params = TConvParams.make(stride, padding, output_padding, dilation)
    return params.stride[0], params.padding[0], params.output_padding[0], params.dilation[0]
