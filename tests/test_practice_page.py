"""AppTest for the Practice page: widgets by key, right and wrong answers, the session score,
seeds (same seed, same exercise), the "show me" link and a cleared seed."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tconv.app.exercises import KINDS, PARAMETERS, make_exercise
from tconv.app.sharelink import decode
from tests.apptest import app_test


def run(kind: str | None = None, seed: int | None = None):
    query = {}
    if kind:
        query["practice_kind"] = KINDS[kind]  # the bound widget uses the option's label
    if seed is not None:
        query["practice_seed"] = str(seed)
    return app_test("practice", query=query)


def answer(at, kind: str, value):
    """Put an answer into the page's widgets, then press Check."""
    if kind == "pick_parameters":
        for name in PARAMETERS:
            at.number_input(key=f"practice_{name}").set_value(value[name])
    elif kind == "spot_checkerboard":
        at.radio(key="practice_choice").set_value(value)
    else:
        at.number_input(key="practice_answer").set_value(value)
    return at.button(key="practice_check").click().run()


def wrong(ex):
    if ex.kind == "spot_checkerboard":
        return next(c for c in ex.choices if c != ex.answer)
    if ex.kind == "pick_parameters":
        return {**ex.answer, "padding": ex.answer["padding"] + 1}
    return ex.answer + 1


def prompt(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("##### ")).removeprefix("##### ")


def score(at) -> dict:
    return dict(at.session_state["practice_score"])


def test_widgets_by_key_and_the_default_exercise():
    at = run()
    assert not at.exception
    for key in ("practice_new", "practice_check", "practice_reset"):
        assert at.button(key=key) is not None
    assert at.segmented_control(key="practice_kind").value == "output_size"
    assert at.number_input(key="practice_seed").value == 1
    assert at.number_input(key="practice_answer").value is None
    assert prompt(at) == make_exercise("output_size", 1).prompt
    assert score(at) == {"correct": 0, "attempted": 0}
    assert at.metric[0].value == "0 / 0"
    assert not any("Show me in the Playground" in m.value for m in at.markdown)


@pytest.mark.parametrize("kind", list(KINDS))
def test_right_then_wrong_answers_give_feedback_and_keep_the_score(kind):
    at = run(kind, 11)
    assert at.segmented_control(key="practice_kind").value == kind
    ex = make_exercise(kind, 11)
    assert prompt(at) == ex.prompt
    at = answer(at, kind, ex.answer)
    assert not at.exception
    assert at.success and at.success[0].value.startswith("Right")
    assert score(at) == {"correct": 1, "attempted": 1}
    assert at.metric[0].value == "1 / 1"
    link = next(m.value for m in at.markdown if "Show me in the Playground" in m.value)
    cfg, warnings = decode(parse_qs(urlsplit(link[link.index("(") + 1 : -1]).query))
    assert warnings == [] and cfg == ex.config
    # A second answer to the same exercise gets feedback but is not scored again.
    at = answer(at, kind, wrong(ex))
    assert at.error and ex.check(wrong(ex)).message == at.error[0].value
    assert score(at) == {"correct": 1, "attempted": 1}
    # A wrong first answer to another exercise counts as attempted.
    at.number_input(key="practice_seed").set_value(12).run()
    ex12 = make_exercise(kind, 12)
    assert prompt(at) == ex12.prompt
    at = answer(at, kind, wrong(ex12))
    assert not at.exception and at.error
    assert score(at) == {"correct": 1, "attempted": 2}
    assert at.metric[0].value == "1 / 2"


def test_seeds_same_seed_same_exercise_and_new_exercise_changes_it():
    at = run("cell_value", 5)
    first = prompt(at)
    at.number_input(key="practice_seed").set_value(6).run()
    assert prompt(at) != first
    at.number_input(key="practice_seed").set_value(5).run()
    assert prompt(at) == first
    at.number_input(key="practice_answer").set_value(3).run()
    at.button(key="practice_new").click().run()
    assert not at.exception
    seed = at.number_input(key="practice_seed").value
    assert seed != 5 and prompt(at) == make_exercise("cell_value", seed).prompt
    assert at.number_input(key="practice_answer").value is None  # the old answer is cleared


def test_switching_kind_shows_its_widgets_and_clears_answers():
    at = run("output_size", 3)
    at.number_input(key="practice_answer").set_value(9).run()
    at.segmented_control(key="practice_kind").set_value("pick_parameters").run()
    assert not at.exception
    for name in PARAMETERS:
        assert at.number_input(key=f"practice_{name}").value is None
    at.segmented_control(key="practice_kind").set_value("spot_checkerboard").run()
    assert at.radio(key="practice_choice").options == ["even", "checkerboard", "holes"]
    at.segmented_control(key="practice_kind").set_value("output_size").run()
    assert at.number_input(key="practice_answer").value is None


def test_an_empty_answer_is_judged_not_crashed_and_reset_score_works():
    at = run("pick_parameters", 4)
    at.button(key="practice_check").click().run()
    assert not at.exception
    assert "Enter five whole numbers" in at.error[0].value
    assert score(at) == {"correct": 0, "attempted": 1}
    at.button(key="practice_reset").click().run()
    assert score(at) == {"correct": 0, "attempted": 0}


def test_a_cleared_seed_asks_for_one():
    at = run()
    at.number_input(key="practice_seed").set_value(None).run()
    assert not at.exception
    assert "Enter a seed" in at.info[0].value
