"""The Shapes & solver page's inputs and how they follow one another.

Six inputs (i, k, s, p, a, d) sit above the tabs. Changing one of them sets the inverse
solver's sizes A and B (A = i, B = the formula's o) and the checkerboard tab's k, s, d
(within that tab's own, smaller, ranges); a value typed into a tab is the tab's own until
the six inputs change again, and the captions say which case holds.

The rules work on any mapping of widget keys to values (:func:`follow`), so they are tested
without a page; the callbacks apply them to ``st.session_state``.
"""

from __future__ import annotations

from collections.abc import MutableMapping

import streamlit as st

from tconv.arith import shapes
from tconv.ui.state import current_config

TOP = (  # key, label, min, max, help of the six inputs above the tabs
    ("shapes_i", "input size i", 1, 64, "Rows of the input."),
    ("shapes_k", "kernel k", 1, 9, "Rows of the kernel."),
    ("shapes_s", "stride s", 1, 8, "Distance between the kernel copies."),
    ("shapes_p", "padding p", 0, 16, "Crops p from each side."),
    ("shapes_a", "output_padding a", 0, 7, "Adds a at the end."),
    ("shapes_d", "dilation d", 1, 4, "Gap between kernel taps."),
)
CB = {  # the checkerboard tab's inputs: the top input each follows, and the tab's largest
    "shapes_cb_k": ("shapes_k", 7),
    "shapes_cb_s": ("shapes_s", 4),
    "shapes_cb_d": ("shapes_d", 3),
}
EXAMPLES = {  # the checkerboard tab's "Try" buttons: k, s, d
    "k=3, s=2": (3, 2, 1),
    "k=4, s=2": (4, 2, 1),
    "k=1, s=2": (1, 2, 1),
    "k=5, s=3": (5, 3, 1),
    "k=3, s=2, d=2": (3, 2, 2),
}


def output_of(i: int, k: int, s: int, p: int, a: int, d: int) -> int | None:
    """The formula's o for the six inputs, or None when PyTorch rejects them or o < 1."""
    try:
        o = shapes.formula_terms(i, k, s, p, a, d)[-1].value
    except ValueError:
        return None
    return o if o >= 1 else None


def follow(state: MutableMapping) -> None:
    """Set the solver's A and B and the checkerboard's k, s, d from the six inputs in
    ``state`` (B only when the inputs give a valid output)."""
    i, k, s, p, a, d = (state[t[0]] for t in TOP)
    state["shapes_solve_i"] = i
    o = output_of(i, k, s, p, a, d)
    if o is not None:
        state["shapes_solve_o"] = o
    for key, (top, hi) in CB.items():
        state[key] = min(state[top], hi)


def follow_top() -> None:
    """Callback of the six inputs: :func:`follow` on the session."""
    follow(st.session_state)


def playground_values() -> tuple[int, ...]:
    """i, k, s, p, a, d of the Playground's current configuration (height axis)."""
    cfg = current_config()
    return (
        cfg.x.shape[0],
        cfg.kernel.shape[0],
        cfg.stride[0],
        cfg.padding[0],
        cfg.output_padding[0],
        cfg.dilation[0],
    )


def load_current() -> None:
    """Callback of "Load the Playground's configuration": the six inputs, then the tabs."""
    st.session_state.update(zip((t[0] for t in TOP), playground_values(), strict=True))
    follow_top()


def show_example(k: int, s: int, d: int) -> None:
    """Callback of a "Try" button: the checkerboard tab's k, s, d."""
    st.session_state.update(shapes_cb_k=k, shapes_cb_s=s, shapes_cb_d=d)


def solver_caption(src: int, dst: int, i: int, o: int | None) -> str:
    """Whether the solver's A and B are the six inputs' i and o, or the user's own."""
    if (src, dst) == (i, o):
        return f"A = i = {i} and B = o = {o}: the inputs above (changing one sets A and B)."
    above = f"give {i} → {o}" if o else f"give i = {i} and no valid output"
    return (
        f"A = {src} and B = {dst} are your own: the inputs above {above} (changing one "
        "of them sets A and B again)."
    )


def checkerboard_caption(tab: tuple[int, int, int], top: tuple[int, int, int]) -> str:
    """Whether the checkerboard tab's k, s, d (``tab``) are the six inputs' (``top``), or
    its own (saying which of the inputs' values the tab cannot draw)."""
    (bk, bs, bd), (k, s, d) = tab, top
    if tab == top:
        return f"k = {k}, s = {s}, d = {d}: the inputs above (changing one sets them here)."
    clamped = [
        f"{n} = {v} above is more than this tab draws ({hi})"
        for n, v, (_, hi) in zip("ksd", top, CB.values(), strict=True)
        if v > hi
    ]
    why = f" ({'; '.join(clamped)})" if clamped else ""
    return (
        f"k = {bk}, s = {bs}, d = {bd} are this tab's own: the inputs above have k = {k}, "
        f"s = {s}, d = {d}{why}. Changing one of them sets these again."
    )
