"""Small display helpers shared by pages: SVG grids, the torch badge, the code block."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from tconv.core.crosscheck import CrossCheck


def svg(markup: str, *, fit: bool = False) -> None:
    """Show an SVG string (from tconv.render.gridsvg) inline.

    A grid wider than its column scrolls sideways; with ``fit`` it shrinks to the column's
    width instead (the whole grid at a glance, smaller numbers).
    """
    if fit:
        markup = markup.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    st.markdown(
        f'<div class="tconv-svg" style="overflow-x:auto">{markup}</div>', unsafe_allow_html=True
    )


def torch_badge(check: CrossCheck, what: str = "tconv") -> None:
    """A pass/fail line for a cross-check against torch, with the max |diff|."""
    text = (
        f"max |{what} − torch| = {check.max_abs_diff:.3g} "
        f"(tolerance {check.tolerance:.1g}); torch's weight shape {check.weight_shape}"
    )
    if check.passed:
        st.success(f"**Matches PyTorch** — {text}", icon="✅")
    else:
        st.error(f"**Does not match PyTorch** — {text}", icon="❌")


def code_expander(label: str, key: str, code: Callable[[], str], language: str = "python"):
    """A closed expander whose code block is built only while it is open.

    Streamlit's code viewer is 1.5 MB of JavaScript: a code block on the page, even in a
    closed expander, makes every new visitor load and parse it before the page responds.
    Built on demand (``on_change="rerun"``), it loads when the reader opens the expander.
    ``st.session_state[key]`` is True while it is open.
    """
    box = st.expander(label, key=key, on_change="rerun")
    if box.open:
        with box:
            st.code(code(), language=language)
    return box
