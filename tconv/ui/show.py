"""Small display helpers shared by pages: SVG grids, the torch badge, the code block."""

from __future__ import annotations

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
