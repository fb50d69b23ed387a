"""The guided lesson: the path's order and timing, its page, and every stop's link opening
the right page with the right configuration (AppTest, with the link's query)."""

import re

import pytest

from tconv.app.lesson_path import STOPS, link_list, total_minutes
from tconv.app.sharelink import encode, query_string
from tconv.ui.lesson import LINK
from tconv.ui.sharing import find_copy_boxes
from tconv.ui.show import shown_html
from tconv.ui.state import STATE_KEY
from tests.apptest import app_test

TOPICS = [  # the order: a word each stop's title must contain
    "Example 1", "Example 2", "Example 3", "Stride", "Padding", "output_padding", "Dilation",
    "gather", "matrix", "photo", "Channels",
]  # fmt: skip


def test_the_path_covers_the_topics_in_order_in_fifty_minutes():
    assert [t in s.title for t, s in zip(TOPICS, STOPS, strict=True)] == [True] * len(TOPICS)
    assert total_minutes() == 50
    lines = link_list("https://class.example/").splitlines()
    assert len(lines) == len(STOPS)
    for n, (line, stop) in enumerate(zip(lines, STOPS, strict=True), 1):
        assert line == f"{n}. {stop.title} ({stop.minutes} min): https://class.example/{stop.link}"


def test_the_lesson_page_lists_every_stop_with_its_link_and_the_copyable_path():
    at = app_test("lesson")
    assert not at.exception
    assert at.title[0].value == "Guided lesson (50 minutes)"
    links = [m.group(1) for m in (re.search(r"\]\(([^)]*)\)$", x.value) for x in at.markdown) if m]
    assert links == [stop.link for stop in STOPS]
    assert find_copy_boxes(at)[0] == link_list()  # AppTest has no address: relative links


def warnings(at) -> list[str]:
    return [w.value for w in at.warning if "link" in w.value]


@pytest.mark.parametrize("stop", STOPS, ids=[s.title for s in STOPS])
def test_every_stop_opens_the_right_page_and_configuration(stop):
    at = app_test(stop.page, stop.query)
    assert not at.exception
    assert warnings(at) == []
    ss = at.session_state
    if stop.page == "playground":
        assert at.title[0].value == "Playground"
        assert ss[STATE_KEY] == encode(stop.config)  # what the Playground is showing
        assert {k: at.query_params[k] for k in encode(stop.config)} == encode(stop.config)
    elif stop.page == "compare":
        assert at.title[0].value == "Compare two configurations"
        pair = stop.pair
        assert ss["cmp_x"] == stop.query["x"]
        for side, cfg in (("a", pair.a), ("b", pair.b)):
            assert ss[f"cmp_{side}_k"] == stop.query[f"{side}_k"]
            got = [ss[f"cmp_{side}_{k}"] for k in "spad"]
            want = [cfg.stride[0], cfg.padding[0], cfg.output_padding[0], cfg.dilation[0]]
            assert got == want
        assert dict(at.query_params) == stop.query
    elif stop.page in ("views", "channels"):
        key = {"views": "views_config", "channels": "ch_config"}[stop.page]
        assert at.selectbox(key=key).value == LINK
        # the page's "Open this in the Playground" link carries the configuration it uses
        shown = [m.value for m in at.markdown if "(playground?" in m.value]
        assert shown[0].endswith(f"(playground?{query_string(stop.config)})")
        if stop.page == "views":  # the link opens the tab its instruction names
            view = stop.query["view"]
            assert at.session_state["view"] == view and f"*{view[4:]}* tab" in stop.instruction
            built = " ".join(shown_html(h.value) for h in at.html)
            assert {"2 · Gather": "gather result", "3 · Matrix": "y = Cᵀx"}[view] in built
    else:
        assert stop.page == "photo" and stop.query == {}
        assert at.title[0].value == "Photo upsampling"
