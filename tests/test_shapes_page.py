"""AppTest for the Shapes & solver page: every widget by key, the formula, the tables, the
round trip, the relationships, the solver's output, the checkerboards and the links."""

from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tconv.app.config import Config
from tconv.app.sharelink import decode, encode
from tconv.arith import shapes
from tconv.arith.solver import solve
from tests.apptest import APP, app_test, shown, svg_numbers

NUMBER_KEYS = [  # one line per group of inputs (top six, solver, limits, checkerboard)
    "shapes_i", "shapes_k", "shapes_s", "shapes_p", "shapes_a", "shapes_d",
    "shapes_solve_i", "shapes_solve_o",
    "shapes_max_k", "shapes_max_s", "shapes_max_p", "shapes_max_d",
    "shapes_cb_k", "shapes_cb_s", "shapes_cb_d",
]  # fmt: skip
TRY_KEYS = [f"shapes_try_{n}" for n in range(5)] + ["shapes_load"]


@pytest.fixture(scope="module")
def page():
    return app_test("shapes")


def frame(at, column: str):
    """The dataframe or table shown with this column."""
    return next(df.value for df in [*at.dataframe, *at.table] if column in df.value.columns)


def markdown(at) -> str:
    return "\n".join(shown(at))


def set_values(at, **values):
    for key, value in values.items():
        at.number_input(key=key).set_value(value)
    return at.run()


def test_every_widget_is_there_by_key_and_nothing_fails(page):
    assert not page.exception
    assert page.title[0].value == "Shapes & solver"
    for key in NUMBER_KEYS:
        assert page.number_input(key=key) is not None
    for key in TRY_KEYS:
        assert page.button(key=key) is not None
    assert [t.label for t in page.tabs] == [
        "📏 Formula",
        "🔁 Round trip & the guide",
        "🧩 Inverse solver",
        "🏁 Checkerboards",
    ]


def test_defaults_come_from_the_shared_configuration():
    cfg = Config(x=np.ones((4, 4)), kernel=np.ones((3, 3)), stride=(3, 3), padding=(1, 1))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["tconv_config"] = encode(cfg)
    at.run()
    at.switch_page("pages/shapes.py").run()
    assert not at.exception
    values = {k: at.number_input(key=k).value for k in ("shapes_i", "shapes_k", "shapes_s")}
    assert values == {"shapes_i": 4, "shapes_k": 3, "shapes_s": 3}
    assert at.number_input(key="shapes_p").value == 1
    line = shapes.formula_line(4, 3, 3, 1, 0, 1)
    assert f"#### {line}" in markdown(at)
    # Edits persist; the button loads the (new) Playground configuration again.
    at.number_input(key="shapes_i").set_value(7).run()
    at.session_state["tconv_config"] = encode(Config(x=np.ones((5, 5)), kernel=np.ones((2, 2))))
    at.run()
    assert at.number_input(key="shapes_i").value == 7
    at.button(key="shapes_load").click().run()
    assert not at.exception
    assert at.number_input(key="shapes_i").value == 5 and at.number_input(key="shapes_k").value == 2
    assert at.number_input(key="shapes_s").value == 2  # the default Config's stride


def test_the_formula_term_by_term_follows_the_inputs():
    at = set_values(app_test("shapes"), shapes_i=4, shapes_k=3, shapes_s=2, shapes_p=1, shapes_a=1)
    assert not at.exception
    assert "#### (4 − 1)·2 − 2·1 + 1·(3 − 1) + 1 + 1 = 8" in markdown(at)
    terms = frame(at, "what it means")
    expected = shapes.formula_terms(4, 3, 2, 1, 1, 1)
    assert list(terms["term"]) == [t.term for t in expected]
    assert list(terms["value"]) == [t.value for t in expected]
    # The stride x padding table, and the current cell in it.
    table = frame(at, "p = 0")
    assert table.loc["s = 2", "p = 1"] == "8" and table.loc["s = 1", "p = 0"] == "a too large"
    assert table.loc["s = 4", "p = 8"] == "impossible"
    # The Playground link carries these parameters (and ones grids of these sizes).
    link = next(m.value for m in at.markdown if "Open this configuration" in m.value)
    cfg, warnings = decode(parse_qs(urlsplit(link[link.index("(") + 1 : -1]).query))
    assert warnings == [] and cfg.x.shape == (4, 4) and cfg.kernel.shape == (3, 3)
    assert (cfg.stride, cfg.padding, cfg.output_padding) == ((2, 2), (1, 1), (1, 1))


def test_bad_parameters_get_a_message_and_the_page_stays_usable():
    at = set_values(app_test("shapes"), shapes_s=2, shapes_a=3)  # a >= s and a >= d
    assert not at.exception
    assert any("output_padding (3) must be smaller than stride (2)" in e.value for e in at.error)
    assert len(frame(at, "overlap")) > 0  # the solver still works
    at = set_values(at, shapes_a=0, shapes_p=9)  # the crop leaves nothing
    assert not at.exception
    assert any("crops away the whole canvas" in e.value for e in at.error)
    assert any("is too large" in e.value for e in at.error)  # the round trip says so too


def test_round_trip_and_relationships_tables():
    at = set_values(app_test("shapes"), shapes_i=4, shapes_k=3, shapes_s=2, shapes_p=1)
    trip = frame(at, "Conv2d(n)")
    rt = shapes.round_trip(4, 3, 2, 1)
    assert list(trip["n"]) == list(rt.sizes) == [7, 8]
    assert list(trip["a = (n + 2p − k̂) mod s"]) == [0, 1]
    assert "maps **7 and 8** all to **4**" in markdown(at)
    assert "Your output_padding a = 0 picks **7**" in markdown(at)
    rels = frame(at, "guide's rule")
    assert list(rels.index) == [r.number for r in shapes.relationships(3, 2, 1, 1, 7)]
    assert list(rels.index) == [8, 9, 10, 11, 12, 13, 14]
    assert "Your output_padding a = 1 picks **8**" in markdown(set_values(at, shapes_a=1))


def test_the_solver_lists_every_solution_even_first_with_links():
    at = set_values(app_test("shapes"), shapes_solve_i=4, shapes_solve_o=8)
    sols = frame(at, "overlap")
    expected = solve(4, 8)
    assert len(sols) == len(expected)
    assert list(sols["k"]) == [x.kernel for x in expected]
    assert list(sols["p"]) == [x.padding for x in expected]
    assert sols["overlap"].iloc[0].endswith("even") and sols["overlap"].iloc[-1].endswith("holes")
    assert all(line.endswith("= 8") for line in sols["check"])
    first = sols["Playground"].iloc[0]
    cfg, warnings = decode(parse_qs(urlsplit(first).query))
    assert warnings == [] and cfg.kernel.shape == (2, 2) and cfg.stride == (2, 2)
    big = expected.index(next(x for x in expected if x.kernel > 5))
    assert sols["Playground"].iloc[big] == ""  # beyond the Playground: no link
    at = set_values(at, shapes_solve_i=5, shapes_solve_o=3, shapes_max_p=0)
    assert not at.exception
    assert any("No choice within these limits" in w.value for w in at.warning)


@pytest.mark.parametrize(
    ("button", "kind", "box"),
    [
        (0, "checkerboard", "warning"),
        (1, "even", "success"),
        (2, "holes", "error"),
        (4, "holes", "error"),
    ],
)
def test_checkerboard_examples_draw_the_overlap_and_the_verdict(button, kind, box):
    at = app_test("shapes")
    at.button(key=f"shapes_try_{button}").click().run()
    assert not at.exception
    k, s, d = (at.number_input(key=f"shapes_cb_{n}").value for n in "ksd")
    cb = shapes.checkerboard(k, s, d)
    assert cb.verdict.kind == kind
    assert any(cb.rule in e.value for e in getattr(at, box))
    html = markdown(at)
    assert svg_numbers(html, f"1D: taps per cell along a row ({cb.size} inputs)") == list(
        cb.counts_1d
    )
    assert svg_numbers(html, "2D: row × column") == list(cb.counts_2d.ravel())
    link = next(m.value for m in at.markdown if "See it in the Playground" in m.value)
    cfg, _ = decode(parse_qs(urlsplit(link[link.index("(") + 1 : -1]).query))
    assert (cfg.kernel == 1).all() and (cfg.x == 1).all() and cfg.stride == (s, s)


def test_checkerboard_beyond_the_playground_says_so():
    at = set_values(app_test("shapes"), shapes_cb_k=7, shapes_cb_s=1)
    assert not at.exception
    assert any("Outside the Playground's limits" in c.value for c in at.caption)


def test_the_solver_and_the_checkerboards_follow_the_six_inputs():
    """The issue's case: i=3, k=3, s=2, p=1, a=1 gives o=6; the solver must then solve 3 → 6
    and the checkerboards show k=3, s=2 (a checkerboard), not their first values."""
    at = app_test("shapes")
    at = set_values(at, shapes_i=3, shapes_k=3, shapes_s=2, shapes_p=1, shapes_a=1)
    assert not at.exception
    assert not any("default value" in w.value for w in at.warning)
    assert at.number_input(key="shapes_solve_i").value == 3
    assert at.number_input(key="shapes_solve_o").value == 6
    assert f"**{len(solve(3, 6))} choices** map 3 → 6" in markdown(at)
    assert any(c.value.startswith("A = i = 3 and B = o = 6") for c in at.caption)
    assert [at.number_input(key=f"shapes_cb_{n}").value for n in "ksd"] == [3, 2, 1]
    cb = shapes.checkerboard(3, 2, 1)
    assert cb.verdict.kind == "checkerboard"
    assert any(cb.rule in w.value for w in at.warning)
    # every one of the six inputs moves them
    at = set_values(at, shapes_d=2)
    assert at.number_input(key="shapes_solve_o").value == 8
    assert at.number_input(key="shapes_cb_d").value == 2
    at = set_values(at, shapes_i=4)
    assert at.number_input(key="shapes_solve_i").value == 4
    assert at.number_input(key="shapes_solve_o").value == 10


def test_own_values_in_the_tabs_are_said_to_be_their_own():
    at = set_values(app_test("shapes"), shapes_i=3, shapes_k=3, shapes_s=2, shapes_p=1)
    at = set_values(at, shapes_solve_o=9)
    assert any(
        "A = 3 and B = 9 are your own: the inputs above give 3 → 5" in c.value for c in at.caption
    )
    at = set_values(at, shapes_k=9, shapes_s=8)  # beyond the checkerboard tab's ranges
    ks = [at.number_input(key=f"shapes_cb_{n}").value for n in "ks"]
    assert ks == [7, 4]
    assert any("k = 9 above is more than this tab draws (7)" in c.value for c in at.caption)
    # an impossible output leaves B alone and says so
    at = set_values(at, shapes_k=1, shapes_s=1, shapes_p=8)
    assert any("give i = 3 and no valid output" in c.value for c in at.caption)
