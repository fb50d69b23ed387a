"""Share links on every page that reads one (Playground, Four views, Channels): each valid
parameter is kept, each invalid one is named with its rule, and the link's text is shown
as plain text, never as live Markdown (a crafted link must not put a link or an image
into the page)."""

import re

import pytest

from tconv.app.sharelink import decode
from tconv.ui.lesson import LINK
from tests.apptest import app_test, unescaped

PAGES = ("playground", "views", "channels")
MARKUP = ("[Session expired - click](http://x)", "![t](http://x/t.png)")


def problems(at) -> list[str]:
    return [w.value for w in at.warning if "could not be used" in w.value]


def live_markup(markdown: str) -> list[str]:
    """Characters that Markdown would act on: any [ ] ( ) ! < > not escaped by a backslash
    (the box's own bold header aside)."""
    body = markdown.replace("**Parts of this link could not be used:**", "")
    return re.findall(r"(?<!\\)[\[\]()!<>]", body)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("text", MARKUP)
def test_a_links_text_never_becomes_markdown(page, text):
    at = app_test(page, query={"x": text, "s": "3"})
    assert not at.exception
    (box,) = problems(at)
    assert live_markup(box) == [], box
    assert "http" not in box and "Session" not in box
    assert "input x (x)" in unescaped(box)  # the parameter is named, with its rule


@pytest.mark.parametrize("page", PAGES)
def test_only_the_invalid_parameter_falls_back(page):
    """s=1, d=1, a=1: only output_padding breaks a rule (a < s or a < d)."""
    query = {"x": "1,2;3,4", "k": "1,1;1,1", "s": "1", "d": "1", "a": "1", "p": "1"}
    at = app_test(page, query=query)
    assert not at.exception
    (box,) = problems(at)
    text = unescaped(box)
    assert (
        "output_padding (a) = 1 (height): it must be smaller than stride (1) or dilation (1)"
        in text
    )
    assert "stride" not in text.split("stride (1)")[0]  # stride itself is not blamed
    if page == "playground":
        values = {n: at.number_input(key=f"pg_{n}_h").value for n in
                  ("stride", "dilation", "padding", "output_padding")}  # fmt: skip
        assert values == {"stride": 1, "dilation": 1, "padding": 1, "output_padding": 0}
        assert at.query_params["s"] == ["1"] or at.query_params["s"] == "1"
    else:
        key = "views_config" if page == "views" else "ch_config"
        assert at.selectbox(key=key).value == LINK
        cfg = decode(query)[0]
        assert (cfg.stride, cfg.dilation, cfg.padding) == ((1, 1), (1, 1), (1, 1))
        assert "stride (1, 1), padding (1, 1), output_padding (0, 0)" in " ".join(
            m.value for m in [*at.markdown, *at.caption]
        )


@pytest.mark.parametrize("text", MARKUP)
def test_a_worksheet_links_text_never_becomes_markdown(text):
    """Practice's worksheet link (?sheet=...&n=...) quotes what it could not read: as text."""
    at = app_test("practice", query={"sheet": text, "n": text})
    assert not at.exception
    (box,) = [e.value for e in at.error if "worksheet link" in e.value]
    body = box.replace("**This worksheet link could not be opened:**", "")
    assert re.findall(r"(?<!\\)[\[\]()!<>]", body) == [], box
