"""Code blocks in closed expanders are built when opened: a new visitor's browser does not
load Streamlit's 1.5 MB code viewer before the page responds, and opening the expander
still shows the code."""

import pytest

from bench.browser_section import app_pages
from tests.browser.conftest import assert_no_exception, new_context, open_page, wait_idle

VIEWER = (
    "() => performance.getEntriesByType('resource').some(r => r.name.includes('SyntaxHighlighter'))"
)


@pytest.mark.parametrize(
    ("path", "label", "text"),
    [
        ("", "PyTorch code that reproduces this", "ConvTranspose2d"),
        ("playground", "PyTorch code for this configuration", "ConvTranspose2d"),
    ],
)
def test_the_code_viewer_loads_only_when_its_expander_opens(page, app_url, path, label, text):
    open_page(page, app_url, path)
    assert not page.evaluate(VIEWER)
    assert page.locator("[data-testid='stCode']", has_text=text).count() == 0
    page.get_by_text(label).click()
    wait_idle(page)
    code = page.locator("[data-testid='stCode']", has_text=text)
    code.first.wait_for(state="visible")
    assert page.evaluate(VIEWER)
    assert_no_exception(page)
    assert page.errors == []


def test_the_share_link_shows_the_current_link_and_copies_it(browser, app_url):
    context = new_context(browser, viewport={"width": 1024, "height": 768})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    try:
        open_page(page, app_url, "playground", "x=1,2;3,4&k=1,0;0,1&s=3")
        link = page.locator("[data-testid='tc-share-link']")
        link.wait_for(state="visible")
        text = link.inner_text()
        assert text.startswith(f"{app_url}/playground?") and "x=1,2;3,4" in text and "s=3" in text
        box = link.bounding_box()
        assert box["x"] + box["width"] <= page.viewport_size["width"]  # wraps, stays in view
        page.get_by_role("button", name="Copy").click()
        page.get_by_role("button", name="Copied ✓").wait_for()
        assert page.evaluate("() => navigator.clipboard.readText()") == text
        assert not page.evaluate(VIEWER)  # no code viewer needed for it
        assert_no_exception(page)
    finally:
        context.close()


@pytest.mark.parametrize("path", [path for _, path in app_pages()])
def test_no_page_loads_the_code_viewer_at_first_paint(page, app_url, path):
    """Every text a reader copies (links, the lesson path, code) is in a light copy box:
    a new visitor's browser loads the 1.5 MB code viewer on no page."""
    open_page(page, app_url)
    open_page(page, app_url, path)
    page.wait_for_timeout(500)  # late element JavaScript
    assert not page.evaluate(VIEWER), path
    assert page.locator("[data-testid='stCode']").count() == 0
    assert_no_exception(page)
