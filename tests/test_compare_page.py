"""Compare page (AppTest): both sides step together, links restore both sides, bad input."""

import re

from tconv.app.compare import PAIRS, encode_pair
from tconv.ui.sharing import find_copy_boxes
from tests.apptest import app_test, shown


def frames(at) -> list[str]:
    """The step titles of the two canvas frames, e.g. ['A: canvas, step 1/9', ...]."""
    html = "".join(shown(at))
    return re.findall(r">([AB]: canvas, step \d+/\d+)</text>", html)


def test_both_sides_step_together():
    at = app_test("compare")
    assert not at.exception
    assert frames(at) == ["A: canvas, step 1/9", "B: canvas, step 1/9"]
    at.button(key="cmp_next").click().run()
    assert frames(at) == ["A: canvas, step 2/9", "B: canvas, step 2/9"]
    at.button(key="cmp_last").click().run()
    assert frames(at) == ["A: canvas, step 9/9", "B: canvas, step 9/9"]
    at.button(key="cmp_next").click().run()  # stays on the last step
    assert frames(at) == ["A: canvas, step 9/9", "B: canvas, step 9/9"]
    at.slider(key="cmp_step").set_value(4).run()
    assert frames(at) == ["A: canvas, step 4/9", "B: canvas, step 4/9"]
    captions = [c.value for c in at.caption if c.value.startswith("Step 4 of 9")]
    assert len(captions) == 2
    at.button(key="cmp_prev").click().run()
    at.button(key="cmp_first").click().run()
    assert frames(at) == ["A: canvas, step 1/9", "B: canvas, step 1/9"]
    assert (
        at.info[0].value == "What differs: size (A 7×7, B 6×6); overlap (A checkerboard, B even)."
    )


def test_a_share_link_restores_both_sides_and_the_url_follows_edits():
    pair = PAIRS[3]  # output_padding 0 vs 1
    at = app_test("compare", encode_pair(pair.a, pair.b))
    assert not at.exception
    assert not [w for w in at.warning if "could not be used" in w.value]
    ss = at.session_state
    assert ss["cmp_x"] == "1,2,0;0,1,2;2,0,1" and ss["cmp_b_a"] == 1 and ss["cmp_a_a"] == 0
    assert [m.value for m in at.markdown if m.value.startswith("**")][:2] == [
        "**A** · k 3×3 · s 2 · p 1 · a 0 · d 1 → **5×5**",
        "**B** · k 3×3 · s 2 · p 1 · a 1 · d 1 → **6×6**",
    ]
    assert dict(at.query_params) == encode_pair(pair.a, pair.b)
    at.number_input(key="cmp_a_p").set_value(0).run()  # an edit: the URL follows, no reload
    assert at.query_params["a_p"] == "0" and at.session_state["cmp_a_p"] == 0
    assert at.session_state["cmp_b_a"] == 1
    code = find_copy_boxes(at)[-1]
    assert "a_p=0" in code and "b_a=1" in code and "x=1,2,0;0,1,2;2,0,1" in code


def test_a_link_with_one_bad_side_keeps_the_good_side():
    pair = PAIRS[1]
    at = app_test("compare", encode_pair(pair.a, pair.b) | {"b_s": "abc"})
    assert not at.exception
    text = at.warning[0].value
    assert "Configuration B: the link's stride could not be used" in text
    assert "Configuration A" not in text
    ss = at.session_state
    assert (ss["cmp_a_s"], ss["cmp_a_p"], ss["cmp_b_p"]) == (2, 0, 1)
    assert ss["cmp_b_s"] == 2  # this page's default for B
    assert len(frames(at)) == 2


def test_bad_text_is_kept_and_named_and_the_other_side_still_shows():
    at = app_test("compare")
    at.text_input(key="cmp_b_k").input("1,2;3").run()
    assert not at.exception
    assert at.text_input(key="cmp_b_k").value == "1,2;3"
    assert any(e.value.startswith("Kernel B: rows have different lengths") for e in at.error)
    assert frames(at) == ["A: canvas, step 1/9"]
    at.text_input(key="cmp_b_k").input("1,1;1,1").run()
    assert len(frames(at)) == 2 and not at.error
    at.text_input(key="cmp_x").input("1,x").run()
    assert at.text_input(key="cmp_x").value == "1,x"
    assert any(e.value.startswith("Input x (shared):") for e in at.error)
    assert frames(at) == [] and not at.exception


def test_impossible_parameters_name_the_side():
    at = app_test("compare")
    at.number_input(key="cmp_a_p").set_value(6).run()
    assert not at.exception
    assert any(
        e.value.startswith("Configuration A: PyTorch would refuse this: padding (6)")
        for e in at.error
    )
    assert frames(at) == ["B: canvas, step 1/9"]


def test_a_ready_made_pair_loads_both_sides():
    at = app_test("compare")
    at.selectbox(key="cmp_pair").set_value(PAIRS[4].name).run()
    assert (at.session_state["cmp_a_d"], at.session_state["cmp_b_d"]) == (1, 2)
    assert frames(at) == ["A: canvas, step 1/4", "B: canvas, step 1/4"]
    assert at.info[0].value.startswith("What differs: size (A 4×4, B 6×6)")


def test_both_sides_draw_cells_of_one_size_so_the_larger_canvas_looks_larger():
    at = app_test("compare")
    html = [m for m in shown(at) if "canvas, step" in m]
    sizes = [_cell_sizes(h) for h in html]
    assert len(sizes) == 2 and sizes[0] == sizes[1] and len(sizes[0]) == 1


def _cell_sizes(html: str) -> set[float]:
    """The cell sizes of a grid: the gaps between its horizontal grid lines (one path)."""
    paths = re.findall(r'<path d="([^"]+)" stroke="#888"', html)
    gaps = set()
    for d in paths:
        ys = [float(y) for y in re.findall(r"M[\d.]+ ([\d.]+)h", d)]
        gaps |= {round(b - a, 3) for a, b in zip(ys, ys[1:], strict=False)}
    return gaps
