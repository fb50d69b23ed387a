"""A framework's spelling of one window: its arguments, plus any step it needs after the
call (a one-sided crop or zero pad), or the reason it cannot express the window."""

from __future__ import annotations

from dataclasses import dataclass

from tconv.frameworks.window import Layer, Window

NONE = Window((0, 0), (0, 0))


@dataclass(frozen=True)
class Form:
    """``args``: the framework's own arguments, in order (name, value); ``extra``: what to
    cut (positive) or zero-pad (negative) after the call, per axis, as a :class:`Window`;
    ``supported`` False with ``reason`` when the framework cannot give these numbers."""

    framework: str
    args: tuple[tuple[str, object], ...] = ()
    extra: Window = NONE
    supported: bool = True
    reason: str = ""

    def __getitem__(self, name: str):
        return dict(self.args)[name]

    @property
    def needs_extra(self) -> bool:
        return self.extra != NONE

    @property
    def one_call(self) -> bool:
        """The framework's call alone gives the numbers (no extra crop or pad)."""
        return self.supported and not self.needs_extra


NO_CELL = "the window keeps no cell of the full canvas, only added zeros"


def unsupported(framework: str, reason: str) -> Form:
    return Form(framework, supported=False, reason=reason)


def refusal(
    framework: str, layer: Layer, size, window: Window, no_groups: str, no_dilated_stride: str
) -> Form | None:
    """The unsupported :class:`Form` of a framework without groups and without strides > 1
    together with dilation > 1 (Keras, TensorFlow), with its reasons, or of a window
    that keeps no cell of the canvas; None when the framework may express ``window``."""
    if layer.groups > 1:
        return unsupported(framework, no_groups)
    if max(layer.stride) > 1 and max(layer.dilation) > 1:
        return unsupported(framework, no_dilated_stride)
    if not window.keeps_canvas(layer.full(size)):
        return unsupported(framework, NO_CELL)
    return None


def same_cut(total: int) -> tuple[int, int]:
    """The cut (at the start, at the end) of one axis of the full canvas by "SAME" padding
    (Keras "same", TensorFlow "SAME") that removes ``total`` cells: centred, the odd cell
    at the end; when ``total`` is negative nothing goes at the start and the end gains
    ``-total`` zeros (a negative cut)."""
    start = max(total, 0) // 2
    return start, total - start


def extra_text(extra: Window) -> str:
    """``extra`` in words: which rows/columns go (or come) after the call."""
    parts = []
    for n, axis in enumerate(("row", "column")):
        for end, v in (("first", extra.lo[n]), ("last", extra.hi[n])):
            side = "start" if end == "first" else "end"
            many = f"{abs(v)} {axis}s" if abs(v) > 1 else axis
            if v > 0:
                parts.append(f"cut the {end} {many}")
            elif v < 0:
                parts.append(
                    f"add {abs(v) if abs(v) > 1 else 'a'} zero {many.split()[-1]} at the {side}"
                )
    return "; ".join(parts)


def split(lo: int, hi: int, limit: int, full: int) -> tuple[int, int, int, int]:
    """Spell a window axis as a symmetric cut ``p``, an end extension ``0 <= a < limit``
    (PyTorch's output_padding rule) and the rest ``(extra_lo, extra_hi)``, keeping the
    call's own output ``full - 2p + a`` at least 1. Zeros may be added after the call
    only beyond the canvas, i.e. when the call itself reaches its end (``p - a <= 0``)."""
    for p in range(max(lo, 0), -1, -1):
        a = min(max(p - hi, 0), limit - 1)
        if full - 2 * p + a >= 1 and (hi >= p - a or p - a <= 0):
            return p, a, lo - p, hi - (p - a)
    raise ValueError("the window leaves no output")
