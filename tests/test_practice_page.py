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
        at.text_input(key="practice_answer").set_value(None if value is None else str(value))
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
    assert at.text_input(key="practice_answer").value is None
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
    at.text_input(key="practice_answer").set_value("3").run()
    at.button(key="practice_new").click().run()
    assert not at.exception
    seed = at.number_input(key="practice_seed").value
    assert seed != 5 and prompt(at) == make_exercise("cell_value", seed).prompt
    assert at.text_input(key="practice_answer").value is None  # the old answer is cleared


def test_switching_kind_shows_its_widgets_and_clears_answers():
    at = run("output_size", 3)
    at.text_input(key="practice_answer").set_value("9").run()
    at.segmented_control(key="practice_kind").set_value("pick_parameters").run()
    assert not at.exception
    for name in PARAMETERS:
        assert at.number_input(key=f"practice_{name}").value is None
    at.segmented_control(key="practice_kind").set_value("spot_checkerboard").run()
    assert at.radio(key="practice_choice").options == ["even", "checkerboard", "holes"]
    at.segmented_control(key="practice_kind").set_value("output_size").run()
    assert at.text_input(key="practice_answer").value is None


def assert_nothing_scored(at, ex, words: str) -> None:
    """A hint (not a verdict): nothing scored, the right answer not revealed, no link."""
    assert not at.exception and not at.error and not at.success
    (hint,) = [w.value for w in at.warning]
    assert words in hint and hint.endswith("Nothing was scored.")
    assert score(at) == {"correct": 0, "attempted": 0}
    assert at.metric[0].value == "0 / 0"
    assert not any("Show me in the Playground" in m.value for m in at.markdown)
    assert ex.check(ex.answer).message not in hint


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_empty_check_asks_for_an_answer_and_costs_nothing(kind):
    at = run(kind, 4)
    ex = make_exercise(kind, 4)
    at.button(key="practice_check").click().run()
    assert_nothing_scored(at, ex, "first")
    at = answer(at, kind, ex.answer)  # the first real answer still counts as the first
    assert at.success and score(at) == {"correct": 1, "attempted": 1}


@pytest.mark.parametrize("kind", ["output_size", "cell_value"])
@pytest.mark.parametrize("text", ["3,", "x", "1 2", "3.5.1", "1e309"])
def test_a_malformed_answer_gets_a_format_hint_and_costs_nothing(kind, text):
    at = answer(run(kind, 4), kind, text)
    hint = "Write one whole number" if kind == "output_size" else "Write one number"
    assert_nothing_scored(at, make_exercise(kind, 4), hint)


def test_answers_are_read_with_signs_spaces_and_decimals():
    ex = make_exercise("output_size", 4)
    at = answer(run("output_size", 4), "output_size", f"  +{ex.answer} ")
    assert at.success and score(at) == {"correct": 1, "attempted": 1}
    ex = make_exercise("cell_value", 4)
    at = answer(run("cell_value", 4), "cell_value", f"{ex.answer:.1f}")
    assert at.success, [e.value for e in at.error]
    assert answer(at, "cell_value", "3.5").error  # a later wrong answer: judged, not scored
    assert score(at) == {"correct": 1, "attempted": 1}


def test_a_partly_filled_parameter_answer_names_the_missing_fields_and_reset_works():
    at = run("pick_parameters", 4)
    ex = make_exercise("pick_parameters", 4)
    at.number_input(key="practice_kernel").set_value(3)
    at.number_input(key="practice_stride").set_value(2)
    at.button(key="practice_check").click().run()
    assert_nothing_scored(at, ex, "Fill in padding p, output_padding a, dilation d too")
    at = answer(at, "pick_parameters", {**ex.answer, "padding": ex.answer["padding"] + 1})
    assert at.error and score(at) == {"correct": 0, "attempted": 1}
    at.button(key="practice_reset").click().run()
    assert score(at) == {"correct": 0, "attempted": 0}


def test_a_cleared_seed_asks_for_one():
    at = run()
    at.number_input(key="practice_seed").set_value(None).run()
    assert not at.exception
    assert "Enter a seed" in at.info[0].value
