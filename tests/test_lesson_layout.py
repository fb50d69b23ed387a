"""The narrow-screen layout rules of tconv.ui.lesson (pure arithmetic, no page)."""

import numpy as np

from tconv.ui.lesson import MIN_CELL, NARROW_PAGE, fit_cell, per_line, shrunk_cell


def test_a_grid_that_fits_keeps_its_cells_and_a_wide_one_shrinks_in_proportion():
    small = np.zeros((2, 2))
    assert shrunk_cell(small, "x", 400, 200) == fit_cell(small.shape, 200)
    big = np.zeros((4, 20))
    natural = 34 + 20 * fit_cell(big.shape, 900)
    assert shrunk_cell(big, "y", natural / 2, 900) == fit_cell(big.shape, 900) / 2


def test_a_long_title_counts_like_a_wide_grid():
    tiny = np.zeros((1, 1))
    assert shrunk_cell(tiny, "t" * 60, 317, 200) < shrunk_cell(tiny, "t", 317, 200)


def test_per_line_puts_fewer_grids_in_a_line_as_they_widen():
    def items(cols, n):
        return [(np.zeros((3, cols)), f"g{i}") for i in range(n)]

    assert per_line(items(2, 4), 200, 4) == 4
    five_wide = per_line(items(5, 4), 200, 4)
    assert 1 <= five_wide < 4
    assert per_line(items(30, 4), 200, 4) == 1
    # whatever it picks, the grids keep MIN_CELL on the narrow page
    n = five_wide
    room = (NARROW_PAGE - 16 * (n - 1)) / n
    assert all(shrunk_cell(v, t, room, 200) >= MIN_CELL for v, t in items(5, 4))
