"""Teacher tools in a real browser: Compare's two sides step together and its link restores
both; the worksheet PDF downloads and opens; every guided-lesson link opens its page."""

import re
import shutil
import subprocess

import pytest

from tconv.app.compare import PAIRS, query_string
from tconv.app.lesson_path import STOPS
from tests.browser.conftest import assert_no_exception, enter_text, open_page, wait_idle

FRAME = re.compile(r"^([AB]): canvas, step (\d+)/(\d+)$")


def frame_titles(page) -> list[str]:
    return [
        svg.get_attribute("aria-label")
        for svg in page.locator("svg[aria-label*='canvas, step']").all()
    ]


def wait_step(page, step: str) -> None:
    """Wait until the rerun has drawn both frames at ``step`` (e.g. "3/9")."""
    wait_idle(page)
    page.wait_for_function(
        "s => [...document.querySelectorAll(\"svg[aria-label*='canvas, step']\")]"
        ".every(e => e.getAttribute('aria-label').endsWith(s))",
        arg=step,
    )


def test_compare_steps_both_sides_together_and_fits_a_1024px_projector(page, app_url):
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    open_page(page, app_url, "compare")
    assert frame_titles(page) == ["A: canvas, step 1/9", "B: canvas, step 1/9"]
    page.locator(".st-key-cmp_next button").first.click()
    wait_step(page, "2/9")  # each click's rerun drawn before the next click
    page.locator(".st-key-cmp_next button").first.click()
    wait_step(page, "3/9")
    assert frame_titles(page) == ["A: canvas, step 3/9", "B: canvas, step 3/9"]
    page.locator(".st-key-cmp_last button").first.click()
    wait_step(page, "9/9")
    assert frame_titles(page) == ["A: canvas, step 9/9", "B: canvas, step 9/9"]
    page.locator(".st-key-cmp_prev button").first.click()
    wait_step(page, "8/9")
    assert frame_titles(page) == ["A: canvas, step 8/9", "B: canvas, step 8/9"]
    page.locator("[data-testid='stMain'] h1").first.click()  # focus on the page, not a widget
    page.keyboard.press("ArrowLeft")  # the keyboard steps both sides too
    wait_idle(page)
    page.wait_for_function(
        "() => document.querySelector(\"svg[aria-label^='A: canvas']\")"
        ".getAttribute('aria-label').endsWith('7/9')"
    )
    assert frame_titles(page) == ["A: canvas, step 7/9", "B: canvas, step 7/9"]
    # side by side, each whole inside the page beside the open sidebar
    main = page.locator("[data-testid='stMain']").bounding_box()
    boxes = [svg.bounding_box() for svg in page.locator("svg[aria-label*='canvas, step']").all()]
    assert (
        abs(boxes[0]["y"] - boxes[1]["y"]) < 2
        and boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"]
    )
    assert boxes[1]["x"] + boxes[1]["width"] <= main["x"] + main["width"]
    assert min(b["width"] for b in boxes) > 220  # cells stay readable (7 or 8 columns)
    scroll = page.locator("[data-testid='stMain']").evaluate("m => m.scrollWidth - m.clientWidth")
    assert scroll <= 1
    # the step controls form one row
    ys = {round(page.locator(f".st-key-cmp_{k} button").first.bounding_box()["y"])
          for k in ("first", "prev", "next", "last")}  # fmt: skip
    assert len(ys) == 1
    assert_no_exception(page)
    assert page.errors == []


def test_compare_link_restores_both_sides_and_names_a_bad_side(page, app_url):
    pair = PAIRS[4]  # dilation 1 vs 2
    open_page(page, app_url)
    open_page(page, app_url, "compare", query_string(pair.a, pair.b))
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "What differs: size (A 4×4, B 6×6)" in text
    assert frame_titles(page) == ["A: canvas, step 1/4", "B: canvas, step 1/4"]
    assert "b_d=2" in page.url and "a_d=1" in page.url
    open_page(page, app_url, "compare", query_string(pair.a, pair.b).replace("a_s=1", "a_s=9"))
    warning = page.locator("[data-testid='stAlertContentWarning']").first.inner_text()
    assert "Configuration A: the link's stride could not be used" in warning
    assert "Configuration B" not in warning
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "B · k 3×3 · s 1 · p 0 · a 0 · d 2 → 6×6" in text
    assert_no_exception(page)


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
def test_the_worksheet_downloads_as_a_pdf_with_its_pages(page, app_url, tmp_path):
    open_page(page, app_url)
    open_page(page, app_url, "practice")
    page.get_by_text("Printable worksheet for a class").click()
    field = page.get_by_label("Worksheet seed", exact=True).and_(page.locator("input"))
    enter_text(page, field, "42")
    assert (
        "practice?sheet=42&n=8" in page.locator("[data-testid='tc-share-link']").first.inner_text()
    )
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=re.compile("Download the worksheet")).click()
    path = tmp_path / "sheet.pdf"
    download.value.save_as(path)
    assert download.value.suggested_filename == "worksheet-seed-42-a4.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+5$", info.stdout, re.M)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert f"{app_url}/practice?sheet=42&n=8" in text  # the app's own address is printed
    assert_no_exception(page)


def test_every_lesson_link_opens_its_page(page, app_url):
    open_page(page, app_url)
    open_page(page, app_url, "lesson")
    links = page.locator("[data-testid='stMain'] a", has_text="Open ")
    hrefs = [a.get_attribute("href") for a in links.all()]
    assert hrefs == [stop.link for stop in STOPS]
    code = page.locator("[data-testid='tc-share-link']").first.inner_text()
    assert f"1. {STOPS[0].title} (5 min): {app_url}/{STOPS[0].link}" in code
    titles = {
        "playground": "Playground",
        "compare": "Compare two configurations",
        "views": "Four ways to one answer",
        "channels": "Channels & groups",
        "photo": "Photo upsampling",
    }
    for stop in STOPS:
        page.goto(f"{app_url}/{stop.link}")
        page.wait_for_selector("[data-testid='stApp']")
        wait_idle(page)
        main = page.locator("[data-testid='stMain']")
        main.locator("h1").first.wait_for()
        assert main.locator("h1").first.inner_text().strip() == titles[stop.page], stop.title
        assert "could not be used" not in main.inner_text(), stop.title
        assert_no_exception(page)
    assert page.errors == []
