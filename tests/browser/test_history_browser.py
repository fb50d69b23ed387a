"""Browser history and reconnection in a real browser.

- One Back press leaves a page, however often the page rewrote its URL (the Playground
  writes its configuration into the URL after every edit; Practice binds its seed), and
  Forward returns to the page with its state.
- After a server restart, the first edit in a Playground still open in the browser is
  applied (the new session used to reload the URL's older values over it).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import ROOT, _free_port, assert_no_exception, open_page, wait_idle


def settle(page) -> None:
    page.wait_for_timeout(600)
    wait_idle(page)


def set_number(page, label: str, value: int) -> None:
    field = page.get_by_role("spinbutton", name=label, exact=True)
    field.fill(str(value))
    field.press("Enter")
    settle(page)


def heading(page) -> str:
    return page.locator("[data-testid='stMain'] h1").first.inner_text()


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def nav(page, name: str) -> None:
    page.locator("[data-testid='stSidebarNavLink']", has_text=name).click()
    settle(page)


def test_one_back_leaves_the_playground_and_forward_returns_with_its_state(page, app_url):
    open_page(page, app_url)
    nav(page, "Playground")
    assert heading(page) == "Playground"
    for s in (3, 1, 4):  # three edits, each rewriting the URL
        set_number(page, "stride s", s)
    assert query(page)["s"] == "4"
    page.go_back()
    settle(page)
    assert heading(page) == "Transposed Convolution Explorer", page.url  # Home, one press
    page.go_forward()
    settle(page)
    assert heading(page) == "Playground"
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
    page.go_back()
    settle(page)
    assert heading(page) == "Shapes & solver", page.url
    page.go_forward()
    settle(page)
    assert heading(page) == "Practice" and query(page)["practice_seed"] == "6"
    assert "seed 6" in page.locator("[data-testid='stMain']").inner_text()


@contextlib.contextmanager
def server_on(port: int):
    """`streamlit run app.py` on a given port (so that it can be restarted there)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("streamlit did not start")
                time.sleep(0.25)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_first_edit_after_a_server_restart_is_applied(browser_ready, page):
    port = _free_port()
    with server_on(port) as url:
        open_page(page, url)
        open_page(page, url, "playground", "x=1,2;3,4&k=1&s=2")
        assert query(page)["s"] == "2"
    with server_on(port):  # the same address: the open page reconnects to a new session
        page.wait_for_timeout(2000)
        wait_idle(page)
        set_number(page, "stride s", 3)
        page.wait_for_timeout(1000)
        wait_idle(page)
        assert page.get_by_role("spinbutton", name="stride s", exact=True).input_value() == "3"
        title = page.locator("svg[aria-label^='output y (']").first.get_attribute("aria-label")
        assert title == "output y (4×4)"  # (2-1)·3 + 1·(1-1) + 1 = 4, not 3×3 from s=2
        assert query(page)["s"] == "3"
        assert_no_exception(page)
