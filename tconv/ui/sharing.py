"""Share links for the Playground: read a link once, keep the URL in step, show the link.

The URL carries the whole configuration (:mod:`tconv.app.sharelink`). A link is read when the
page sees query parameters it did not write itself (a link opened, or a first load);
every later run writes the current configuration back, so the address bar is always a
working share link.

The link is shown by a small component (assets/share/: its text and a Copy button) rather
than ``st.code``: Streamlit's code viewer is 1.5 MB of JavaScript that a new visitor's
browser would load and parse before the Playground responds.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from tconv.app.config import Config
from tconv.app.sharelink import KEYS, decode, encode, query_string

QUERY_KEYS = frozenset({"x", "k", "b", *KEYS.values()})
ASSETS = Path(__file__).resolve().parents[2] / "assets" / "share"
COMPONENT_NAME = "tconv_share_link"
_mount = st.components.v2.component(
    COMPONENT_NAME,
    html=(ASSETS / "share.html").read_text(encoding="utf-8"),
    css=(ASSETS / "share.css").read_text(encoding="utf-8"),
    js=(ASSETS / "share.js").read_text(encoding="utf-8"),
)
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
    """The full share link, in a box with a Copy button."""
    base = st.context.url or "playground"
    _mount(key="pg_share", data={"url": f"{base}?{query_string(cfg)}"}, width="stretch",
           height="content")  # fmt: skip
    st.caption("Copy this link: opening it restores these numbers and parameters exactly.")


def find_share_links(app_test) -> list[str]:
    """The share links an ``AppTest`` run shows (for tests)."""
    out = []
    for node in app_test.get("bidi_component") or []:
        proto = getattr(node, "proto", None)
        if proto is not None and proto.component_name == COMPONENT_NAME:
            data = proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json
            out.append(json.loads(data)["url"])
    return out
