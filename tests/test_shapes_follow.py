"""The Shapes & solver page's following rules (tconv.ui.shapes_follow) on a plain dict."""

from hypothesis import given
from hypothesis import strategies as st

from tconv.arith import shapes
from tconv.ui.shapes_follow import (
    CB,
    TOP,
    checkerboard_caption,
    follow,
    output_of,
    solver_caption,
)

TOP_VALUES = st.tuples(*(st.integers(lo, hi) for _, _, lo, hi, _ in TOP))


@given(TOP_VALUES)
def test_the_solver_and_the_checkerboard_follow_the_six_inputs(values):
    state = {t[0]: v for t, v in zip(TOP, values, strict=True)}
    state["shapes_solve_o"] = -1  # the user's own B, kept when the inputs give no output
    follow(state)
    i, k, s, p, a, d = values
    assert state["shapes_solve_i"] == i
    o = output_of(i, k, s, p, a, d)
    assert state["shapes_solve_o"] == (-1 if o is None else o)
    assert (state["shapes_cb_k"], state["shapes_cb_s"], state["shapes_cb_d"]) == (
        min(k, 7),
        min(s, 4),
        min(d, 3),
    )
    assert all(state[key] <= hi for key, (_, hi) in CB.items())


def test_output_of_is_the_formula_or_none():
    assert output_of(2, 2, 2, 0, 0, 1) == 4  # the seed's Example 1
    assert output_of(4, 3, 2, 1, 0, 1) == shapes.formula_terms(4, 3, 2, 1, 0, 1)[-1].value == 7
    assert output_of(1, 1, 1, 5, 0, 1) is None  # the crop leaves nothing
    assert output_of(3, 3, 1, 0, 2, 1) is None  # output_padding a >= s and a >= d


def test_captions_say_whose_values_the_tabs_show():
    assert solver_caption(4, 7, 4, 7).startswith("A = i = 4 and B = o = 7: the inputs above")
    assert "are your own" in solver_caption(5, 7, 4, 7)
    assert "no valid output" in solver_caption(5, 7, 4, None)
    assert checkerboard_caption((3, 2, 1), (3, 2, 1)).startswith("k = 3, s = 2, d = 1: the inputs")
    own = checkerboard_caption((7, 4, 1), (9, 8, 1))
    assert "this tab's own" in own
    assert "k = 9 above is more than this tab draws (7)" in own
    assert "s = 8 above is more than this tab draws (4)" in own
