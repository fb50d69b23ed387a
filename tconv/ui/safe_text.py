"""User-supplied text shown as plain text inside the app's Markdown.

``st.markdown``, ``st.caption``, ``st.info``/``st.warning``/``st.error`` and widget labels
render their text as Markdown (GitHub flavour, plus Streamlit's ``:red[...]`` colours,
``:emoji:`` short codes and ``$...$`` maths). A file name or link text such as
``[Session expired - click](http://x)`` or ``![t](http://x/t.png)`` would become a live
link or an image that every visitor's browser fetches. :func:`plain` escapes such text
so that it renders exactly as typed, wherever it is embedded in a Markdown string.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and an escaped
# one is always shown literally: links, images, emphasis, code, HTML, autolinks
# (``http\://`` and ``www\.`` are no longer URLs), Streamlit's ``:colour[...]`` and
# ``:short_code:``, and ``$`` maths all lose their meaning.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_SPACES = re.compile(r"[\s\u2028\u2029\x85]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def plain(text: object, max_length: int = 200) -> str:
    """``text`` escaped for any Markdown string of the app, on one line.

    Line breaks and runs of white space become one space and the ends are trimmed (a
    name cannot start a heading, a list or an indented code block, as a browser shows
    it anyway), control characters are dropped, and text longer than ``max_length``
    characters is cut with an ellipsis (a name cannot fill the page).
    """
    s = _SPACES.sub(" ", _CONTROL.sub("", str(text))).strip()
    if len(s) > max_length:
        s = s[: max_length - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", s)
