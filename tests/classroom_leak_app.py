"""A one-page Streamlit app for tests/test_classroom_memory.py (not a page of the app).

Every session takes 8 MiB (written, so resident). With ``?leak=1`` the app keeps it for
the life of the process in a list that grows per session: the leak the classroom
harness's memory check must catch. Otherwise the block lives in the session's state and
goes when Streamlit lets the closed session go and the next collection finds its cycles:
as app.py does, the app collects every few seconds (the project's config turns off
Streamlit's collection after each run).
"""

import numpy as np
import streamlit as st

from tconv.ui import memory_return

memory_return.start()

BLOCK_MIB = 8


@st.cache_resource
def kept_forever() -> list:
    return []


if "block" not in st.session_state:
    block = np.full(BLOCK_MIB * 2**20 // 8, 1.0)
    if st.query_params.get("leak") == "1":
        kept_forever().append(block)
    else:
        st.session_state["block"] = block
st.write(f"{len(kept_forever())} blocks kept for good")
