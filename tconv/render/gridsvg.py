"""Grids of numbers drawn as SVG strings: cheap (well under a millisecond for 13x13),
crisp on a projector, and searchable text in the browser.

Colours come from the Okabe-Ito palette (colour-blind safe): positive values are tinted
blue, negative ones orange, in proportion to their magnitude.

Light and dark themes: each cell is a light "paper" square with dark ink, readable on any
page (the darkest tint keeps ink at 5:1 or more); the title and the row/column labels sit
on the page itself, so they take the page's text colour (``currentColor``) and follow the
viewer's theme. Every text keeps a contrast of at least 4.5:1 against what is behind it.
"""

from __future__ import annotations

from html import escape

import numpy as np

from tconv.core.fmt import fmt
from tconv.render.palette import BLUE, INK, ORANGE, VERMILLION, css

PAGE_TEXT = "currentColor"  # title and labels: the page's own text colour, light or dark
LABEL_OPACITY = 0.75  # row/column labels, a little quieter than the title
HATCH, HATCH_LINE, HATCH_INK = "#ececec", "#c8c8c8", "#4d4d4d"  # cropped cells: >= 5:1
LEFT, RIGHT = 26, 8  # px: the row labels' gutter left of the cells, a margin right of them
GUTTER = LEFT + RIGHT  # px of a grid's width that are not cells
TITLE_CHAR = 10  # px per character of the 16 px bold title (a generous estimate)


def grid_width(columns: int, cell: int, title: str = "") -> int:
    """The width in px of :func:`grid_svg`'s picture: the cells and the gutter, or the
    title when it is wider."""
    return max(GUTTER + columns * cell, GUTTER + TITLE_CHAR * len(title))


def cell_for(cells: int, room: float, lo: int, hi: int) -> int:
    """The cell size in px for a grid ``cells`` wide (or tall) drawn in ``room`` px: the
    largest whose grid (gutter included) fits, kept within ``lo`` and ``hi``.

    The one rule for sizing a grid to its room; pages and widgets pass the room they have
    (e.g. tconv.ui.lesson.NARROW_PAGE, the content beside the sidebar of a 1024 px screen).
    """
    return int(min(hi, max(lo, (room - GUTTER) // max(cells, 1))))


def fill(v: float, vmax: float) -> str:
    """Background colour for value v when the grid's largest magnitude is vmax."""
    if vmax <= 0 or v == 0:
        return "#ffffff"
    t = min(abs(v) / vmax, 1.0) * 0.75
    base = BLUE if v > 0 else ORANGE
    r, g, b = (round(255 + (c - 255) * t) for c in base)
    return f"#{r:02x}{g:02x}{b:02x}"


def text_colour(v: float, vmax: float) -> str:
    """Ink for a cell's number: dark on every tint, 5.2:1 on the darkest (white on mid blue
    was only 2:1)."""
    return css(INK)


def _n(v: float) -> str:
    """A coordinate without a needless '.0'."""
    return f"{v:g}"


def grid_svg(
    values,
    title: str = "",
    *,
    cell: int = 44,
    highlight=(),
    shade=None,
    row_label: str = "",
    col_label: str = "",
    vmax: float | None = None,
    blank_zeros: bool = False,
) -> str:
    """Draw a 2D array as an SVG grid with its numbers.

    highlight : iterable of (r, c) cells outlined in vermillion
    shade : optional boolean array of the same shape; True cells are hatched grey
        (used for the part of the canvas that padding crops away)
    blank_zeros : leave zero cells without a number (for sparse matrices)
    """
    a = np.atleast_2d(np.asarray(values, dtype=np.float64))
    h, w = a.shape
    vmax = float(np.max(np.abs(a))) if vmax is None and a.size else (vmax or 0.0)
    top = 30 if title else 8
    left = LEFT
    width, height = grid_width(w, cell, title), top + 18 + h * cell + 8
    font = max(10, int(cell * (0.34 if max(len(fmt(v)) for v in a.flat) < 4 else 0.26)))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'font-family="DejaVu Sans, Arial, sans-serif">',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{HATCH}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_LINE}" stroke-width="2"/>'
        "</pattern></defs>",
    ]
    if title:
        out.append(
            f'<text x="{left}" y="20" font-size="16" font-weight="bold" '
            f'fill="{PAGE_TEXT}">{escape(title)}</text>'
        )
    y0 = top + 18
    for c in range(w):
        out.append(
            f'<text x="{_n(left + c * cell + cell / 2)}" y="{y0 - 5}" font-size="11" '
            f'text-anchor="middle" fill="{PAGE_TEXT}" fill-opacity="{LABEL_OPACITY}">'
            f"{escape(col_label)}{c}</text>"
        )
    for r in range(h):
        out.append(
            f'<text x="{left - 5}" y="{_n(y0 + r * cell + cell / 2 + 4)}" font-size="11" '
            f'text-anchor="end" fill="{PAGE_TEXT}" fill-opacity="{LABEL_OPACITY}">'
            f"{escape(row_label)}{r}</text>"
        )
    # The cells: a white background, a rect only where a cell is coloured or hatched, one
    # path for all the grid lines, then the numbers (attributes shared through groups: a
    # 39x39 grid is about half the markup it would be with every attribute on every cell).
    out.append(f'<rect x="{left}" y="{y0}" width="{w * cell}" height="{h * cell}" fill="#ffffff"/>')
    texts = []
    for r in range(h):
        for c in range(w):
            v = a[r, c]
            x, y = left + c * cell, y0 + r * cell
            shaded = shade is not None and bool(shade[r, c])
            bg = "url(#hatch)" if shaded else fill(v, vmax)
            if bg != "#ffffff":
                out.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{bg}"/>')
            if blank_zeros and v == 0:
                continue
            colour = HATCH_INK if shaded else text_colour(v, vmax)
            texts.append(
                f'<text x="{_n(x + cell / 2)}" y="{_n(y + cell / 2 + font * 0.36)}" '
                f'font-size="{font}" fill="{colour}">{fmt(v)}</text>'
            )
    lines = "".join(f"M{left} {y0 + r * cell}h{w * cell}" for r in range(h + 1))
    lines += "".join(f"M{left + c * cell} {y0}v{h * cell}" for c in range(w + 1))
    out.append(f'<path d="{lines}" stroke="#888" stroke-width="1" fill="none"/>')
    out.append('<g text-anchor="middle">')
    out.extend(texts)
    out.append("</g>")
    for r, c in highlight:
        if 0 <= r < h and 0 <= c < w:
            out.append(
                f'<rect x="{left + c * cell + 1.5}" y="{y0 + r * cell + 1.5}" '
                f'width="{cell - 3}" height="{cell - 3}" fill="none" '
                f'stroke="{css(VERMILLION)}" stroke-width="3"/>'
            )
    out.append("</svg>")
    return "".join(out)
