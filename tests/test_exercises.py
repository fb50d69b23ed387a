"""Practice exercises: reproducible per seed, answers agree with torch, feedback explains."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.app.exercises import KINDS, PARAMETERS, VERDICTS, Feedback, make_exercise
from tconv.app.sharelink import decode, encode, query_string
from tconv.arith.overlap import overlap_verdict
from tconv.arith.solver import solve
from tests.strategies import torch_config

seeds = st.integers(0, 2**31)


def wrong_answer(ex):
    if ex.kind == "spot_checkerboard":
        return next(v for v in VERDICTS if v != ex.answer)
    if ex.kind == "pick_parameters":
        return {**ex.answer, "padding": ex.answer["padding"] + 1}
    return ex.answer + 1


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=40)
@given(seed=seeds)
def test_the_same_seed_gives_the_same_exercise(kind, seed):
    a, b = make_exercise(kind, seed), make_exercise(kind, seed)
    assert (a.kind, a.seed, a.prompt, a.answer, a.choices) == (
        kind,
        seed,
        b.prompt,
        b.answer,
        b.choices,
    )
    assert a.config == b.config
    assert [(g.title, g.values.tolist()) for g in a.grids] == [
        (g.title, g.values.tolist()) for g in b.grids
    ]


@pytest.mark.parametrize("kind", list(KINDS))
def test_different_seeds_give_different_exercises(kind):
    prompts = {
        (make_exercise(kind, s).prompt, str(make_exercise(kind, s).answer)) for s in range(30)
    }
    assert len(prompts) >= 8


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=40)
@given(seed=seeds)
def test_right_answers_pass_and_wrong_ones_fail_with_an_explanation(kind, seed):
    ex = make_exercise(kind, seed)
    ok = ex.check(ex.answer)
    assert isinstance(ok, Feedback) and ok.correct and ok.message.startswith("Right")
    bad = ex.check(wrong_answer(ex))
    assert not bad.correct and not bad.message.startswith("Right")
    for junk in (None, "", "abc", float("nan"), float("inf"), 10**400, {"kernel": "x"}):
        assert not ex.check(junk).correct
    # The explanation always carries the right answer.
    shown = {
        "output_size": lambda: f"= {ex.answer}.",
        "cell_value": lambda: f"= {ex.answer:g}",
        "pick_parameters": lambda: ", ".join(f"{n}={v}" for n, v in ex.answer.items()),
        "spot_checkerboard": lambda: f"it is {ex.answer}",
    }[kind]()
    assert shown in bad.message


@pytest.mark.parametrize("kind", list(KINDS))
@settings(max_examples=30)
@given(seed=seeds)
def test_answers_agree_with_torch(kind, seed):
    ex = make_exercise(kind, seed)
    cfg = ex.config
    assert cfg is not None and decode(encode(cfg)) == (cfg, [])  # "show me" opens it as is
    out = torch_config(cfg)
    if kind == "output_size":
        assert out.shape == (ex.answer, ex.answer)
    elif kind == "cell_value":
        r, c = (int(v) for v in ex.prompt.split("output[")[1].split("]")[0].split(","))
        assert math.isclose(out[r, c], ex.answer, abs_tol=1e-9)
        x, k = (g.values for g in ex.grids)
        np.testing.assert_array_equal(x, cfg.x)
        np.testing.assert_array_equal(k, cfg.kernel)
        assert set(np.unique(np.concatenate([x.ravel(), k.ravel()]))) <= set(range(-1, 4))
    elif kind == "pick_parameters":
        i = cfg.x.shape[0]
        o = int(ex.prompt.split("into a **")[1].split("×")[0])
        assert out.shape == (o, o) and f"**{i}×{i}** input" in ex.prompt
        assert (cfg.kernel.shape[0], cfg.stride[0]) == (ex.answer["kernel"], ex.answer["stride"])
    else:
        # A ones input and a ones kernel: torch's output is the overlap count.
        np.testing.assert_array_equal(cfg.x, 1)
        np.testing.assert_array_equal(cfg.kernel, 1)
        k, s, d = cfg.kernel.shape[0], cfg.stride[0], cfg.dilation[0]
        assert overlap_verdict(k, s, d).kind == ex.answer
        for g in ex.grids:
            np.testing.assert_array_equal(g.values, out)
            assert g.shade is not None and g.shade.shape == out.shape


def test_pick_parameters_accepts_every_valid_choice_and_names_pytorchs_rule():
    ex = make_exercise("pick_parameters", 7)
    i = ex.config.x.shape[0]
    o = int(ex.prompt.split("into a **")[1].split("×")[0])
    for sol in solve(i, o):
        fb = ex.check({n: getattr(sol, n) for n in PARAMETERS})
        assert fb.correct, (sol, fb)
        assert ("overlap" in fb.message) == (sol.overlap != "even")
    bad = ex.check({**ex.answer, "output_padding": ex.answer["stride"] + 3})
    assert not bad.correct and "must be smaller than stride" in bad.message
    assert ex.check({**ex.answer, "kernel": "3"}).correct == (ex.answer["kernel"] == 3)


def test_spot_the_checkerboard_covers_every_verdict_and_both_forms():
    exs = [make_exercise("spot_checkerboard", s) for s in range(40)]
    assert {e.answer for e in exs} == set(VERDICTS)
    assert {bool(e.grids) for e in exs} == {True, False}
    assert all(e.choices == VERDICTS for e in exs)


def test_output_size_hints_name_the_usual_mistakes():
    ex = next(
        e for e in (make_exercise("output_size", s) for s in range(200)) if "padding=" in e.prompt
    )
    p = ex.config.padding[0]
    assert "Padding crops" in ex.check(ex.answer + 2 * p).message


def test_cell_value_explains_the_sum_of_taps():
    ex = make_exercise("cell_value", 2)
    fb = ex.check(ex.answer + 1)
    assert "x[" in fb.message and "K[" in fb.message and "canvas cell" in fb.message


@pytest.mark.parametrize(
    ("kind", "seed", "message"),
    [
        ("nope", 1, "unknown exercise kind"),
        ("output_size", -1, "seed must be a whole number"),
        ("output_size", 1.5, "seed must be a whole number"),
        ("output_size", True, "seed must be a whole number"),
    ],
)
def test_bad_kind_or_seed_raise_value_errors(kind, seed, message):
    with pytest.raises(ValueError, match=message):
        make_exercise(kind, seed)


# A teacher's "exercise 42" must stay exercise 42: tests/golden_exercises.json holds exercises
# generated before the package was split into layers (seeds 0 and 42 of every kind): prompt,
# answer, Playground link and the feedback for the right answer. They must never change; a
# new kind of exercise adds its own entries.
GOLDEN = json.loads((Path(__file__).parent / "golden_exercises.json").read_text())


@pytest.mark.parametrize("gold", GOLDEN, ids=lambda g: f"{g['kind']}-{g['seed']}")
def test_golden_exercises_stay_the_same(gold):
    ex = make_exercise(gold["kind"], gold["seed"])
    assert ex.prompt == gold["prompt"]
    assert ex.answer == gold["answer"]
    assert query_string(ex.config) == gold["link"]
    assert ex.check(gold["answer"]) == Feedback(True, gold["feedback_when_right"])


def test_the_golden_file_covers_every_kind():
    assert {g["kind"] for g in GOLDEN} == set(KINDS)
