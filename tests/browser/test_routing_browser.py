"""A share link opened as the very first request of a fresh server still goes through
app.py's st.navigation (Streamlit's old pages/ mode would run the page on its own)."""

import urllib.parse

import pytest

from tests.browser.conftest import ROOT, assert_no_exception, streamlit_server, wait_idle


@pytest.mark.parametrize("path", ["views?x=1,2;3,4&s=3", "playground?x=5,6;7,8&s=3"])
def test_first_request_to_a_page_link_is_routed(browser_ready, page, path):
    with streamlit_server() as url:
        page.goto(f"{url}/{path}")
        page.wait_for_selector("[data-testid='stApp']")
        wait_idle(page, since=0)
        nav = page.locator("[data-testid='stSidebarNavLink']")
        # our router's pages (every st.Page in app.py), not file names from pages/
        assert nav.count() == (ROOT / "app.py").read_text().count("st.Page(")
        assert "Photo upsampling" in " ".join(nav.all_inner_texts())
        # The link's query parameters survive the reroute (the Playground may add more).
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
        assert query["x"] == [path.split("x=")[1].split("&")[0]]
        assert query["s"] == ["3"]
        svg_text = " ".join(page.locator("svg text").all_text_contents()).split()
        assert {"5", "6", "7", "8"} <= set(svg_text) or {"1", "2", "3", "4"} <= set(svg_text)
        assert_no_exception(page)
