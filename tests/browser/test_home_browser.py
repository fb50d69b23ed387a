"""The home page in a real browser: Example 1's numbers are visible, no exception."""

from tests.browser.conftest import assert_no_exception, open_page


def test_home_shows_example_one(page, app_url):
    open_page(page, app_url)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Transposed Convolution Explorer" in text
    assert "Matches PyTorch" in text
    svg_text = " ".join(page.locator("svg text").all_text_contents())
    # The 4x4 result of the seed's Example 1: its distinctive values are drawn.
    for value in ("12", "9", "8", "6"):
        assert value in svg_text.split(), value
    assert_no_exception(page)
    assert page.errors == []
