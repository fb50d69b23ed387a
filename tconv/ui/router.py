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


# Streamlit adds a browser history entry for every change of the query string the script
# makes (the Playground writes its configuration into the URL after each edit), so Back
# first stepped through those and needed a second press to leave the page. This script
# turns a history push that keeps the page's path (only the query changes) into a replace:
# Back leaves the page in one press, and Forward returns to it with its latest URL (the
# session still holds its state). Page changes, with a new path, still push.
_ONE_ENTRY_PER_PAGE = """<script>
(() => {
  const h = window.history;
  if (h.__tconvOneEntryPerPage) return;
  h.__tconvOneEntryPerPage = true;
  const push = h.pushState.bind(h);
  h.pushState = (state, title, url) => {
    try {
      if (url != null && new URL(url, location.href).pathname === location.pathname) {
        return h.replaceState(state, title, url);
      }
    } catch (e) { /* an odd URL: let the browser decide */ }
    return push(state, title, url);
  };
})();
</script>"""


def one_history_entry_per_page() -> None:
    """Install the history rule above in the browser (call once per run, in app.py)."""
    with st.sidebar:
        st.html(_ONE_ENTRY_PER_PAGE, unsafe_allow_javascript=True)
