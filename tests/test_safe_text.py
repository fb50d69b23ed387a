"""plain(): user text inside the app's Markdown renders as typed, never as a link or image."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tconv.ui.safe_text import plain

HOSTILE = [
    "[Session expired - click to log in](http://x)",
    "![t](http://x/t.png)",
    "<img src=http://x/t.png>",
    "<a href='http://x'>x</a>",
    "http://x.example/login",
    "www.x.example",
    "<http://x>",
    "**bold** _it_ `code` ~~del~~",
    "# heading",
    "- item",
    "1. item",
    ":red[alarm] :material/warning: :smile:",
    "$x^2$",
    "[a]: http://x\n[b][a]",
    "line one\n\n# two",
    "a\\*b",
    "&lt;b&gt; &amp;",
]


def render(source: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(source)


def text_of(html: str) -> str:
    import html as h
    import re

    return h.unescape(re.sub(r"<[^>]+>", "", html)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_makes_no_link_image_or_markup(text):
    html = render(f"Using your earlier upload **{plain(text)}**; upload a file to replace it.")
    assert "<a" not in html and "<img" not in html
    assert html.count("<strong>") == 1  # only the app's own bold
    for tag in ("<em>", "<code>", "<h1>", "<li>", "<s>", "<del>"):
        assert tag not in html
    assert " ".join(text.split()) in text_of(html)  # shown as typed (on one line)


def test_streamlit_syntax_and_urls_lose_their_trigger_characters():
    out = plain(":red[x] http://x www.y $z$")
    assert out == r"\:red\[x\] http\:\/\/x www\.y \$z\$"


def test_long_text_is_cut():
    assert len(plain("a" * 5000)) == 200
    assert plain("a" * 5000).endswith("…")


@given(st.text(max_size=60))
def test_any_text_renders_literally(text):
    html = render(plain(text))
    assert "<a" not in html and "<img" not in html
    breaks = "\r\n\x0b\x0c\x85\u2028\u2029"
    kept = (" " if c in breaks else c for c in text)
    expected = " ".join("".join(c for c in kept if c >= " " and c != "\x7f" or c in "\t").split())
    got = " ".join(text_of(html).split())
    assert got == expected
