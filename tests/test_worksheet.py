"""Worksheets: golden seeds, request checks, and the PDF read back with poppler."""

import os
import re
import shutil
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tconv.app.exercises import KINDS, make_exercise
from tconv.app.worksheet import (
    MAX_EXERCISES,
    answer_text,
    check_request,
    exercise_seed,
    items,
    pages,
    pdf_bytes,
    practice_link,
    request_from_link,
    solution_text,
)

ALL = list(KINDS)
PICK_44 = {"kernel": 4, "stride": 4, "padding": 1, "output_padding": 0, "dilation": 1}
PICK_21 = {"kernel": 2, "stride": 1, "padding": 0, "output_padding": 0, "dilation": 1}
# (seed, kinds, count) -> every exercise's (kind, Practice seed, answer), and the page
# counts on A4 and Letter. Same request, same sheet, on every machine and version.
GOLDEN = {
    (42, tuple(ALL), 8): (
        [
            ("output_size", 72469, 9),
            ("cell_value", 40573, 0.0),
            ("pick_parameters", 7764, PICK_44),
            ("spot_checkerboard", 38995, "checkerboard"),
            ("output_size", 46725, 4),
            ("cell_value", 31855, 1.0),
            ("pick_parameters", 64209, PICK_21),
            ("spot_checkerboard", 4435, "checkerboard"),
        ],
        (5, 5),
    ),
    (7, ("output_size",), 5): (
        [
            ("output_size", 84804, 10),
            ("output_size", 43207, 2),
            ("output_size", 6012, 5),
            ("output_size", 31332, 11),
            ("output_size", 1138, 22),
        ],
        (2, 2),
    ),
    (2026, ("cell_value", "spot_checkerboard"), 6): (
        [
            ("cell_value", 42761, 0.0),
            ("spot_checkerboard", 94798, "checkerboard"),
            ("cell_value", 5308, 4.0),
            ("spot_checkerboard", 68574, "even"),
            ("cell_value", 94302, 3.0),
            ("spot_checkerboard", 8934, "holes"),
        ],
        (3, 4),
    ),
}
POPPLER = all(shutil.which(t) for t in ("pdfinfo", "pdftotext", "pdftoppm"))
needs_poppler = pytest.mark.skipif(
    not POPPLER and os.environ.get("TCONV_REQUIRE_BROWSER") != "1",
    reason="poppler-utils (pdfinfo, pdftotext, pdftoppm) not installed",
)


def request(seed, kinds, count):
    r, errors = check_request(str(seed), list(kinds), count)
    assert errors == []
    return r


@pytest.mark.parametrize("key", list(GOLDEN))
def test_golden_seeds_give_the_same_exercises_and_answers(key):
    got = [(it.exercise.kind, it.exercise.seed, it.exercise.answer) for it in items(request(*key))]
    assert got == GOLDEN[key][0]
    assert [it.number for it in items(request(*key))] == list(range(1, key[2] + 1))


def test_exercise_seeds_are_digests_in_the_practice_range():
    seeds = [exercise_seed(s, n) for s in range(20) for n in range(1, 25)]
    assert all(0 <= v <= 99_999 for v in seeds)
    assert len(set(seeds)) > 470  # distinct exercises, not a counter
    assert exercise_seed(42, 1) == 72469


@pytest.mark.parametrize(
    ("seed", "kinds", "count", "message"),
    [
        ("42", ALL, 0, "A worksheet has 1 to 24 exercises; '0' is not allowed."),
        ("42", ALL, 25, "A worksheet has 1 to 24 exercises; '25' is not allowed."),
        ("42", ALL, "many", "A worksheet has 1 to 24 exercises; 'many' is not allowed."),
        ("forty", ALL, 8, "The seed must be a whole number from 0 to 99,999; 'forty' is not."),
        ("-3", ALL, 8, "The seed must be a whole number from 0 to 99,999; '-3' is not."),
        ("100000", ALL, 8, "The seed must be a whole number from 0 to 99,999; '100000' is not."),
        ("", ALL, 8, "Enter a seed (a whole number)."),
        ("42", [], 8, "Choose at least one kind of exercise."),
        ("42", ["dance"], 8, "Unknown exercise kinds: 'dance'."),
    ],
)
def test_bad_requests_are_refused_with_a_clear_message(seed, kinds, count, message):
    r, errors = check_request(seed, kinds, count)
    assert r is None and errors == [message]


def test_the_link_round_trips_and_bad_links_say_why():
    r = request(42, ["spot_checkerboard", "output_size"], 6)  # any order: KINDS order
    assert r.kinds == ("output_size", "spot_checkerboard")
    link = practice_link(r)
    assert link == "practice?sheet=42&kinds=output_size,spot_checkerboard&n=6"
    query = dict(p.split("=") for p in link.split("?")[1].split("&"))
    assert request_from_link(query) == (r, [])
    assert request_from_link({"x": "1"}) == (None, [])
    assert request_from_link({"sheet": "abc", "n": "6"})[1] == [
        "The seed must be a whole number from 0 to 99,999; 'abc' is not."
    ]
    assert MAX_EXERCISES == 24


def test_worked_solutions_are_the_exercises_own_explanations():
    for it in items(request(42, ALL, 8)):
        ex = it.exercise
        assert ex.check(ex.answer).correct
        assert ex.check(ex.answer).message.endswith(solution_text(ex))
        assert not solution_text(ex).startswith("Right")
    assert answer_text(make_exercise("cell_value", 31855)) == "1"


def test_the_pdf_is_the_same_bytes_every_time():
    r = request(7, ["output_size"], 5)
    assert pdf_bytes(r) == pdf_bytes(r)
    assert pdf_bytes(r, "Letter") != pdf_bytes(r, "A4")


def _text(pdf: bytes, tmp_path, name="sheet.pdf") -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return info.stdout, text


@needs_poppler
@pytest.mark.parametrize("key", list(GOLDEN))
@pytest.mark.parametrize(("paper", "size"), [("A4", "595.44 x 841.68"), ("Letter", "612 x 792")])
def test_the_pdf_opens_with_the_expected_pages_and_the_librarys_answers(key, paper, size, tmp_path):
    r = request(*key)
    info, text = _text(pdf_bytes(r, paper, "https://class.example/"), tmp_path)
    expected_pages = GOLDEN[key][1][0 if paper == "A4" else 1]
    assert re.search(rf"^Pages:\s+{expected_pages}$", info, re.M)
    assert len(pages(r, paper)) == expected_pages
    assert size in info
    flat = " ".join(text.split())
    assert f"Worksheet, seed {key[0]}" in flat and f"Answer key · seed {key[0]}" in flat
    link = "https://class.example/" + practice_link(r)
    assert flat.count(link) == expected_pages  # on every page
    for it in items(r):
        ex = it.exercise
        assert f"{it.number}. {KINDS[ex.kind]} — answer: {answer_text(ex)}" in flat
        assert " ".join(solution_text(ex).split()) in flat
    # the key comes after every exercise, on pages of its own
    key_page = flat.index("Answer key")
    last_prompt = flat.rindex(f"{key[2]}. ")
    assert last_prompt > key_page  # the key's own "N. ..." line
    assert flat.index(f"{key[2]}. ") < key_page


@needs_poppler
def test_a_page_renders_to_a_png_with_ink_on_it(tmp_path):
    r = request(42, ALL, 8)
    (tmp_path / "sheet.pdf").write_bytes(pdf_bytes(r))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(tmp_path / "sheet.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    a = np.asarray(Image.open(png).convert("L"))
    assert a.shape == (585, 414)  # A4 at 50 dpi
    dark = a < 128
    assert 0.005 < dark.mean() < 0.2  # text and grids, not blank and not black
    assert dark[: a.shape[0] // 2].mean() > dark[a.shape[0] // 2 :].mean() * 0.3


@settings(max_examples=100)
@given(
    seed=st.one_of(st.text(max_size=12), st.integers(-5, 200_000).map(str)),
    kinds=st.lists(st.sampled_from([*ALL, "dance", ""]), max_size=5),
    count=st.one_of(st.integers(-3, 40), st.text(max_size=5), st.floats(allow_nan=True)),
)
def test_any_request_is_either_valid_or_refused_with_messages(seed, kinds, count):
    r, errors = check_request(seed, kinds, count)
    assert (r is None) == bool(errors)
    if r is not None:
        assert 0 <= r.seed <= 99_999 and 1 <= r.count <= MAX_EXERCISES and r.kinds


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 99_999),
    kinds=st.lists(st.sampled_from(ALL), min_size=1, max_size=4, unique=True),
    count=st.integers(1, MAX_EXERCISES),
    paper=st.sampled_from(["A4", "Letter"]),
)
def test_every_exercise_is_on_one_page_and_in_the_key_once(seed, kinds, count, paper):
    r = request(seed, kinds, count)
    layout = pages(r, paper)
    exercises = [it.number for kind, page in layout if kind == "exercises" for it in page]
    key = [it.number for kind, page in layout if kind == "key" for it in page]
    assert exercises == key == list(range(1, count + 1))
    assert [kind for kind, _ in layout] == sorted(kind for kind, _ in layout)  # key last
    assert all(page for _, page in layout)
