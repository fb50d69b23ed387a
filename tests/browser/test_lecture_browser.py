"""Lecture mode: the Playground as a teacher runs it on a 1024x768 projector (sidebar open),
a 1280x720 screen and a 390x844 phone.

One screen per lesson moment (parameters in view with the whole player), digits readable
from the back of the room, pointing without hovering (pinned formulas), Present mode, keys
that work on the whole page, and a phone layout without sideways scrolling.
"""

from __future__ import annotations

import numpy as np
import pytest

import tconv
from tconv.render.player import cell_contributions, cell_formula
from tests.browser.conftest import (
    assert_no_exception,
    expect,
    new_context,
    next_frame,
    open_tab,
    runs,
    wait_idle,
)

X4 = [[1, 2, 0, 1], [0, 1, 2, 3], [2, 0, 1, 1], [1, 1, 0, 2]]
X5 = [[1, 2, 0, 1, 3], [0, 1, 2, 3, 1], [2, 0, 1, 1, 0], [1, 1, 0, 2, 2], [3, 1, 2, 0, 1]]
K3 = [[1, 0, 2], [0, 1, 0], [1, -1, 1]]


def grid(a) -> str:
    return ";".join(",".join(str(v) for v in row) for row in a)


# inputs up to 5x5, kernels up to 3x3, canvases up to 13x13 (the lesson sizes)
LESSONS = {
    "4x4, k3, s2, p1 (9x9 canvas)": f"x={grid(X4)}&k={grid(K3)}&s=2&p=1&a=0&d=1&b=0",
    "5x5, k3, s2, a1, bias (11x11 canvas)": f"x={grid(X5)}&k={grid(K3)}&s=2&p=0&a=1&d=1&b=1",
    "5x5, k3, s2, d2 (13x13 canvas)": f"x={grid(X5)}&k={grid(K3)}&s=2&p=1&a=0&d=2&b=0",
}
SCREENS = [(1024, 768), (1280, 720)]
SIDEBAR_KEYS = ("pg_link", "pg_stride_h", "pg_padding_h", "pg_dilation_h",
                "pg_output_padding_h", "pg_bias")  # fmt: skip

# Scroll the page so that the player's top sits just below the page's header bar; return
# the viewport, the header's bottom and the boxes of the player's parts and of the
# sidebar's parameters (top, bottom, left, right in viewport px).
MEASURE = """
() => {
  const hd = document.querySelector('header[data-testid=stHeader]');
  const hb = hd ? hd.getBoundingClientRect().bottom : 0;
  const find = (root) => {
    let f = root.querySelector('.tc-player');
    if (f) return f;
    for (const e of root.querySelectorAll('*')) {
      if (e.shadowRoot) { f = find(e.shadowRoot); if (f) return f; }
    }
    return null;
  };
  const p = find(document);
  let sc = p;
  while (sc && !(sc.scrollHeight > sc.clientHeight && getComputedStyle(sc).overflowY !== 'visible'))
    sc = sc.parentElement || (sc.getRootNode() && sc.getRootNode().host);
  (sc || document.scrollingElement).scrollBy(0, p.getBoundingClientRect().top - hb - 2);
  const box = (e) => { if (!e) return null; const b = e.getBoundingClientRect();
    return [b.top, b.bottom, b.left, b.right]; };
  const side = {};
  for (const k of %s) side[k] = box(document.querySelector('.st-key-' + k));
  const digit = (svg) => {
    const t = svg.querySelector('.tc-fg > text.tc-num')  // (before tc-num: not an index)
      || [...svg.querySelectorAll('.tc-fg > text')]
        .find((e) => !['14', '19'].includes(e.getAttribute('font-size')));
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(t.getAttribute('font-size')) * scale;
  };
  const part = (sel) => box(p.querySelector(sel));
  return {vw: innerWidth, vh: innerHeight, header: hb, player: box(p),
    controls: part('.tc-controls'), text: part('.tc-step-text'), formula: part('.tc-hover'),
    panels: part('.tc-panels'), x: part('.tc-svg-x'), k: part('.tc-svg-k'), y: part('.tc-svg-y'),
    canvasDigit: digit(p.querySelector('.tc-svg-y')),
    arrangement: p.getAttribute('data-arrangement'),
    side, docWidth: document.documentElement.scrollWidth,
    mainWidth: document.querySelector('[data-testid=stMain]').scrollWidth};
}
""" % list(SIDEBAR_KEYS)  # noqa: UP031


def open_playground(page, app_url, query: str, size) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/playground?{query}")
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page, since=0)
    page.wait_for_selector(".tc-player .tc-svg-y rect[data-cell]")


def measured(page) -> dict:
    """MEASURE once the layout holds still: two measures a frame apart agree (the player
    lays itself out after it mounts and after each new payload)."""
    last = None
    for _ in range(200):
        m = page.evaluate(MEASURE)
        if m == last:
            return m
        last = m
        next_frame(page, 1)
    raise AssertionError(f"the layout did not settle: {m}")


def in_view(b, m, top=0.0) -> bool:
    return b is not None and b[0] >= top - 1 and b[1] <= m["vh"] + 1 and b[2] >= -1


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lesson", list(LESSONS))
def test_parameters_and_the_whole_player_share_one_screen(page, app_url, lesson, size):
    """The sidebar's parameters are in view while the player's controls, step text, formula
    and all three panels are too; canvas numbers are at least 16 px."""
    open_playground(page, app_url, LESSONS[lesson], size)
    m = measured(page)
    for part in ("controls", "text", "formula", "panels", "x", "k", "y"):
        assert in_view(m[part], m, m["header"]), (part, m[part], m["vh"])
    for key, b in m["side"].items():
        assert in_view(b, m), (key, b, m["vh"])
        assert b[3] <= m["player"][2] + 1, key  # beside the player, not under it
    assert m["canvasDigit"] >= 16, m["canvasDigit"]
    assert m["panels"][1] - m["controls"][0] <= m["vh"] - m["header"]
    # the teacher changes the stride and watches: the player follows, still in view
    stride = page.locator(".st-key-pg_stride_h input")
    stride.fill("3")
    before = runs(page)
    stride.press("Enter")
    wait_idle(page, since=before)
    page.wait_for_selector(".tc-player .tc-svg-y rect[data-cell]")
    m = measured(page)
    for part in ("controls", "formula", "panels"):
        assert in_view(m[part], m, m["header"]), (part, m[part], m["vh"])
    assert_no_exception(page)
    assert page.errors == []


def test_canvas_digits_stay_16_px_at_1024_with_the_panels_on_the_screen(page, app_url):
    """At 1024x768 every lesson canvas (and a 15x15 one) keeps 16 px numbers while the
    panels fit the screen below the header: a window of the canvas where needed, also on
    the Result frame."""
    bigger = f"x={grid(X5)}&k={grid(K3)}&s=3&p=0&a=0&d=1&b=0"  # a 15x15 canvas
    for query in [*LESSONS.values(), bigger]:
        open_playground(page, app_url, query, (1024, 768))
        m = measured(page)
        assert m["canvasDigit"] >= 16, (query, m["canvasDigit"])
        assert in_view(m["panels"], m, m["header"]), (query, m["panels"])
        player = page.locator(".tc-player").first
        player.locator(".tc-last").click()  # the Result keeps them too
        m = measured(page)
        assert m["canvasDigit"] >= 16 and in_view(m["panels"], m, m["header"]), query


def test_result_grids_and_formulas_are_readable_at_1024(page, app_url):
    open_playground(page, app_url, LESSONS["5x5, k3, s2, d2 (13x13 canvas)"], (1024, 768))
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.katex-display > .katex')]
              .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert len(sizes) == 3 and min(sizes) >= 16, sizes  # \\small lines: 0.9 of it, 14.4 px
    digits = page.evaluate(
        """() => [...document.querySelectorAll("svg[aria-label^='output y'] text")]
              .filter(t => t.getAttribute('font-size') !== '11')  // not the row/column indices
              .map(t => t.getBoundingClientRect().height)"""
    )
    assert digits and min(digits) >= 14 * 1.1, min(digits)  # the box of 14 px text


def test_clicking_a_cell_pins_its_formula_until_clicked_again_or_esc(page, app_url):
    open_playground(page, app_url, LESSONS["4x4, k3, s2, p1 (9x9 canvas)"], (1024, 768))
    plan = tconv.scatter_plan(np.array(X4, float), np.array(K3, float), stride=2, padding=1)
    player = page.locator(".tc-player").first
    formula = player.locator(".tc-formula")
    player.locator(".tc-last").click()
    player.locator(".tc-svg-y rect[data-y='2,3']").click()
    assert player.get_attribute("data-pin") == "y:3,4"  # canvas coordinates (crop 1)
    assert formula.inner_text() == cell_formula(plan, 2, 3)
    assert player.locator(".tc-svg-x .tc-hl rect").count() == len(cell_contributions(plan, 2, 3))
    page.mouse.move(5, 5)  # the pointer leaves: the pinned formula stays
    next_frame(page)
    assert formula.inner_text() == cell_formula(plan, 2, 3)
    # hover previews another cell; leaving it comes back to the pinned one
    player.locator(".tc-svg-y rect[data-y='0,0']").hover()
    assert formula.inner_text() == cell_formula(plan, 0, 0)
    page.mouse.move(5, 5)
    assert formula.inner_text() == cell_formula(plan, 2, 3)
    # arrow keys move the pin (on the page, not only on the player)
    page.locator("h1").first.click()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    assert player.get_attribute("data-pin") == "y:4,5"
    assert formula.inner_text() == cell_formula(plan, 3, 4)
    # the formula box sits above the canvas: in view whichever row is pointed at
    f, y = player.locator(".tc-hover").bounding_box(), player.locator(".tc-svg-y").bounding_box()
    assert f["y"] + f["height"] <= y["y"] + 1
    page.keyboard.press("Escape")
    assert player.get_attribute("data-pin") is None
    player.locator(".tc-svg-y rect[data-y='1,1']").click()
    assert player.get_attribute("data-pin") == "y:2,2"
    player.locator(".tc-svg-y rect[data-y='1,1']").click()  # again: unpinned
    assert player.get_attribute("data-pin") is None
    # an input cell: where its copy lands
    player.locator(".tc-svg-x rect[data-x='1,2']").click()
    assert formula.inner_text().startswith("x[1,2] = 2")
    assert player.locator(".tc-svg-y .tc-hl rect").count() >= 4
    assert page.errors == []


def test_present_mode_fills_the_screen_and_esc_leaves(page, app_url):
    open_playground(page, app_url, LESSONS["4x4, k3, s2, p1 (9x9 canvas)"], (1024, 768))
    player = page.locator(".tc-player").first
    before = player.locator(".tc-svg-y rect[data-cell]").first.bounding_box()["width"]
    player.locator(".tc-present").click()
    assert player.get_attribute("data-present") == "true"
    box = player.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1024, 768)
    # the sidebar and the page's header are covered: the player is on top everywhere
    on_top = page.evaluate(
        """() => [[150, 300], [500, 20], [1000, 740]].every(([x, y]) => {
             const e = document.elementFromPoint(x, y);
             return e && e.shadowRoot !== undefined && (e.closest('[class*=st-key-player]')
               || (e.getRootNode().host && e.getRootNode().host.closest('[class*=st-key-player]')));
           })"""
    )
    assert on_top
    after = player.locator(".tc-svg-y rect[data-cell]").first.bounding_box()["width"]
    assert after > before  # scaled up to fill the screen
    panels = player.locator(".tc-panels").bounding_box()
    assert panels["y"] + panels["height"] <= 768
    page.keyboard.press("Escape")
    assert player.get_attribute("data-present") == "false"
    assert player.bounding_box()["width"] < 1024
    # P on the page (nothing focused) presents, P again leaves
    page.locator("h1").first.click()
    page.keyboard.press("p")
    assert player.get_attribute("data-present") == "true"
    page.keyboard.press("p")
    assert player.get_attribute("data-present") == "false"
    assert page.errors == []


def test_a_present_link_opens_straight_into_present_mode(page, app_url):
    query = LESSONS["4x4, k3, s2, p1 (9x9 canvas)"] + "&present=1"
    open_playground(page, app_url, query, (1280, 720))
    player = page.locator(".tc-player").first
    assert player.get_attribute("data-present") == "true"
    box = player.bounding_box()
    assert (box["width"], box["height"]) == (1280, 720)
    page.keyboard.press("Escape")
    assert player.get_attribute("data-present") == "false"


def test_keys_work_on_the_page_but_not_while_typing_and_are_listed_with_question_mark(
    page, app_url
):
    open_playground(page, app_url, LESSONS["4x4, k3, s2, p1 (9x9 canvas)"], (1024, 768))
    player = page.locator(".tc-player").first
    keys = player.locator(".tc-keys")
    assert keys.is_hidden()
    page.locator("h1").first.click()  # the page has focus, the player does not
    page.keyboard.press("?")
    assert keys.is_visible()
    assert "Space" in keys.inner_text() and "Esc" in keys.inner_text()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert player.locator(".tc-counter").inner_text() == "Step 3 / 16"
    page.keyboard.press("End")
    assert player.locator(".tc-counter").inner_text() == "Result"
    page.keyboard.press("?")
    assert keys.is_hidden()
    # typing in a text field is left alone: P, arrows, space type or move the caret
    stride = page.locator(".st-key-pg_stride_h input")
    stride.click()
    page.keyboard.press("Home")
    page.keyboard.press("p")
    page.keyboard.press("ArrowLeft")
    assert player.get_attribute("data-present") == "false"
    assert player.locator(".tc-counter").inner_text() == "Result"
    assert page.errors == []


@pytest.mark.parametrize("lesson", list(LESSONS))
def test_phone_panels_stack_with_balanced_cells_and_no_sideways_scroll(browser, app_url, lesson):
    context = new_context(
        browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        open_playground(page, app_url, LESSONS[lesson], (390, 844))
        m = measured(page)
        assert m["docWidth"] <= 390 and m["mainWidth"] <= 390, (m["docWidth"], m["mainWidth"])
        assert m["player"][3] <= 390
        assert m["arrangement"] in ("stack", "column")
        assert m["y"][0] > m["x"][1] - 1  # the canvas under the input
        player = page.locator(".tc-player").first
        cx = float(player.locator(".tc-svg-x rect[data-cell]").first.get_attribute("width"))
        ck = float(player.locator(".tc-svg-k rect[data-cell]").first.get_attribute("width"))
        cy = float(player.locator(".tc-svg-y rect[data-cell]").first.get_attribute("width"))
        assert cx >= 28 and ck >= 28, (cx, ck)
        assert min(cx, ck) >= 0.8 * cy  # balanced: the canvas cells do not dwarf them
        # a tap pins a cell's formula
        player.locator(".tc-last").tap()
        player.locator(".tc-svg-y rect[data-y='0,0']").tap()
        assert player.get_attribute("data-pin") == "y:" + player.locator(
            ".tc-svg-y rect[data-y='0,0']"
        ).get_attribute("data-cell")
        assert player.locator(".tc-formula").inner_text().startswith("y[0,0] = ")
        assert page.errors == []
    finally:
        context.close()


def steppers(page, *keys) -> None:
    """Each number input keeps its − and + buttons."""
    for key in keys:
        box = page.locator(f".st-key-{key}")
        for step in ("stNumberInputStepDown", "stNumberInputStepUp"):
            assert box.locator(f"[data-testid='{step}']").is_visible(), (key, step)


def test_the_largest_editors_are_whole_at_1024_with_their_buttons_and_labels(page, app_url):
    """The 8x8 input and the 5x5 kernel editors fit the page beside the sidebar; the size
    inputs keep their −/+ buttons; no label is cut."""
    x8 = [[(r * 8 + c) % 7 - 3 for c in range(8)] for r in range(8)]
    k5 = [[(r + c) % 3 - 1 for c in range(5)] for r in range(5)]
    open_playground(page, app_url, f"x={grid(x8)}&k={grid(k5)}&s=1&p=0&a=0&d=1&b=0", (1024, 768))
    main = page.locator("[data-testid='stMainBlockContainer']").bounding_box()
    for tab, editor, cols in (("Input x", 0, 8), ("Kernel K", 1, 5)):
        open_tab(page, tab)
        frame = page.locator("[data-testid='stDataFrame']").nth(editor)
        # every column is drawn: the last column's first cell is inside the editor (waited
        # for: the editor draws its cells after the tab opens)
        expect(frame.locator(f"[data-testid='glide-cell-{cols}-0']")).to_have_count(1)
        box = frame.bounding_box()
        assert box["x"] >= main["x"] - 1 and box["x"] + box["width"] <= main["x"] + main["width"]
        assert frame.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        name = "xk"[editor]
        steppers(page, f"pg_{name}_rows", f"pg_{name}_cols")
    steppers(page, "pg_stride_h", "pg_bias")
    # labels and captions are whole: nothing in the sidebar or the editors' tab is clipped
    clipped = page.evaluate(
        """() => [...document.querySelectorAll(
               '[data-testid=stSidebarUserContent] label, [data-testid=stSidebarUserContent] p,'
               + ' [data-testid=stTab] label, [data-testid=stWidgetLabel] p')]
             .filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1)
             .map(e => e.textContent)"""
    )
    assert clipped == []
