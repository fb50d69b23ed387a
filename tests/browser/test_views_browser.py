"""The "Four views" page in a real browser: every tab renders its grids and badges, no error."""

from tconv.views.fourviews import VIEW_TABS
from tests.browser.conftest import assert_no_exception, enter_text, open_page, wait_idle

QUERY = "x=1,2,0;0,1,2;2,0,1&k=0,1,2;2,2,0;0,1,2&s=2&p=1&a=1"
TABS = list(VIEW_TABS)


def open_tab(page, name: str) -> None:
    """Click a view's tab and wait for its grids: the page builds a view only once it is
    open (the click reruns the script)."""
    page.get_by_role("tab", name=name).click()
    page.locator("[role='tabpanel']:visible .tconv-svg svg").first.wait_for()
    wait_idle(page)


def test_views_page_renders_every_tab(page, app_url):
    open_page(page, app_url)  # the router runs once, so the page opens inside st.navigation
    open_page(page, app_url, "views", QUERY)
    main = page.locator("[data-testid='stMain']")
    assert "Four ways to one answer" in main.inner_text()
    assert page.get_by_role("link", name="Four views").count() >= 1  # routed, in the sidebar
    seen, svg_text = "", []
    for name in TABS:  # only the open view is built: read each one while it is open
        open_tab(page, name)
        assert page.locator("[role='tabpanel']:visible svg").count() > 0, name
        seen += main.inner_text()
        svg_text += " ".join(page.locator("svg text").all_text_contents()).split()
    for claim in ("Equal to the scatter result", "Equal to the PyTorch result",
                  "Equal to the conv_transpose2d result", "The same shape (6×6)"):  # fmt: skip
        assert claim in seen, claim
    for title in ("zeros", "inserted", "rotated", "interleaved", "autograd:"):
        assert title in svg_text, title
    assert_no_exception(page)
    assert page.errors == []


def test_views_page_follows_the_gather_window(page, app_url):
    open_page(page, app_url)
    open_page(page, app_url, "views", QUERY)
    open_tab(page, "2 · Gather")
    enter_text(page, page.get_by_label("Follow output row"), "3")
    assert "y[3, 0] =" in page.locator("[data-testid='stMain']").inner_text()
    assert_no_exception(page)
    assert page.errors == []


CLIPPED = """() => [...document.querySelectorAll('[data-testid="stMain"] .tconv-svg')]
    .filter(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1)
    .map(w => w.querySelector('svg').getAttribute('aria-label'))
    .filter(title => !title.includes('scroll sideways'))"""
BIG = (  # the Playground's largest grids: an 8×8 input, a 5×5 kernel, stride 2 -> 20×20
    "x="
    + ";".join(",".join(str((r * 8 + c) % 7 - 3) for c in range(8)) for r in range(8))
    + "&k="
    + ";".join(",".join(str((r * 5 + c) % 5 - 2) for c in range(5)) for r in range(5))
    + "&s=2&a=1"
)


def test_a_1024px_projector_sees_every_grid_whole(page, app_url):
    """On a 1024x768 screen (sidebar open) no grid is cut off at its column's edge, for the
    default configuration and the largest one; only a very long C or x says to scroll."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    for query in ("", BIG):
        open_page(page, app_url, "views", query)
        for name in TABS:
            open_tab(page, name)
            assert page.evaluate(CLIPPED) == [], (query[:10], name)
    # 64 numbers in a row stay full size and say so (they would shrink to 8 px cells)
    open_tab(page, "3 · Matrix")
    assert page.locator("svg[aria-label='x flattened (64) · scroll sideways →']").count() == 1
    assert_no_exception(page)
    assert page.errors == []


def test_only_the_open_view_reaches_the_browser_and_the_url_names_it(page, app_url):
    """The page sent all six views' grids at once (51 grids, 2.2 MB of SVG for the largest
    link); now it holds the grids above the tabs and the open view's only, and switching
    views puts the view's name in the URL (a link opens it)."""
    open_page(page, app_url)
    open_page(page, app_url, "views", BIG)
    outside = page.locator(
        "[data-testid='stMain'] .tconv-svg svg:not([role='tabpanel'] svg)"
    ).count()
    assert outside == 3  # input, kernel, the answer
    assert (
        page.locator("[role='tabpanel'] .tconv-svg svg").count() == 2
    )  # full canvas, scatter result
    open_tab(page, "2 · Gather")
    assert page.locator("svg[aria-label^='scatter result']").count() == 0
    assert page.locator("svg[aria-label^='gather result']").count() == 1
    assert "view=2" in page.url
    open_page(page, app_url, "views", BIG + "&view=3+%C2%B7+Matrix")
    assert page.get_by_role("tab", name="3 · Matrix").get_attribute("aria-selected") == "true"
    assert page.locator("svg[aria-label^='y reshaped to']").count() == 1
    assert page.locator("svg[aria-label^='gather result']").count() == 0
    assert_no_exception(page)
    assert page.errors == []
