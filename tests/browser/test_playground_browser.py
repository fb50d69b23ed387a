"""The Playground in a real browser: editing a cell, opening a share link, a hostile link."""

import torch
import torch.nn.functional as F

from tconv.core.fmt import fmt
from tests.apptest import svg_numbers
from tests.browser.conftest import (
    assert_no_exception,
    expect,
    open_page,
    open_tab,
    runs,
    wait_idle,
)


def output_numbers(page) -> tuple[str, list[float]]:
    """The title and the cell numbers of the page's output grid ('output y (H×W)')."""
    svg = page.locator("svg[aria-label^='output y (']").first
    title = svg.get_attribute("aria-label")
    return title, svg_numbers(svg.evaluate("e => e.outerHTML"), title)


def expected(x, k, bias=0.0, **params) -> tuple[str, list[float]]:
    """torch's output for the same numbers, as the page's grid would title and label it."""
    y = F.conv_transpose2d(
        torch.tensor(x, dtype=torch.float64)[None, None],
        torch.tensor(k, dtype=torch.float64)[None, None],
        torch.tensor([bias], dtype=torch.float64),
        **params,
    )[0, 0].numpy()
    return f"output y ({y.shape[0]}×{y.shape[1]})", [float(fmt(v)) for v in y.ravel()]


def show_tab(page, label: str) -> None:
    """Open the tab `label` ('Input x' or 'Kernel K': the grid editors are in tabs)."""
    open_tab(page, label)


def edit_bottom_right_cell(page, editor: int, value: str) -> None:
    """Double-click the bottom-right cell of data editor number `editor` (0: input x,
    1: kernel K; its tab is opened first), type, Enter."""
    show_tab(page, ("Input x", "Kernel K")[editor])
    canvas = page.locator("[data-testid='stDataFrame']").nth(editor).locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    frame = page.locator("[data-testid='stDataFrame']").nth(editor)
    page.mouse.click(box["x"] + box["width"] - 12, box["y"] + box["height"] - 10)  # focus
    frame.evaluate(
        "e => new Promise(done => { const has = () => e.contains(document.activeElement)"
        " ? done() : requestAnimationFrame(has); has(); })"
    )
    page.mouse.dblclick(box["x"] + box["width"] - 12, box["y"] + box["height"] - 10)
    field = page.locator("input.gdg-input")
    field.wait_for(state="visible")
    field.fill(value)
    before = runs(page)
    field.press("Enter")
    wait_idle(page, since=before)


def test_editing_a_cell_changes_the_output(page, app_url):
    open_page(page, app_url, "playground")
    k = [[4.0, 1.0], [2.0, 3.0]]
    assert output_numbers(page) == expected([[0, 1], [2, 3]], k, stride=2)
    edit_bottom_right_cell(page, 0, "10")  # x[1, 1]: 3 -> 10
    page.wait_for_function("() => location.search.includes('x=0%2C1%3B2%2C10')")
    assert output_numbers(page) == expected([[0, 1], [2, 10]], k, stride=2)
    assert page.locator("[data-testid='glide-cell-2-1']").first.text_content() == "10"
    assert "Matches PyTorch" in page.locator("[data-testid='stMain']").inner_text()
    # the edit survives a parameter change and a resize of the other grid
    stride = page.get_by_role("spinbutton", name="stride s", exact=True)
    stride.fill("1")
    before = runs(page)
    stride.press("Enter")
    wait_idle(page, since=before)
    assert output_numbers(page) == expected([[0, 1], [2, 10]], k, stride=1)
    show_tab(page, "Kernel K")
    page.get_by_role("spinbutton", name="Kernel rows", exact=True).fill("3")
    before = runs(page)
    page.keyboard.press("Enter")
    wait_idle(page, since=before)
    k3 = [[4.0, 1.0], [2.0, 3.0], [0.0, 0.0]]
    assert output_numbers(page) == expected([[0, 1], [2, 10]], k3, stride=1)
    assert_no_exception(page)
    assert page.errors == []


def test_a_share_link_restores_grids_and_parameters(page, app_url):
    query = "x=1,-2,0;0.5,3,4&k=1,2;3,4;5,6&s=2,1&p=1,0&a=1,0&d=1,2&b=0.5"
    open_page(page, app_url, "playground", query)
    main = page.locator("[data-testid='stMain']")
    cells = page.locator("[data-testid='stDataFrame']").first.locator(
        "[data-testid^='glide-cell-']"
    )
    cells.first.wait_for(state="attached")
    shown = [c.text_content() for c in cells.all()]
    for v in ("-2", "0.5", "3", "4"):  # the input grid's values are in the editor
        assert v in shown, shown
    assert page.get_by_role("spinbutton", name="stride s (W)", exact=True).input_value() == "1"
    assert page.get_by_role("spinbutton", name="dilation d (W)", exact=True).input_value() == "2"
    assert (
        page.get_by_role("spinbutton", name="output_padding a (H)", exact=True).input_value() == "1"
    )
    x = [[1, -2, 0], [0.5, 3, 4]]
    k = [[1, 2], [3, 4], [5, 6]]
    params = dict(stride=(2, 1), padding=(1, 0), output_padding=(1, 0), dilation=(1, 2))
    assert output_numbers(page) == expected(x, k, 0.5, **params)
    assert "Matches PyTorch" in main.inner_text()
    assert "Parts of this link could not be used" not in main.inner_text()
    assert_no_exception(page)
    assert page.errors == []


def test_a_hostile_link_shows_warnings_and_a_working_page(page, app_url):
    open_page(page, app_url, "playground", "x=1,2;3&k=%3Cscript%3E&s=99&d=abc&b=1e999")
    main = page.locator("[data-testid='stMain']")
    text = main.inner_text()
    assert "Parts of this link could not be used" in text
    for part in ("input x (x)", "kernel K (k)", "stride (s)", "dilation (d)", "bias (b)"):
        assert part in text, part
    assert page.locator("script", has_text="alert").count() == 0
    # the defaults (the seed's Example 1) are computed and checked
    assert output_numbers(page) == expected([[0, 1], [2, 3]], [[4, 1], [2, 3]], stride=2)
    assert "Matches PyTorch" in text
    edit_bottom_right_cell(page, 1, "-1")  # the page still works: K[1, 1] = -1
    assert output_numbers(page)[1][-1] == -3.0
    assert_no_exception(page)
    assert page.errors == []


def test_a_1024px_projector_sees_whole_formulas_and_result_grids(page, app_url):
    """On a 1024x768 screen (sidebar open) nothing in sections 3 and 4 is cut off."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url, "playground")
    formulas = page.locator(".katex-display")
    expect(formulas).to_have_count(3)  # the formula, then o_H and o_W written out
    for i in range(3):
        overflow = formulas.nth(i).evaluate("e => e.scrollWidth - e.clientWidth")
        assert overflow <= 1, f"formula {i} is {overflow} px too wide for its column"
    for title in ("output y (4×4)", "torch"):
        svg = page.locator(f"svg[aria-label='{title}']").first
        column = svg.locator("xpath=ancestor::*[@data-testid='stColumn'][1]")
        grid, col = svg.bounding_box(), column.bounding_box()
        assert (
            grid["x"] >= col["x"] - 1 and grid["x"] + grid["width"] <= col["x"] + col["width"] + 1
        )
    assert_no_exception(page)
