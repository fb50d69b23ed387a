"""Share links for the Playground: read a link once, keep the URL in step, show the link.

The URL carries the whole configuration (:mod:`tconv.app.sharelink`). A link is read when the
page sees query parameters it did not write itself (a link opened, or a first load);
every later run writes the current configuration back, so the address bar is always a
working share link.
"""

from __future__ import annotations

import streamlit as st

from tconv.app.config import Config
from tconv.app.sharelink import KEYS, decode, encode, query_string

QUERY_KEYS = frozenset({"x", "k", "b", *KEYS.values()})
WRITTEN = "pg_url"  # the query this session last wrote


def link_config() -> Config | None:
    """The configuration in the URL if the page has not loaded it yet, else None.

    Malformed or hostile parts fall back to their defaults; one ``st.warning`` lists
    every fallback.
    """
    query = {k: v for k, v in st.query_params.to_dict().items() if k in QUERY_KEYS}
    if not query or query == st.session_state.get(WRITTEN):
        return None
    cfg, warnings = decode(query)
    if warnings:
        items = "\n".join(f"- {w}" for w in warnings)
        st.warning(f"**Parts of this link could not be used:**\n{items}", icon="⚠️")
    st.session_state[WRITTEN] = query
    return cfg


def sync_url(cfg: Config) -> None:
    """Write ``cfg`` into the URL (only when it changed; other parameters are dropped)."""
    query = encode(cfg)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    st.session_state[WRITTEN] = query


def share_link(cfg: Config) -> None:
    """The full share link, in a code box with a copy button."""
    base = st.context.url or "playground"
    st.code(f"{base}?{query_string(cfg)}", language=None, wrap_lines=True)
    st.caption("Copy this link: opening it restores these numbers and parameters exactly.")
