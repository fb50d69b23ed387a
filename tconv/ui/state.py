"""The configuration shared between pages, kept in session state as share-link text.

The Playground writes the learner's current configuration here; the understanding pages
read it, so "the current configuration" means the same thing everywhere. Session state
holds the encoded strings (small, plain), never arrays or results.
"""

from __future__ import annotations

import streamlit as st

from tconv.app.config import Config
from tconv.app.sharelink import decode, encode, query_string

STATE_KEY = "tconv_config"


def current_config() -> Config:
    """The learner's current configuration (the seed's Example 1 until they change it)."""
    cfg, _ = decode(st.session_state.get(STATE_KEY, {}))
    return cfg


def set_current_config(cfg: Config) -> None:
    st.session_state[STATE_KEY] = encode(cfg)


def playground_link(cfg: Config, label: str = "Open this in the Playground") -> None:
    """A link that opens the Playground with ``cfg`` loaded (a share link)."""
    st.markdown(f"[{label} ↗](playground?{query_string(cfg)})")
