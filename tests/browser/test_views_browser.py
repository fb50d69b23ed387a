"""The "Four views" page in a real browser: every tab renders its grids and badges, no error."""

from tests.browser.conftest import assert_no_exception, open_page, wait_idle

QUERY = "x=1,2,0;0,1,2;2,0,1&k=0,1,2;2,2,0;0,1,2&s=2&p=1&a=1"
TABS = ["1 · Scatter", "2 · Gather", "3 · Matrix", "4 · Sub-pixel", "Gradient of conv2d",
        "Not an inverse"]  # fmt: skip


def test_views_page_renders_every_tab(page, app_url):
    open_page(page, app_url)  # the router runs once, so the page opens inside st.navigation
    open_page(page, app_url, "views", QUERY)
    main = page.locator("[data-testid='stMain']")
    assert "Four ways to one answer" in main.inner_text()
    assert page.get_by_role("link", name="Four views").count() >= 1  # routed, in the sidebar
    seen = ""
    for name in TABS:
        page.get_by_role("tab", name=name).click()
        wait_idle(page)
        assert page.locator("[role='tabpanel']:visible svg").count() > 0, name
        seen += main.inner_text()
    for claim in ("Equal to the scatter result", "Equal to the PyTorch result",
                  "Equal to the conv_transpose2d result", "The same shape (6×6)"):  # fmt: skip
        assert claim in seen, claim
    svg_text = " ".join(page.locator("svg text").all_text_contents()).split()
    for title in ("zeros", "inserted", "rotated", "interleaved", "autograd:"):
        assert title in svg_text, title
    assert_no_exception(page)
    assert page.errors == []


def test_views_page_follows_the_gather_window(page, app_url):
    open_page(page, app_url)
    open_page(page, app_url, "views", QUERY)
    page.get_by_role("tab", name="2 · Gather").click()
    field = page.get_by_label("Follow output row")
    field.fill("3")
    field.press("Enter")
    wait_idle(page)
    assert "y[3, 0] =" in page.locator("[data-testid='stMain']").inner_text()
    assert_no_exception(page)
    assert page.errors == []
