"""Following a Playground link (it opens in a new tab) in a real browser."""

from tests.browser.conftest import assert_no_exception, wait_idle


def assert_playground_opens(page, link) -> None:
    """Click ``link``; the Playground opens in a new tab with its query, without error."""
    href = link.get_attribute("href")
    assert href.startswith("playground?"), href
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    errors = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.wait_for_load_state()
    tab.wait_for_selector("[data-testid='stApp']")
    wait_idle(tab, since=0)
    assert "/playground?" in tab.url
    assert "Playground" in tab.locator("[data-testid='stMain']").inner_text()
    assert_no_exception(tab)
    assert errors == []
