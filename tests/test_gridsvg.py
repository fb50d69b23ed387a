"""SVG grids: labels a learner can add up, every cell drawn, highlights and shading."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tconv.core.fmt import fmt
from tconv.render.gridsvg import cell_for, grid_svg, grid_width
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


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_cell_number_has_contrast_on_its_own_cell():
    """Numbers sit on their cell (light in every theme): 4.5:1 at least, for every tint."""
    from tconv.render.gridsvg import HATCH, HATCH_INK, HATCH_LINE, fill, text_colour

    for v in np.linspace(-10, 10, 81):
        ink, paper = text_colour(v, 10.0), fill(v, 10.0)
        assert contrast(ink, paper) >= 4.5, (v, ink, paper)
    for paper in (HATCH, HATCH_LINE):  # cropped cells: hatched
        assert contrast(HATCH_INK, paper) >= 4.5, paper
    svg = grid_svg(np.array([[10.0, 7.0, -10.0]]), "g", shade=np.array([[False, False, True]]))
    assert svg.count(f'fill="{text_colour(10.0, 10.0)}">') == 2 and f'fill="{HATCH_INK}">' in svg


def test_title_and_labels_take_the_pages_text_colour():
    svg = grid_svg(np.ones((2, 2)), "title")
    assert '<text x="26" y="20" font-size="16" font-weight="bold" fill="currentColor">' in svg
    assert svg.count('fill="currentColor" fill-opacity="0.75"') == 4  # 2 row + 2 column labels
    assert "#666" not in svg and "#1A1A1A" not in svg.split("<rect")[0]


@given(st.integers(1, 30), st.integers(1, 30), st.integers(8, 60), st.text("xy ()×", max_size=40))
def test_grid_width_is_the_width_grid_svg_draws(h, w, cell, title):
    svg = grid_svg(np.zeros((h, w)), title, cell=cell)
    assert f'width="{grid_width(w, cell, title)}"' in svg.split(">", 1)[0]


@given(st.integers(1, 40), st.integers(40, 1400), st.integers(8, 30), st.integers(30, 60))
def test_cell_for_picks_the_largest_cell_that_fits_its_room(cells, room, lo, hi):
    cell = cell_for(cells, room, lo, hi)
    assert lo <= cell <= hi
    if cell > lo:  # not held up by the floor: the grid fits its room
        assert grid_width(cells, cell) <= room
    if cell < hi:  # not held down by the ceiling: one px more would not fit
        assert grid_width(cells, cell + 1) > room
