"""Share links: the one place that reads a link from the URL, keeps the URL in step and
shows the link.

The URL carries a whole configuration (:mod:`tconv.app.sharelink` encodes and decodes it).
The Playground reads a link once, when the page sees query parameters it did not write
itself (a link opened, or a first load), and writes the current configuration back after
every run, so the address bar is always a working share link. The lesson pages read it
on every run (:func:`read_link`) and offer it as a configuration to study.

What could not be used is listed as plain text: a link is written by whoever sends it, so
its text never reaches Markdown or HTML (see :func:`plain`).

The link is shown by a small component (assets/share/: its text and a Copy button) rather
than ``st.code``: Streamlit's code viewer is 1.5 MB of JavaScript that a new visitor's
browser would load and parse before the Playground responds.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.common import user_key_from_element_id

from tconv.app.config import Config
from tconv.app.sharelink import LINK_KEYS, decode, encode, query_string
from tconv.ui.safe_text import plain

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "share"
COMPONENT_NAME = "tconv_share_link"
_mount = st.components.v2.component(
    COMPONENT_NAME,
    html=(ASSETS / "share.html").read_text(encoding="utf-8"),
    css=(ASSETS / "share.css").read_text(encoding="utf-8"),
    js=(ASSETS / "share.js").read_text(encoding="utf-8"),
)
WRITTEN = "pg_url"  # the query this session last wrote


def link_query() -> dict[str, str]:
    """The link's parameters in the URL (the first value of each), nothing else."""
    return {k: st.query_params.get(k) for k in st.query_params if k in LINK_KEYS}


def show_problems(warnings: list[str]) -> None:
    """One warning box listing, as plain text, each part of the link that fell back."""
    if warnings:
        items = "\n".join(f"- {plain(w, max_length=500)}" for w in warnings)
        st.warning(f"**Parts of this link could not be used:**\n{items}", icon="⚠️")


def read_link() -> Config | None:
    """The configuration in the URL, or None without one (problems shown every run)."""
    query = link_query()
    if not query:
        return None
    cfg, warnings = decode(query)
    show_problems(warnings)
    return cfg


def link_config() -> Config | None:
    """The configuration in the URL if the page has not loaded it yet, else None.

    Each malformed or hostile part falls back to its default, the rest is kept; one
    warning lists every fallback.
    """
    query = link_query()
    if not query or query == st.session_state.get(WRITTEN):
        return None
    cfg, warnings = decode(query)
    show_problems(warnings)
    st.session_state[WRITTEN] = query
    return cfg


def browser_kept(keys) -> bool:
    """Whether the browser sent values of these widgets before the script drew them.

    That happens when a page still open in the browser reconnects to a fresh session (the
    server restarted, or the session expired): the run carries the widgets' values, with
    the edit that caused it, while the session has not seen the page yet. The URL then
    only repeats what the browser shows, so loading it into the widgets would undo that
    edit. Reads Streamlit's per-run widget states (not a public API): on any surprise it
    answers False, the behaviour of a freshly opened link.
    """
    try:
        states = get_script_run_ctx().session_state._state._new_widget_state.states
        return any(user_key_from_element_id(i) in set(keys) for i in list(states))
    except Exception:  # noqa: BLE001 - a Streamlit internal moved: behave as for a new link
        return False


def reconnecting(keys) -> bool:
    """A session's first run of the page carrying these widgets' values from the browser
    (:func:`browser_kept`): a page still open in the browser after a server restart. Call
    it before :func:`link_config`."""
    return WRITTEN not in st.session_state and browser_kept(keys)


def sync_url(cfg: Config) -> None:
    """Write ``cfg`` into the URL (only when it changed; other parameters are dropped)."""
    query = encode(cfg)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    st.session_state[WRITTEN] = query


def copy_box(text: str, key: str) -> None:
    """``text`` (a link, a list of links, a few lines of code) in a box with a Copy button.

    The share link's component, for every text a reader copies: ``st.code`` would make a
    new visitor's browser load and parse Streamlit's 1.5 MB code viewer before the page
    responds. The text is set as text (never HTML), wraps, and keeps its line breaks.
    """
    _mount(key=key, data={"url": text}, width="stretch", height="content")


def share_link(cfg: Config) -> None:
    """The full share link, in a box with a Copy button."""
    base = st.context.url or "playground"
    copy_box(f"{base}?{query_string(cfg)}", key="pg_share")
    st.caption("Copy this link: opening it restores these numbers and parameters exactly.")


def find_copy_boxes(app_test) -> list[str]:
    """The texts of the copy boxes (share links among them) an ``AppTest`` run shows, in
    order (for tests)."""
    out = []
    for node in app_test.get("bidi_component") or []:
        proto = getattr(node, "proto", None)
        if proto is not None and proto.component_name == COMPONENT_NAME:
            data = proto.json if proto.WhichOneof("data") == "json" else proto.mixed.json
            out.append(json.loads(data)["url"])
    return out


find_share_links = find_copy_boxes  # the Playground's only copy box is its share link
