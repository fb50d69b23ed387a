"""The "Channels & groups" page in a real browser: weights, sums, Example 3, no error."""

from tests.browser.conftest import assert_no_exception, open_page

QUERY = "x=1,2,0;0,1,2;2,0,1&k=0,1,2;2,2,0;0,1,2&s=2&p=1&a=1"


def test_channels_page_renders(page, app_url):
    open_page(page, app_url)  # the router runs once, so the page opens inside st.navigation
    open_page(page, app_url, "channels", QUERY)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Channels & groups" in text
    assert "(C_in, C_out/groups, kH, kW) = (2, 2, 3, 3)" in text
    for claim in ("Equal to the conv_transpose2d result", "Matches PyTorch", "(1, 3, 786, 714)",
                  "3×786×714"):  # fmt: skip
        assert claim in text, claim
    svg_text = " ".join(page.locator("svg text").all_text_contents())
    for title in ("w[1, 0] → y[0]", "x[1] ⋆ w[1, 1]", "y[1]"):
        assert title in svg_text, title
    assert page.get_by_role("link", name="Channels & groups").count() >= 1
    assert_no_exception(page)
    assert page.errors == []
