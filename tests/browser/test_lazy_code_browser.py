"""Code blocks in closed expanders are built when opened: a new visitor's browser does not
load Streamlit's 1.5 MB code viewer before the page responds, and opening the expander
still shows the code."""

import pytest

from tests.browser.conftest import assert_no_exception, open_page, wait_idle

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
    if path == "":  # the Playground still shows its share link as a code block
        assert not page.evaluate(VIEWER)
    assert page.locator("[data-testid='stCode']", has_text=text).count() == 0
    page.get_by_text(label).click()
    wait_idle(page)
    code = page.locator("[data-testid='stCode']", has_text=text)
    code.first.wait_for(state="visible")
    assert page.evaluate(VIEWER)
    assert_no_exception(page)
    assert page.errors == []
