"""AppTest helpers shared by the page tests."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def app_test(page: str | None = None, query: dict | None = None) -> AppTest:
    """Run the app (optionally switched to `pages/<page>.py`, with URL query params)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    return at


def shown(at) -> list[str]:
    """The page's Markdown sources, then its ``st.html`` bodies as the browser shows them
    (an SVG grid inside its box: tconv.ui.show.svg sends it as a script's JSON string)."""
    from tconv.ui.show import shown_html

    return [m.value for m in at.markdown] + [shown_html(h.value) for h in at.html]


def unescaped(markdown: str) -> str:
    """Markdown source written with :func:`tconv.ui.safe_text.plain` escapes, as it reads."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def svg_numbers(markup: str, title: str) -> list[float]:
    """The cell numbers of the grid_svg titled `title` in `markup`, row-major.

    Skips the title and the axis labels (drawn at font-size 11 in the page's text colour,
    ``currentColor``; a cell's number can be 11 px too, so the colour tells them apart).
    """
    start = markup.index(f">{title}</text>")
    svg = markup[start : markup.index("</svg>", start)]
    texts = re.findall(r'<text [^>]*font-size="(\d+)"[^>]*fill="([^"]*)"[^>]*>([^<]*)</text>', svg)
    return [
        float(t) for size, colour, t in texts if not (size == "11" and colour == "currentColor")
    ]
