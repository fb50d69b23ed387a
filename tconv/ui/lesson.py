"""Widgets shared by the lesson pages ("Four views", "Channels & groups"): which
configuration to study, grids sized to fit, and agreement badges.

Grids are laid out for the narrowest screen the app is designed for: a 1024 px projector
with the sidebar open leaves :data:`NARROW_PAGE` px of content. The server cannot see the
screen, so grids shrink to their columns in the browser (``fit``), and the helpers below
put fewer grids side by side, or stack them, when shrinking on that screen would make
their cells smaller than :data:`MIN_CELL`.
"""

from __future__ import annotations

import streamlit as st

from tconv.app.config import Config
from tconv.app.presets import BY_NAME, PRESETS
from tconv.core.tolerance import Agreement
from tconv.render.gridsvg import cell_for, grid_svg, grid_width
from tconv.ui.sharing import read_link
from tconv.ui.show import svg
from tconv.ui.state import current_config, playground_link

CURRENT = "Current Playground configuration"
LINK = "The configuration in this page's link"


def pick_config(key: str) -> Config:
    """A selectbox: the Playground's current configuration, this page's link, or a preset.

    Returns the chosen :class:`tconv.app.config.Config`; a preset's explanation is shown
    under the box.
    """
    link = read_link()
    options = ([LINK] if link is not None else []) + [CURRENT] + [p.name for p in PRESETS]
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)  # e.g. "link" remembered from a page with a link
    choice = st.selectbox(
        "Configuration to study",
        options,
        key=key,
        persist_state="session",
        help="The Playground keeps its configuration for the other pages; presets are "
        "named examples. A share link opens its own configuration here.",
    )
    if choice == LINK:
        return link
    if choice == CURRENT:
        return current_config()
    st.caption(BY_NAME[choice].about)
    return BY_NAME[choice].config


def pick_config_row(key: str) -> Config:
    """:func:`pick_config` beside a link that opens the chosen configuration in the
    Playground; returns the configuration."""
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    with left:
        cfg = pick_config(key)
    with right:
        playground_link(cfg)
    return cfg


def fit_cell(shape, max_width: int = 560, lo: int = 18, hi: int = 44) -> int:
    """A cell size in pixels so that a grid of ``shape`` is about ``max_width`` wide."""
    return cell_for(shape[-1], max_width, lo, hi)


NARROW_PAGE = 564  # px of content beside the open sidebar on a 1024 px screen
MIN_CELL = 26  # px: grids side by side may shrink down to this cell size, no further
GAP = 16  # px between Streamlit columns


def shrunk_cell(values, title: str, room: float, max_width: int) -> float:
    """The cell size (px) of a grid drawn for ``max_width`` once shrunk to ``room`` px
    (its title counts too: the SVG is at least as wide as the title)."""
    cell = fit_cell(values.shape, max_width)
    return cell * min(1.0, room / grid_width(values.shape[-1], cell, title))


def per_line(items, max_width: int, most: int, share: float = 1.0) -> int:
    """How many grids (``(values, title)`` items) fit in one line, at most ``most``, so that
    shrunk to their columns on the narrow screen every cell keeps :data:`MIN_CELL` px.

    ``share`` is the part of each column a grid gets (less than 1 when a narrow column
    with a sign follows each grid, which also adds a gap).
    """
    for n in range(most, 1, -1):
        room = (NARROW_PAGE - GAP * (n * (2 if share < 1 else 1) - 1)) / n * share
        if all(shrunk_cell(v, t, room, max_width) >= MIN_CELL for v, t in items):
            return n
    return 1


def row(*items, widths=None, max_width: int = 480, room: float = NARROW_PAGE) -> None:
    """Grids side by side (as :func:`grid_row`, shrunk to their columns), or one under
    another at the page's width when side by side would shrink one below MIN_CELL.

    ``room``: the width (px, on the narrow screen) of what holds the row, when it is less
    than the whole page (e.g. one of two columns).
    """
    widths = widths or [1] * len(items)
    share = (room - GAP * (len(items) - 1)) / sum(widths)
    if all(
        it is None or shrunk_cell(it[0], it[1], w * share, max_width) >= MIN_CELL
        for it, w in zip(items, widths, strict=True)
    ):
        grid_row(*items, widths=widths, max_width=max_width, fit=True)
        return
    for it in filter(None, items):
        grid(it[0], it[1], room, fit=True, **(it[2] if len(it) > 2 else {}))


def wide(values, title: str, max_width: int = 900, **kwargs) -> None:
    """A long grid (a matrix, a flattened input): shrunk to the page while its cells stay
    readable (18 px on the narrow screen), otherwise full size, scrolling sideways (its
    title says so)."""
    if shrunk_cell(values, title, NARROW_PAGE, max_width) >= 18:
        grid(values, title, max_width, fit=True, **kwargs)
    else:
        grid(values, title + " · scroll sideways →", max_width, **kwargs)


def grid(values, title: str, max_width: int = 560, *, fit: bool = False, **kwargs) -> None:
    """Draw a grid (tconv.render.gridsvg.grid_svg) with cells sized to fit ``max_width``.

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
