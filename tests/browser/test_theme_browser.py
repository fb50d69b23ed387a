"""Light and dark: the app follows the viewer's colour scheme, and every grid's text (the
SVG grids of every page, the step player's frames, the photo page's captions) keeps a
contrast of at least 4.5:1 against what is behind it, measured in chromium from computed
styles: the text's fill (``currentColor`` resolved, its opacity blended in) against the
cell drawn under it, or else the nearest background of the page around it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import (
    assert_no_exception,
    new_context,
    open_page,
    open_tab,
    wait_idle,
)

MEASURE = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")


# page path, query, tabs to open one after another (each measured)
PAGES = [
    ("", "", []),
    ("playground", "x=1,-2;3,4&k=1,2;-3,1&s=2&p=1&a=1", []),
    ("views", "", ["1 · Scatter", "2 · Gather", "3 · Matrix", "4 · Sub-pixel"]),
    ("channels", "", []),
    ("shapes", "", ["🏁 Checkerboards"]),
    ("practice", "practice_kind=Spot+the+checkerboard&practice_seed=462", []),
    ("photo", "", []),
]


def page_background(page) -> tuple[int, ...]:
    colour = page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    return tuple(int(v) for v in colour[colour.index("(") + 1 : -1].split(",")[:3])


@pytest.fixture(params=["light", "dark"])
def scheme_page(request, browser):
    context = new_context(
        browser, viewport={"width": 1024, "height": 768}, color_scheme=request.param
    )
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.scheme = request.param
    yield pg
    context.close()


@pytest.mark.parametrize(("path", "query", "tabs"), PAGES, ids=[p[0] or "home" for p in PAGES])
def test_grid_text_keeps_its_contrast_in_light_and_dark(scheme_page, app_url, path, query, tabs):
    page = scheme_page
    open_page(page, app_url)  # the router runs once, so every page opens inside it
    if path:
        open_page(page, app_url, path, query)
    if path == "photo":
        page.get_by_role("radio", name="Sample", exact=True).click()  # the default: no run
        wait_idle(page)
        page.locator("figcaption").first.wait_for()
    if path == "playground":
        page.locator(".tc-player svg text").first.wait_for()  # the step player's frames
    assert_no_exception(page)
    bg = page_background(page)
    assert (sum(bg) < 200) == (page.scheme == "dark"), f"the page ignores the {page.scheme} scheme"
    measured = []
    for tab in [None, *tabs]:
        if tab:
            open_tab(page, tab)
        measured += page.evaluate(MEASURE)
    assert len(measured) > 10, "no grid text found"
    low = sorted((m for m in measured if m["ratio"] < 4.5), key=lambda m: m["ratio"])
    assert not low, f"{len(low)} of {len(measured)} texts below 4.5:1, e.g. {low[:5]}"
