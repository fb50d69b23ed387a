"""Number formatting shared by every view: the label of one cell value.

Grids (:mod:`tconv.render.gridsvg`), the step player's texts, the gather view's formulas and
the exercises' answers all print values with :func:`fmt`, so a number reads the same way
everywhere.
"""

from __future__ import annotations


def fmt(v: float) -> str:
    """A compact label for a cell value.

    Integers without decimals; other values up to 3 decimals (6.125 stays 6.125, 1/3 reads
    0.333) so that a learner can add the numbers up; very small or large ones with 3
    significant digits.
    """
    v = float(v)
    if v.is_integer() and abs(v) < 1e6:
        return str(int(v))
    if 0.001 <= abs(v) < 1000:
        return f"{v:.3f}".rstrip("0").rstrip(".")
    return f"{v:.3g}"
