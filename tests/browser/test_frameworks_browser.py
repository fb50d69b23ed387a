"""The Frameworks page in a real browser, at 1400 and 1024 px: the window drawn twice for
the odd "same" cut, every framework's row and tab, nothing cut off on a 1024 px projector."""

import importlib.util

import pytest

from tests.browser.conftest import assert_no_exception, open_page, wait_idle

QUERY = "x=1,2,0;0,1,2;2,0,1&k=1,2,3;4,5,6;7,8,9&s=2&p=1&a=1"
SAME = '"same" (Keras, JAX, TensorFlow; ONNX SAME_UPPER)'
FRAMEWORKS = ["PyTorch", "Keras 3", "JAX", "TensorFlow", "ONNX"]
LIVE = {"Keras 3": "keras", "JAX": "jax", "ONNX": "onnxruntime"}
SLOW = 240_000  # the first run imports Keras, JAX and ONNX Runtime on a busy machine


def open_same(page, app_url) -> None:
    open_page(page, app_url)  # the router runs once, so the page opens inside st.navigation
    page.goto(f"{app_url}/frameworks?{QUERY}")
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page, SLOW, since=0)
    page.get_by_text(SAME).click()
    page.get_by_text("cuts row 6; cuts column 6", exact=False).wait_for(timeout=SLOW)
    wait_idle(page, SLOW)


@pytest.mark.parametrize("width", [1400, 1024])
def test_frameworks_page_shows_every_framework_and_the_same_cut(page, app_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_same(page, app_url)
    main = page.locator("[data-testid='stMain']")
    assert "cuts row 6; cuts column 6" in main.inner_text(), main.inner_text()[:1500]
    assert page.locator('svg[aria-label="this layer\'s window"]').count() == 1
    assert page.locator("svg[aria-label='padding=(1, 1), output_padding=(1, 1)']").count() == 1
    table = page.locator("[data-testid='stTable']").first  # the overview (the weights follow)
    text = table.inner_text()
    for name in FRAMEWORKS:
        assert name in text
    for name, module in LIVE.items():
        if importlib.util.find_spec(module):
            row = table.locator("tr", has_text=name)
            assert "same ✅" in row.inner_text(), row.inner_text()
    # nothing sideways: the table, the two canvases and the code stay inside the page
    page_right = main.locator("[data-testid='stMainBlockContainer']").bounding_box()
    right_edge = page_right["x"] + page_right["width"] + 1
    assert table.evaluate("t => t.scrollWidth - t.clientWidth") <= 1
    for svg in page.locator(".tconv-svg svg").all():
        box = svg.bounding_box()
        assert box["x"] + box["width"] <= right_edge
    for name in FRAMEWORKS:
        page.get_by_role("tab", name=name).click()
        panel = page.locator("[role='tabpanel']:visible")
        code = panel.locator("[data-testid='tc-share-link']")
        assert code.count() == 1, name
        assert code.evaluate("c => c.scrollWidth - c.clientWidth") <= 1, name
        assert code.bounding_box()["x"] + code.bounding_box()["width"] <= right_edge, name
    assert_no_exception(page)
    assert page.errors == []
