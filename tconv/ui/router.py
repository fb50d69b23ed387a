"""Make every page run inside app.py's st.navigation, even on a server's first request.

Streamlit keeps its old multipage mode ("a pages/ folder next to the main script") until
some session has called ``st.navigation``. On a freshly started server, a first request
for a page URL (a share link such as ``/playground?x=...``) therefore runs
``pages/playground.py`` on its own: no app.py, no sidebar router, no page config. Each
page calls :func:`ensure_routed` first; in that case it switches the server to
``st.navigation`` mode and reruns, and the rerun goes through app.py to the same page
(pages are identified by their URL path in both modes), query parameters included.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_routed() -> None:
    """Rerun through app.py if this page was started by the old pages/ mode."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
