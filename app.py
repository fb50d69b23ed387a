"""Transposed Convolution Explorer: the router. Run with `make run`."""

import streamlit as st

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
    "</style>",
    unsafe_allow_html=True,
)

page = st.navigation(PAGES)
with st.sidebar:
    st.caption(
        "Every number here is computed by the `tconv` NumPy library and checked live "
        "against PyTorch's `conv_transpose2d`."
    )
page.run()
