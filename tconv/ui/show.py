"""Small display helpers shared by pages: SVG grids, the torch badge, the code block."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import streamlit as st

from tconv.core.crosscheck import CrossCheck


def svg(markup: str, *, fit: bool = False) -> None:
    """Show an SVG string (from tconv.render.gridsvg) inline.

    A grid wider than its column scrolls sideways; with ``fit`` it shrinks to the column's
    width instead (the whole grid at a glance, smaller numbers).

    Not through ``st.markdown``: the browser's Markdown parser made one React element per
    SVG node, and a page of grids spent seconds in it. ``st.html`` alone cannot carry SVG
    (its sanitiser keeps HTML only), so the element is an empty box and a one-line script
    that sets the box's HTML to the markup, written as a JSON string: the browser's own
    parser builds the SVG. 30 grids of 26x26, side by side in chromium on a loaded
    machine: about 3.1 s to interactive with 1.6 s of long tasks through Markdown, 2.2 s
    with 0.7 s this way. The markup is built by tconv.render.gridsvg, which escapes every
    text it draws, and the JSON string holds no ``<`` (``\\u003c``), so nothing in it can
    end the script early; :func:`shown_html` reads it back (tests).
    """
    st.html(svg_body(markup, fit=fit), unsafe_allow_javascript=True)


def svg_body(markup: str, *, fit: bool = False) -> str:
    """The ``st.html`` body of :func:`svg`: the box, and the script that fills it."""
    if fit:
        markup = markup.replace("<svg ", '<svg style="max-width:100%;height:auto" ', 1)
    return (
        f'<div class="tconv-svg" style="overflow-x:auto"></div><script>{_SET}'
        f"{json.dumps(markup).replace('<', LT)}</script>"
    )


_SET = "document.currentScript.previousElementSibling.innerHTML="
LT = "\\u003c"
_BODY = re.compile(r"(<div [^>]*>)</div><script>" + re.escape(_SET) + r"(.*)</script>", re.S)


def shown_html(body: str) -> str:
    """An ``st.html`` body as the browser shows it: an :func:`svg` element's box with its
    markup inside (tests read the grids from it); any other body unchanged."""
    m = _BODY.fullmatch(body)
    return body if m is None else f"{m.group(1)}{json.loads(m.group(2))}</div>"


def torch_badge(check: CrossCheck, what: str = "tconv") -> None:
    """A pass/fail line for a cross-check against torch, with the max |diff|."""
    text = (
        f"max |{what} − torch| = {check.max_abs_diff:.3g} "
        f"(tolerance {check.tolerance:.1g}); torch's weight shape {check.weight_shape}"
    )
    if check.passed:
        st.success(f"**Matches PyTorch** — {text}", icon="✅")
    else:
        st.error(f"**Does not match PyTorch** — {text}", icon="❌")


def lazy_expander(label: str, key: str, body: Callable[[], None]):
    """A closed expander whose content (``body()``) is built only while it is open.

    A closed expander's elements still travel to the browser and are rendered there on
    every run; built on demand (``on_change="rerun"``), they cost nothing until the
    reader opens it. ``st.session_state[key]`` is True while it is open.
    """
    box = st.expander(label, key=key, on_change="rerun")
    if box.open:
        with box:
            body()
    return box


def code_expander(label: str, key: str, code: Callable[[], str], language: str = "python"):
    """A closed expander whose code block is built only while it is open.

    Streamlit's code viewer is 1.5 MB of JavaScript: a code block on the page, even in a
    closed expander, makes every new visitor load and parse it before the page responds.
    Built on demand, it loads when the reader opens the expander.
    """
    return lazy_expander(label, key, lambda: st.code(code(), language=language))
