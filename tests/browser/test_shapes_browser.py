"""The Shapes & solver page in a real browser: every tab renders, the solver answers, the
checkerboard examples draw, and a Playground link opens the Playground, without error."""

from tconv.arith.solver import solve
from tests.browser.conftest import assert_no_exception, enter_text, open_page, wait_idle
from tests.browser.links import assert_playground_opens

TABS = ["📏 Formula", "🔁 Round trip & the guide", "🧩 Inverse solver", "🏁 Checkerboards"]


def fill(page, label: str, value: int) -> None:
    enter_text(page, page.get_by_label(label, exact=True), str(value))


def test_shapes_page_renders_every_tab_and_the_solver(page, app_url):
    open_page(page, app_url)  # the router runs once, so the page opens inside st.navigation
    open_page(page, app_url, "shapes")
    main = page.locator("[data-testid='stMain']")
    assert "Shapes & solver" in main.inner_text()
    assert "(2 − 1)·2 − 2·0 + 1·(2 − 1) + 0 + 1 = 4" in main.inner_text()  # seed Example 1
    for name in TABS:
        page.get_by_role("tab", name=name).click()
        wait_idle(page)
        panel = page.locator("[role='tabpanel']:visible")
        assert panel.inner_text().strip(), name
    page.get_by_role("tab", name=TABS[2]).click()
    fill(page, "from size A", 4)
    fill(page, "to size B", 8)
    assert f"{len(solve(4, 8))} choices map 4 → 8" in main.inner_text()
    assert page.locator("[role='tabpanel']:visible [data-testid='stDataFrame']").count() == 1
    page.get_by_role("tab", name=TABS[3]).click()
    page.get_by_role("button", name="k=3, s=2", exact=True).click()
    wait_idle(page)
    panel_text = page.locator("[role='tabpanel']:visible").inner_text()
    assert "Checkerboard: interior cells sum between 1 and 4 kernel taps" in panel_text
    strip = page.locator("svg[aria-label^='1D: taps per cell']")
    assert strip.locator("text").all_text_contents()[-9:] == list("112121211")
    assert_no_exception(page)
    assert page.errors == []


def test_a_shapes_link_opens_the_playground(page, app_url):
    open_page(page, app_url)
    open_page(page, app_url, "shapes")
    link = page.get_by_role("link", name="Open this configuration in the Playground ↗")
    assert "playground?" in link.get_attribute("href")
    assert_playground_opens(page, link)


def test_a_1024px_projector_sees_whole_labels_and_the_guides_table(page, app_url):
    """On a 1024x768 screen (sidebar open) "output_padding a" is not broken mid-word and the
    guide's relationships show all six columns without scrolling."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    open_page(page, app_url, "shapes")
    label = page.locator("[data-testid='stWidgetLabel']", has_text="output_padding a").first
    other = page.locator("[data-testid='stWidgetLabel']", has_text="dilation d").first
    assert label.bounding_box()["height"] <= other.bounding_box()["height"] + 1
    page.get_by_role("tab", name=TABS[1]).click()
    wait_idle(page)
    table = page.locator("[role='tabpanel']:visible [data-testid='stTable']")
    assert "ConvTranspose2d: o → n" in table.inner_text()
    assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 1
    inner, outer = table.locator("table").bounding_box(), table.bounding_box()
    assert inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1
    assert_no_exception(page)
    assert page.errors == []


def test_a_1024px_projector_sees_the_checkerboard_counts_whole(page, app_url):
    """On a 1024x768 screen (sidebar open) the 14-cell strip and the 14×14 counts of k=5, s=3
    fit the page at full size: no cut-off column, no shrinking."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    open_page(page, app_url, "shapes")
    page.get_by_role("tab", name=TABS[3]).click()
    page.get_by_role("button", name="k=5, s=3", exact=True).click()
    wait_idle(page)
    for title in ("1D: taps per cell along a row (4 inputs)", "2D: row × column"):
        svg = page.locator(f"[role='tabpanel']:visible svg[aria-label='{title}']")
        wrapper = svg.locator("xpath=ancestor::div[contains(@class, 'tconv-svg')][1]")
        assert wrapper.evaluate("w => w.scrollWidth - w.clientWidth") <= 1, title
        assert svg.bounding_box()["width"] >= 0.99 * float(svg.get_attribute("width")), title
    assert_no_exception(page)
    assert page.errors == []


def test_a_1024px_projector_sees_every_padding_of_the_size_table(page, app_url):
    """On a 1024x768 screen (sidebar open) the stride × padding table shows p = 0 to 8
    without a sideways scroll: impossible cells are marked — (the caption says so)."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    open_page(page, app_url, "shapes")
    from playwright.sync_api import expect

    frames = page.locator("[role='tabpanel']:visible [data-testid='stDataFrame']")
    expect(frames).to_have_count(2)  # the formula's terms, then the stride × padding table
    frames.nth(1).locator(".dvn-scroller").wait_for()
    hidden = frames.nth(1).evaluate(
        "f => { const s = f.querySelector('.dvn-scroller'); return s.scrollWidth - s.clientWidth; }"
    )
    assert hidden <= 1, f"{hidden} px of the table are scrolled out of view"
    assert "—: impossible" in page.locator("[role='tabpanel']:visible").inner_text()
    assert_no_exception(page)
    assert page.errors == []


def test_a_1024px_projector_sees_the_solvers_links(page, app_url):
    """On a 1024x768 screen (sidebar open) the solver's table shows every column, up to its
    Playground links, without a sideways scroll."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    open_page(page, app_url, "shapes")
    page.get_by_role("tab", name=TABS[2]).click()
    wait_idle(page)
    table = page.locator("[role='tabpanel']:visible [data-testid='stDataFrame']")
    table.locator(".dvn-scroller").wait_for()
    hidden = table.evaluate(
        "f => { const s = f.querySelector('.dvn-scroller'); return s.scrollWidth - s.clientWidth; }"
    )
    assert hidden <= 1, f"{hidden} px of the solver's table are scrolled out of view"
    assert_no_exception(page)
    assert page.errors == []
