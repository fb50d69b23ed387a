"""Widgets shared by the lesson pages ("Four views", "Channels & groups"): which
configuration to study, grids sized to fit, and agreement badges.
"""

from __future__ import annotations

import streamlit as st

from tconv.fourviews import Agreement
from tconv.gridsvg import grid_svg
from tconv.presets import BY_NAME, PRESETS
from tconv.sharelink import KEYS, Config, decode
from tconv.ui.show import svg
from tconv.ui.state import current_config

CURRENT = "Current Playground configuration"
LINK = "The configuration in this page's link"
LINK_KEYS = {"x", "k", "b", *KEYS.values()}


def _link_config() -> Config | None:
    """The configuration carried by the URL's query parameters, if any (warnings shown)."""
    query = {k: st.query_params.get_all(k) for k in st.query_params if k in LINK_KEYS}
    if not query:
        return None
    cfg, warnings = decode(query)
    for w in warnings:
        st.warning(w, icon="⚠️")
    return cfg


def pick_config(key: str) -> Config:
    """A selectbox: the Playground's current configuration, this page's link, or a preset.

    Returns the chosen :class:`tconv.sharelink.Config`; a preset's explanation is shown
    under the box.
    """
    link = _link_config()
    options = ([LINK] if link is not None else []) + [CURRENT] + [p.name for p in PRESETS]
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)  # e.g. "link" remembered from a page with a link
    choice = st.selectbox(
        "Configuration to study", options, key=key, persist_state="session",
        help="The Playground keeps its configuration for the other pages; presets are "
        "named examples. A share link opens its own configuration here.",
    )  # fmt: skip
    if choice == LINK:
        return link
    if choice == CURRENT:
        return current_config()
    st.caption(BY_NAME[choice].about)
    return BY_NAME[choice].config


def fit_cell(shape, max_width: int = 560, lo: int = 18, hi: int = 44) -> int:
    """A cell size in pixels so that a grid of ``shape`` is about ``max_width`` wide."""
    return int(min(hi, max(lo, (max_width - 34) // max(shape[-1], 1))))


def grid(values, title: str, max_width: int = 560, *, fit: bool = False, **kwargs) -> None:
    """Draw a grid (tconv.gridsvg.grid_svg) with cells sized to fit ``max_width``.

    With ``fit``, a grid still too wide for its column shrinks to it (see :func:`svg`).
    """
    svg(grid_svg(values, title, cell=fit_cell(values.shape, max_width), **kwargs), fit=fit)


def grid_row(*items, max_width: int = 480, widths=None, fit: bool = False) -> None:
    """Grids side by side, one per column: each item is ``(values, title)`` or
    ``(values, title, grid_kwargs)``; ``None`` leaves its column empty. With ``fit``, a
    grid wider than its column shrinks to it."""
    for col, item in zip(st.columns(widths or len(items)), items, strict=True):
        if item is not None:
            with col:
                kwargs = item[2] if len(item) > 2 else {}
                grid(item[0], item[1], max_width, fit=fit, **kwargs)


def equal_badge(agreement: Agreement, what: str, reference: str) -> None:
    """A pass/fail line: ``max |what − reference| = ...``."""
    text = f"max |{what} − {reference}| = {agreement.max_abs_diff:.3g}"
    if agreement.passed:
        st.success(f"**Equal to the {reference} result** — {text}", icon="✅")
    else:
        st.error(f"**Differs from the {reference} result** — {text}", icon="❌")
