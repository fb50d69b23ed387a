"""Transposed Convolution Explorer: the router. Run with `make run`."""

import os
import sys
import time

import streamlit as st

from tconv.ui import memory_return
from tconv.ui.gc_freeze import freeze_long_lived
from tconv.ui.router import one_history_entry_per_page

STARTED = time.perf_counter()

st.set_page_config(
    page_title="Transposed Convolution Explorer",
    page_icon="🔳",
    layout="wide",
)
# Once per server process: the imported libraries leave the garbage collector's scans, so
# the full collection Streamlit runs after every script run stays cheap (tconv/ui/gc_freeze.py;
# `make run` has done it before the first session, tconv/ui/serve.py).
freeze_long_lived()
# Once per server process: ended sessions' memory goes back to the system within seconds,
# not at the next collection a script run happens to trigger (tconv/ui/memory_return.py).
memory_return.start()

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

# Display formulas shrink with their column, but never below 16 px (14.4 px for a \small
# line), readable from the back of a classroom; a formula still too wide for its column
# scrolls sideways instead of being cut off (e.g. on a 1024 px projector beside the sidebar).
# The sidebar's blocks sit closer together, so the Playground's parameters stay in view
# beside the step player on a 768 px high screen.
st.markdown(
    "<style>"
    '[data-testid="stColumn"] { container-type: inline-size; }'
    ".katex-display { overflow-x: auto; overflow-y: hidden; }"
    ".katex-display > .katex { font-size: clamp(16px, 4.4cqi, 1.21em); }"
    '[data-testid="stSidebarUserContent"] [data-testid="stVerticalBlock"] { gap: 0.4rem; }'
    # a page's own sidebar block keyed "sidebar_first" (the Playground's parameters) comes
    # first, above the page list, so that it stays in view beside the page on a 720 px screen
    '[data-testid="stSidebarContent"]:has(.st-key-sidebar_first) { display: flex;'
    " flex-direction: column; }"
    '[data-testid="stSidebarContent"]:has(.st-key-sidebar_first) > '
    '[data-testid="stSidebarHeader"] { order: -2; }'
    '[data-testid="stSidebarContent"]:has(.st-key-sidebar_first) > '
    '[data-testid="stSidebarUserContent"] { order: -1; padding-top: 0; padding-bottom: 1rem; }'
    '[data-testid="stSidebarUserContent"] :has(> .st-key-sidebar_first) { order: -1; }'
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
