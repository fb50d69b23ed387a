"""Guided lesson: a 50-minute path through the app, each stop a link to the right page
with the right configuration."""

import streamlit as st

from tconv.app.lesson_path import STOPS, link_list, total_minutes
from tconv.ui.router import ensure_routed
from tconv.ui.sharing import copy_box

ensure_routed()

TITLES = {
    "playground": "the Playground",
    "compare": "Compare",
    "views": "Four views",
    "channels": "Channels & groups",
    "photo": "Photo upsampling",
}

st.title(f"Guided lesson ({total_minutes()} minutes)")
st.markdown(
    "A path for one class, in order. Each stop opens the right page with the right "
    "numbers (in a new tab): say the instruction, let the class predict, then show it."
)
start = 0
for n, stop in enumerate(STOPS, 1):
    end = start + stop.minutes
    with st.container(border=True):
        st.markdown(f"**{n} · {stop.title}** &nbsp; ({start}–{end} min)")
        st.markdown(stop.instruction)
        st.markdown(f"[Open {TITLES[stop.page]} ↗]({stop.link})")
    start = end

st.subheader("Copy the path", divider="gray")
url = st.context.url or ""
base = url.rsplit("/", 1)[0] + "/" if "://" in url else ""
copy_box(link_list(base), key="lesson_links")
st.caption("One line per stop: paste it into your slides, notes or the class chat.")
