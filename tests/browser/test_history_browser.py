"""Browser history and reconnection in a real browser.

- One Back press leaves a page, however often the page rewrote its URL (the Playground
  writes its configuration into the URL after every edit; Practice binds its seed), and
  Forward returns to the page with its state.
- After a server restart, the first edit in a Playground still open in the browser is
  applied (the new session used to reload the URL's older values over it).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from classroom.server import free_port
from tests.browser.conftest import (
    assert_no_exception,
    connections,
    expect,
    open_page,
    runs,
    streamlit_server,
    wait_idle,
)


def set_number(page, label: str, value: int) -> None:
    field = page.get_by_role("spinbutton", name=label, exact=True)
    before = runs(page)
    field.fill(str(value))
    field.press("Enter")
    wait_idle(page, since=before)


def heading(page):
    return page.locator("[data-testid='stMain'] h1").first


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def nav(page, name: str) -> None:
    before = runs(page)
    page.locator("[data-testid='stSidebarNavLink']", has_text=name).click()
    wait_idle(page, since=before)


def went(page, move, title: str) -> None:
    """Back or Forward (``move``), then wait until the page titled ``title`` has run."""
    move()
    expect(heading(page)).to_have_text(title)
    wait_idle(page)


def test_one_back_leaves_the_playground_and_forward_returns_with_its_state(page, app_url):
    open_page(page, app_url)
    nav(page, "Playground")
    expect(heading(page)).to_have_text("Playground")
    for s in (3, 1, 4):  # three edits, each rewriting the URL
        set_number(page, "stride s", s)
    assert query(page)["s"] == "4"
    went(page, page.go_back, "Transposed Convolution Explorer")  # Home, one press
    went(page, page.go_forward, "Playground")
    assert query(page)["s"] == "4"
    assert page.get_by_role("spinbutton", name="stride s", exact=True).input_value() == "4"
    title = page.locator("svg[aria-label^='output y (']").first.get_attribute("aria-label")
    assert title == "output y (6×6)"  # (2-1)·4 + 1·(2-1) + 1, the edited stride
    assert_no_exception(page)


def test_one_back_leaves_practice_after_changing_its_seed(page, app_url):
    open_page(page, app_url)
    nav(page, "Shapes & solver")
    nav(page, "Practice")
    for seed in (5, 6):  # the seed is bound to the URL
        set_number(page, "Seed", seed)
    assert query(page)["practice_seed"] == "6"
    went(page, page.go_back, "Shapes & solver")
    went(page, page.go_forward, "Practice")
    assert query(page)["practice_seed"] == "6"
    assert "seed 6" in page.locator("[data-testid='stMain']").inner_text()


def test_the_first_edit_after_a_server_restart_is_applied(browser_ready, page):
    port = free_port()
    with streamlit_server(port=port) as url:
        open_page(page, url)
        open_page(page, url, "playground", "x=1,2;3,4&k=1&s=2")
        assert query(page)["s"] == "2"
        before = connections(page)
    with streamlit_server(port=port):  # the same address: the open page reconnects
        page.wait_for_function("n => window.__tconvRuns.connected > n", arg=before)
        wait_idle(page)
        set_number(page, "stride s", 3)
        # the new session runs twice (its first run, then one it asks for itself): wait
        # for the result, not for the first idle moment
        title = page.locator("svg[aria-label^='output y (']").first
        expect(title).to_have_attribute("aria-label", "output y (4×4)")  # (2-1)·3 + 1·0 + 1
        wait_idle(page)
        assert page.get_by_role("spinbutton", name="stride s", exact=True).input_value() == "3"
        assert query(page)["s"] == "3"
        assert_no_exception(page)
