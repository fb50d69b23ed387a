"""Practice: generated exercises with instant feedback, a seed to share, a session score."""

import random
import re

import streamlit as st

from tconv.app.exercises import KINDS, PARAMETERS, make_exercise
from tconv.render.gridsvg import cell_for, grid_svg
from tconv.ui import worksheet
from tconv.ui.lesson import NARROW_PAGE
from tconv.ui.router import ensure_routed
from tconv.ui.show import svg
from tconv.ui.state import playground_link

ensure_routed()

SCORE = "practice_score"  # {"correct": int, "attempted": int}: first answers only
ANSWERED = "practice_answered"  # ids ("kind:seed") of the exercises already scored
FEEDBACK = "practice_feedback"  # {"id", "correct", "message"} of the last check
ANSWER_KEYS = ("practice_answer", "practice_choice", *(f"practice_{n}" for n in PARAMETERS))
LABELS = {
    "kernel": "kernel_size k",
    "stride": "stride s",
    "padding": "padding p",
    "output_padding": "output_padding a",
    "dilation": "dilation d",
}


def clear_answers() -> None:
    for key in ANSWER_KEYS:
        st.session_state[key] = None


def new_exercise() -> None:
    st.session_state["practice_seed"] = random.randrange(1, 100_000)
    clear_answers()


def reset_score() -> None:
    st.session_state[SCORE] = {"correct": 0, "attempted": 0}
    st.session_state[ANSWERED] = []


def the_answer(kind: str):
    if kind == "pick_parameters":
        return {n: st.session_state.get(f"practice_{n}") for n in PARAMETERS}
    if kind == "spot_checkerboard":
        return st.session_state.get("practice_choice")
    return st.session_state.get("practice_answer")


WHOLE = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
NOTHING = " Nothing was scored."
FORMAT = {  # the format hint of a malformed answer, per kind
    "output_size": (WHOLE, "Write one whole number, such as 7 (digits only, no comma or letter)."),
    "cell_value": (NUMBER, "Write one number, such as 4, -2 or 0.5 (a point for decimals)."),
}


def read_answer(kind: str):
    """``(answer, None)``, or ``(None, what to fix)`` for an empty or malformed answer.

    The answer box is text, so "3," or "x" reach the page and get a format hint instead of
    counting as a wrong answer (which would also reveal the right one).
    """
    answer = the_answer(kind)
    if kind == "pick_parameters":
        missing = [LABELS[n] for n, v in answer.items() if v is None]
        if len(missing) == len(PARAMETERS):
            return None, "Enter your five numbers first." + NOTHING
        if missing:
            return None, f"Fill in {', '.join(missing)} too: all five are needed." + NOTHING
        return answer, None
    if kind == "spot_checkerboard":
        return (answer, None) if answer else (None, "Choose an answer first." + NOTHING)
    text = (answer or "").strip()
    if not text:
        return None, "Enter an answer first." + NOTHING
    pattern, hint = FORMAT[kind]
    if not pattern.fullmatch(text):
        return None, hint + NOTHING
    return (int(text) if kind == "output_size" else float(text)), None


def check(kind: str, seed: int) -> None:
    """Judge the answer in the widgets; only the first answer to an exercise is scored.

    An empty or malformed answer gets a hint and costs nothing (no score, no answer shown).
    """
    ident = f"{kind}:{seed}"
    answer, problem = read_answer(kind)
    if problem:
        st.session_state[FEEDBACK] = {"id": ident, "correct": None, "message": problem}
        return
    ex = make_exercise(kind, seed)
    fb = ex.check(answer)
    st.session_state[FEEDBACK] = {"id": ident, "correct": fb.correct, "message": fb.message}
    if ident not in st.session_state[ANSWERED]:
        st.session_state[ANSWERED].append(ident)
        score = st.session_state[SCORE]
        score["attempted"] += 1
        score["correct"] += int(fb.correct)


if SCORE not in st.session_state:
    reset_score()

st.title("Practice")
st.markdown(
    "Exercises generated from a **seed**: the same seed gives the same exercise, so a class "
    "can work on *seed 17* together. Your score counts the first answer to each exercise."
)
# The worksheet block (printable PDF; a worksheet's link opens its exercises here).
worksheet.generator()
worksheet.from_link(clear_answers)
kind = st.segmented_control(
    "Exercise",
    list(KINDS),
    format_func=KINDS.get,
    key="practice_kind",
    default="output_size",
    required=True,
    bind="query-params",
    on_change=clear_answers,
    persist_state="session",
)
st.session_state.setdefault("practice_seed", 1)
# wide enough for "🎲 New exercise" and "Reset score" beside an open sidebar on 1024 px
top = st.columns([1, 1.7, 1, 1.4, 0.4], vertical_alignment="bottom")
seed = top[0].number_input(
    "Seed",
    0,
    99_999,
    value=None,
    step=1,
    key="practice_seed",
    bind="query-params",
    on_change=clear_answers,
    persist_state="session",
    help="Share it: same seed, same exercise.",
)
top[1].button("🎲 New exercise", key="practice_new", on_click=new_exercise, width="stretch")
score = st.session_state[SCORE]
top[2].metric("Score", f"{score['correct']} / {score['attempted']}")
top[3].button("Reset score", key="practice_reset", on_click=reset_score, width="stretch")

if seed is None:
    st.info("Enter a seed (any whole number), or press **New exercise**.")
    st.stop()
ex = make_exercise(kind, seed)
st.subheader(f"{KINDS[kind]} · seed {seed}", divider="gray")
st.markdown(f"##### {ex.prompt}")
cols = st.columns(max(len(ex.grids), 1))
for col, g in zip(cols, ex.grids, strict=False):
    cell = cell_for(max(g.values.shape), NARROW_PAGE, 24, 44)  # the narrow screen
    with col:
        svg(grid_svg(g.values, g.title, cell=cell, highlight=g.highlight, shade=g.shade), fit=True)

if kind == "pick_parameters":
    for col, name in zip(st.columns(6), PARAMETERS, strict=False):
        lo = 0 if name in ("padding", "output_padding") else 1
        col.number_input(
            LABELS[name], lo, 9, value=None, step=1, key=f"practice_{name}", persist_state="session"
        )
elif kind == "spot_checkerboard":
    st.radio(
        "The overlap is",
        ex.choices,
        index=None,
        key="practice_choice",
        horizontal=True,
        persist_state="session",
    )
else:
    label = "Output rows" if kind == "output_size" else "Your value"
    st.columns(6)[0].text_input(
        label,
        value=None,
        key="practice_answer",
        max_chars=20,
        placeholder="a number",
        persist_state="session",
    )
st.button("Check", key="practice_check", type="primary", on_click=check, args=(kind, seed))

fb = st.session_state.get(FEEDBACK)
if fb and fb["id"] == f"{kind}:{seed}" and fb["correct"] is None:  # nothing judged yet
    st.warning(fb["message"], icon="✍️")
elif fb and fb["id"] == f"{kind}:{seed}":
    (st.success if fb["correct"] else st.error)(fb["message"], icon="✅" if fb["correct"] else "❌")
    if ex.config is not None:
        playground_link(ex.config, "Show me in the Playground")
