"""A compact heatmap of a large matrix (such as the conv2d matrix C) as PNG bytes.

For matrices too big to print number by number (C is up to 64 x 1936 here). Colours match
:mod:`tconv.render.gridsvg`: positive values blue, negative orange, zero white. Drawn with
``matplotlib.figure.Figure`` (no pyplot state, safe across sessions); callers cache the bytes.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from tconv.render.palette import BLUE, ORANGE

CMAP = LinearSegmentedColormap.from_list(
    "tconv_diverging",
    [tuple(c / 255 for c in ORANGE), (1.0, 1.0, 1.0), tuple(c / 255 for c in BLUE)],
)


def heatmap_png(
    values, title: str = "", row_label: str = "row", col_label: str = "column", width_in=11.0
) -> bytes:
    """Draw a 2D array as a heatmap with a colour bar; returns PNG bytes.

    The aspect is free (wide matrices stay readable); rows are labelled on the left, columns
    on the top, zero-based like the arrays.
    """
    a = np.atleast_2d(np.asarray(values, dtype=np.float64))
    vmax = float(np.max(np.abs(a))) if a.size else 1.0
    vmax = vmax or 1.0
    height_in = min(7.0, max(2.4, 1.0 + width_in * a.shape[0] / max(a.shape[1], 1) * 1.6))
    fig = Figure(figsize=(width_in, height_in), dpi=110, layout="constrained")
    ax = fig.add_subplot()
    # One square marker per non-zero entry: visible even when a column is under a pixel wide.
    rows, cols = np.nonzero(a)
    size = max(4.0, (72 * width_in * 0.85 / max(a.shape[1], 1)) ** 2)
    dots = ax.scatter(cols, rows, c=a[rows, cols], cmap=CMAP, vmin=-vmax, vmax=vmax, marker="s",
                      s=size, linewidths=0)  # fmt: skip
    ax.set_xlim(-0.5, a.shape[1] - 0.5)
    ax.set_ylim(a.shape[0] - 0.5, -0.5)
    ax.set_ylabel(row_label)
    ax.set_xlabel(col_label)
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    ax.grid(alpha=0.25)
    if title:
        ax.set_title(title, loc="left", fontsize=11, pad=24)
    fig.colorbar(dots, ax=ax, fraction=0.04, pad=0.01)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
