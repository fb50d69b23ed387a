"""Transposed Convolution Explorer: the router. Run with `make run`."""

import os
import sys
import time

import streamlit as st

from tconv.ui.router import one_history_entry_per_page

STARTED = time.perf_counter()

st.set_page_config(
    page_title="Transposed Convolution Explorer",
    page_icon="🔳",
    layout="wide",
)

# Every page is listed here (st.navigation turns off the automatic pages/ discovery).
PAGES = [
    st.Page("pages/home.py", title="Home", icon="🏠", default=True),
    st.Page("pages/playground.py", title="Playground", icon="🧮", url_path="playground"),
    st.Page("pages/views.py", title="Four views", icon="🔀", url_path="views"),
    st.Page("pages/channels.py", title="Channels & groups", icon="🎨", url_path="channels"),
    st.Page("pages/shapes.py", title="Shapes & solver", icon="📐", url_path="shapes"),
    st.Page("pages/practice.py", title="Practice", icon="🎯", url_path="practice"),
    st.Page("pages/photo.py", title="Photo upsampling", icon="🖼️", url_path="photo"),
    st.Page("pages/frameworks.py", title="Frameworks", icon="🔁", url_path="frameworks"),
    st.Page("pages/compare.py", title="Compare", icon="⚖️", url_path="compare"),
    st.Page("pages/lesson.py", title="Guided lesson", icon="🧑‍🏫", url_path="lesson"),
]

# Display formulas shrink with their column (down to 0.7 of their size, then they scroll)
# instead of being cut off on narrow screens, e.g. a 1024 px classroom projector.
st.markdown(
    "<style>"
    '[data-testid="stColumn"] { container-type: inline-size; }'
    ".katex-display { overflow-x: auto; overflow-y: hidden; }"
    ".katex-display > .katex { font-size: clamp(0.7em, 4.4cqi, 1.21em); }"
    "</style>",
    unsafe_allow_html=True,
)

page = st.navigation(PAGES)
one_history_entry_per_page()  # one Back press leaves a page
with st.sidebar:
    st.caption(
        "Every number here is computed by the `tconv` NumPy library and checked live "
        "against PyTorch's `conv_transpose2d`."
    )
try:
    page.run()
finally:
    if os.environ.get("TCONV_SCRIPT_TIMES") == "1":  # set by `make bench`'s browser section
        ms = (time.perf_counter() - STARTED) * 1e3
        print(f"tconv-script {page.url_path or 'home'} {ms:.1f} ms", file=sys.stderr, flush=True)
