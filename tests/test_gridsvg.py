"""SVG grids: labels a learner can add up, every cell drawn, highlights and shading."""

import numpy as np

from tconv.core.fmt import fmt
from tconv.render.gridsvg import grid_svg
from tconv.render.palette import VERMILLION, css
from tests.apptest import svg_numbers


def test_labels():
    assert [fmt(v) for v in (3.0, -2.0, 6.125, 1 / 3, -0.1, 12.3456)] == [
        "3", "-2", "6.125", "0.333", "-0.1", "12.346",
    ]  # fmt: skip
    assert fmt(0.0004) == "0.0004" and fmt(123456.7) == "1.23e+05"


def test_every_cell_is_drawn_in_row_major_order():
    a = np.array([[1.5, -2.0, 0.0], [4.0, 0.125, 6.0]])
    svg = grid_svg(a, "g", highlight=[(1, 2)], shade=np.eye(2, 3, dtype=bool))
    assert svg_numbers(svg, "g") == a.ravel().tolist()
    assert svg.count(f'stroke="{css(VERMILLION)}"') == 1  # one highlighted cell
    assert svg.count('fill="url(#hatch)"') == 2  # two shaded cells
