"""The step player in a real browser: play, pause, step, scrub, keyboard, hover formulas.

The player runs against tests/browser/player_app.py (Example 1 of the seed, and a case
with padding 1, output_padding 1 and a bias), started by the fixture below on a free
port; when the Playground page mounts the player, it is also checked there.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

import tconv
from tconv.render.player import canvas_formula, cell_formula, step_texts
from tests.browser.conftest import ROOT, assert_no_exception, runs, streamlit_server, wait_idle

X1 = np.array([[0.0, 1.0], [2.0, 3.0]])
K1 = np.array([[4.0, 1.0], [2.0, 3.0]])
PADDED = tconv.scatter_plan(
    np.array([[1.0, 2.0, 0.0], [-1.0, 3.0, 1.0], [2.0, 0.0, 1.0]]),
    np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [1.0, -1.0, 1.0]]),
    stride=2,
    padding=1,
    output_padding=1,
    bias=0.5,
)  # as in player_app.py


@pytest.fixture(scope="module")
def player_url(browser_ready):
    """`streamlit run tests/browser/player_app.py` on a free port; always stopped."""
    with streamlit_server("tests/browser/player_app.py") as url:
        yield url


@pytest.fixture
def player_page(page, player_url):
    hosts = []
    page.on("request", lambda req: hosts.append(urlparse(req.url)))
    page.goto(player_url)
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page, since=0)
    for key in ("example1", "padded"):
        page.wait_for_selector(f".st-key-{key} .tc-player .tc-svg-y rect[data-cell]")
    page.hosts = hosts
    return page


def counter(player) -> str:
    return player.locator(".tc-counter").inner_text()


def test_play_advances_and_pause_holds(player_page):
    from playwright.sync_api import expect

    player = player_page.locator(".st-key-example1 .tc-player")
    shown = player.locator(".tc-counter")
    expect(shown).to_have_text("Step 1 / 4")
    player.locator(".tc-speed").select_option("2")  # 500 ms a frame
    player.locator(".tc-play").click()
    expect(player).to_have_attribute("data-playing", "true")
    expect(shown).to_have_text(re.compile(r"Step [23] / 4"), timeout=10_000)
    player.locator(".tc-play").click()  # pause
    expect(player).to_have_attribute("data-playing", "false")
    held = counter(player)
    player_page.wait_for_timeout(1200)  # proves that nothing happens: 2 frames' time at 500 ms
    assert counter(player) == held
    # play on to the end: it stops on the Result
    player.locator(".tc-play").click()
    expect(shown).to_have_text("Result", timeout=10_000)
    expect(player).to_have_attribute("data-playing", "false")
    player_page.wait_for_timeout(700)  # proves that nothing happens: it stays on the Result
    assert counter(player) == "Result"
    assert player_page.errors == []


def test_buttons_step_and_show_the_step_text(player_page):
    player = player_page.locator(".st-key-padded .tc-player")
    texts = step_texts(PADDED)
    assert player.locator(".tc-step-text").inner_text() == texts[0]
    player.locator(".tc-next").click()
    player.locator(".tc-next").click()
    assert counter(player) == "Step 3 / 9"
    assert player.locator(".tc-step-text").inner_text() == texts[2]
    player.locator(".tc-prev").click()
    assert counter(player) == "Step 2 / 9"
    player.locator(".tc-last").click()
    assert counter(player) == "Result"
    assert player.locator(".tc-step-text").inner_text() == texts[-1]
    assert player.locator(".tc-next").is_disabled()
    player.locator(".tc-first").click()
    assert counter(player) == "Step 1 / 9"
    assert player.locator(".tc-prev").is_disabled()


def test_scrub_slider_jumps_to_a_step(player_page):
    player = player_page.locator(".st-key-padded .tc-player")
    player.locator(".tc-scrub").fill("4")
    assert counter(player) == "Step 5 / 9"
    # step 5 is x[1,1] = 3: the kernel panel shows 3 × K and the input cell is outlined
    titles = player.locator(".tc-svg-k text").all_text_contents()
    assert "3 × K" in titles
    player.locator(".tc-scrub").fill("9")
    assert counter(player).startswith("Result")


def test_keyboard_space_arrows_home_end(player_page):
    player = player_page.locator(".st-key-padded .tc-player")
    player.focus()
    player_page.keyboard.press("ArrowRight")
    player_page.keyboard.press("ArrowRight")
    assert counter(player) == "Step 3 / 9"
    player_page.keyboard.press("ArrowLeft")
    assert counter(player) == "Step 2 / 9"
    player_page.keyboard.press("End")
    assert counter(player).startswith("Result")
    player_page.keyboard.press("Home")
    assert counter(player) == "Step 1 / 9"
    player_page.keyboard.press("Space")
    assert player.get_attribute("data-playing") == "true"
    player_page.keyboard.press("Space")
    assert player.get_attribute("data-playing") == "false"


def test_hover_output_cell_shows_its_formula(player_page):
    example = player_page.locator(".st-key-example1 .tc-player")
    plan1 = tconv.scatter_plan(X1, K1, stride=2)
    example.locator(".tc-svg-y rect[data-y='2,2']").hover()
    assert example.locator(".tc-formula").inner_text() == cell_formula(plan1, 2, 2)
    assert example.locator(".tc-formula").inner_text() == "y[2,2] = x[1,1]·k[0,0] = 12"
    assert example.locator(".tc-numbers").inner_text().startswith("= 3·4 = 12")
    player = player_page.locator(".st-key-padded .tc-player")
    player.locator(".tc-last").click()
    player.locator(".tc-svg-y rect[data-y='1,1']").hover()
    assert player.locator(".tc-formula").inner_text() == cell_formula(PADDED, 1, 1)
    assert " + b = " in cell_formula(PADDED, 1, 1)
    # the contributing input cells and kernel taps are highlighted (4 of each)
    assert player.locator(".tc-svg-x .tc-hl rect").count() == 4
    assert player.locator(".tc-svg-k .tc-hl rect").count() == 4
    # a canvas cell that padding crops away says so
    player.locator(".tc-first").click()
    player.locator(".tc-svg-y rect[data-cell='0,0']").hover()
    assert player.locator(".tc-formula").inner_text() == canvas_formula(PADDED, 0, 0)
    assert player.locator(".tc-formula").inner_text().endswith("cropped away by padding")
    player.locator(".tc-last").click()
    # hovering an input cell shows its footprint in the output and its step text
    player.locator(".tc-svg-x rect[data-x='1,1']").hover()
    assert player.locator(".tc-svg-y .tc-hl rect").count() == 9
    assert player.locator(".tc-numbers").inner_text() == step_texts(PADDED)[4]


def test_a_new_plan_updates_the_player_and_keeps_the_step(player_page):
    example = player_page.locator(".st-key-example1 .tc-player")
    example.locator(".tc-next").click()
    example.locator(".tc-next").click()
    assert counter(example) == "Step 3 / 4"
    before = runs(player_page)
    player_page.get_by_text("Add a bias of 1").click()
    wait_idle(player_page, since=before)
    example.locator(".tc-svg-y rect[data-y='3,3']").hover()
    player_page.wait_for_function(
        "el => el.textContent.includes('+ b')", arg=example.locator(".tc-formula").element_handle()
    )
    assert counter(example) == "Step 3 / 4"  # the new plan arrived, the step stayed
    example.locator(".tc-last").click()
    texts = example.locator(".tc-svg-y text").all_text_contents()
    assert texts[0] == "Output y (4×4) + b"
    assert texts[-4:] == ["5", "7", "7", "10"]  # the last row of Example 1, plus 1
    example.locator(".tc-first").click()
    example.locator(".tc-svg-y rect[data-y='3,3']").hover()
    assert example.locator(".tc-formula").inner_text() == "y[3,3] = x[1,1]·k[1,1] + b = 10"
    assert player_page.errors == []


def test_last_frame_shows_the_cropped_output(player_page):
    example = player_page.locator(".st-key-example1 .tc-player")
    example.locator(".tc-last").click()
    texts = example.locator(".tc-svg-y text").all_text_contents()
    assert texts[0] == "Output y (4×4)"
    assert texts[-16:] == ["0", "0", "4", "1", "0", "0", "2", "3", "8", "2", "12", "3"] + [
        "4",
        "6",
        "6",
        "9",
    ]
    player = player_page.locator(".st-key-padded .tc-player")
    player.locator(".tc-last").click()
    oh, ow = PADDED.output.shape
    assert player.locator(".tc-svg-y rect[data-y]").count() == oh * ow
    numbers = player.locator(".tc-svg-y text").all_text_contents()[-oh * ow :]
    expected = [f"{v:g}".replace("-", "−") for v in PADDED.output.flat]
    assert numbers == expected
    assert_no_exception(player_page)
    assert player_page.errors == []


def test_player_needs_no_network(player_page):
    player = player_page.locator(".st-key-padded .tc-player")
    player.locator(".tc-next").click()
    remote = [u.geturl() for u in player_page.hosts if u.scheme not in ("data", "blob")]
    assert remote and all(urlparse(u).hostname == "127.0.0.1" for u in remote), remote


def test_player_on_the_playground_page(page, app_url):
    from tests.browser.conftest import open_page

    open_page(page, app_url, "playground")
    player = page.locator(".tc-player").first
    player.wait_for()
    assert counter(player).startswith("Step 1 / ")
    player.locator(".tc-next").click()
    assert counter(player).startswith("Step 2 / ")
    player.locator(".tc-last").click()
    assert counter(player).startswith("Result")
    player.locator(".tc-svg-y rect[data-y='0,0']").hover()
    assert player.locator(".tc-formula").inner_text().startswith("y[0,0] = ")
    assert_no_exception(page)


# What the player drew: the panels' boxes (left, top, width, height, relative to the panels'
# box), the svgs' sizes, the cell sizes and the canvas cells shown, the box it measured
# (data-box) and the geometry it was given.
DRAWN = """
p => {
  const rel = (sel) => {
    const o = p.querySelector('.tc-panels').getBoundingClientRect();
    const r = p.querySelector(sel).getBoundingClientRect();
    return [r.left - o.left, r.top - o.top, r.width, r.height];
  };
  const cell = (svg) => +p.querySelector(svg + ' rect[data-cell]').getAttribute('width');
  const ys = [...p.querySelectorAll('.tc-svg-y rect[data-cell]')]
    .map((r) => r.getAttribute('data-cell').split(','));
  return {box: p.getAttribute('data-box').split(',').map(Number),
    arr: p.getAttribute('data-arrangement'),
    x: rel('.tc-svg-x'), k: rel('.tc-svg-k'), y: rel('.tc-svg-y'),
    h: p.querySelector('.tc-panels').getBoundingClientRect().height,
    cx: cell('.tc-svg-x'), ck: cell('.tc-svg-k'), cy: cell('.tc-svg-y'),
    rows: new Set(ys.map((c) => c[0])).size, cols: new Set(ys.map((c) => c[1])).size,
    geometry: p.__tcPlayer.d.geometry};
}
"""

LARGEST = "x=" + ";".join(["1,-2,3,0,1,2,-1,1"] * 8) + "&k=" + ";".join(["1,0,-1,2,1"] * 5)


def assert_drawn_as_the_geometry_says(player, *, present=False):
    """The player's panels are where frames_layout.fit puts them for the box it measured."""
    from tconv.render.frames_layout import fit

    m = player.evaluate(DRAWN)
    width, height = m["box"]
    lay = fit(m["geometry"], width, height, present=present)
    assert m["arr"] == lay.arr
    assert (m["cx"], m["ck"], m["cy"]) == (lay.cx, lay.ck, lay.cy)
    assert (m["rows"], m["cols"]) == (lay.rows, lay.cols)
    assert abs(m["h"] - lay.h) <= 1
    for panel in "xky":
        left, top, w, h = m[panel]
        want = (*lay.pos[panel], *lay.size[panel])
        assert all(abs(a - b) <= 1 for a, b in zip((left, top, w, h), want, strict=True)), (
            panel, (left, top, w, h), want
        )  # fmt: skip
    return lay


@pytest.mark.parametrize(
    ("width", "height"), [(1024, 768), (1280, 720), (390, 844)], ids=lambda v: str(v)
)
def test_the_player_draws_where_the_shipped_geometry_says(page, app_url, width, height):
    """The layout rule lives once (tconv.render.frames_layout) and reaches the player as data:
    at a projector with the sidebar open, a laptop and a phone, the Playground's player puts
    its panels, cells and canvas window exactly where Python's evaluation of that data puts
    them for the box the player measured (also in Present mode and for a windowed canvas)."""
    from tests.browser.conftest import open_page

    page.set_viewport_size({"width": width, "height": height})
    seen = set()
    for query in ("", LARGEST + "&s=4&p=0&a=0&d=3&b=0"):
        open_page(page, app_url, "playground", query)
        player = page.locator(".tc-player").first
        player.locator(".tc-svg-y rect[data-cell]").first.wait_for()
        page.wait_for_timeout(400)
        lay = assert_drawn_as_the_geometry_says(player)
        seen.add((lay.arr, lay.window))
        player.locator(".tc-last").click()  # the Result is laid out the same way
        assert_drawn_as_the_geometry_says(player)
        if width == 1280:
            player.locator(".tc-present").click()
            page.wait_for_timeout(300)
            assert_drawn_as_the_geometry_says(player, present=True)
            page.keyboard.press("Escape")
    assert any(window for _, window in seen)  # the 41x41 canvas shows as a window
    assert_no_exception(page)
    assert page.errors == []


@pytest.mark.parametrize(("width", "height"), [(340, 2000), (540, 450), (1100, 700), (1300, 900)])
def test_the_players_evaluation_of_the_geometry_is_pythons(page, width, height):
    """player.js's few lines that evaluate the shipped geometry give frames_layout.fit's
    layout in any box and mode, for the plans of the other tests (the GIF's layout is fit's
    for its own box, so the export keeps matching the player)."""
    import json

    from tconv.render.frames_layout import fit
    from tconv.render.player import player_payload

    source = (ROOT / "assets" / "player" / "player.js").read_text()
    rng = np.random.default_rng(width)
    plans = [
        tconv.scatter_plan(X1, K1, stride=2),
        PADDED,
        tconv.scatter_plan([[5.0]], [[1.0]]),
        tconv.scatter_plan(rng.integers(-5, 9, (8, 8)), np.ones((3, 3)), stride=2, padding=1),
        tconv.scatter_plan(np.ones((4, 6)), np.ones((5, 2)), stride=(1, 3), dilation=(2, 1)),
        tconv.scatter_plan(np.ones((8, 8)), np.ones((5, 5)), stride=4, dilation=3),
    ]
    geos = [player_payload(p, formulas=False)["geometry"] for p in plans]
    modes = [{}, {"present": True}, {"overview": True}]
    page.set_content("<html><body></body></html>")
    got = page.evaluate(
        """async ([src, geos, modes, width, height]) => {
            const url = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
            const m = await import(url);
            return geos.map((g) => modes.map((o) => m.fitLayout(g, width, height, o)));
        }""",
        [source, json.loads(json.dumps(geos)), modes, width, height],
    )
    arrangements = set()
    for g, per_mode in zip(geos, got, strict=True):
        for mode, js in zip(modes, per_mode, strict=True):
            py = fit(g, width, height, **mode)
            arrangements.add(py.arr)
            assert (js["cx"], js["ck"], js["cy"], js["arr"], js["w"], js["h"]) == (
                py.cx, py.ck, py.cy, py.arr, py.w, py.h
            ), mode  # fmt: skip
            assert {k: tuple(v) for k, v in js["pos"].items()} == py.pos
            assert {k: tuple(v) for k, v in js["size"].items()} == py.size
            assert (js["rows"], js["cols"], js["window"]) == (py.rows, py.cols, py.window)
    assert len(arrangements) > 1 or width == 340  # the boxes exercise several arrangements


def test_download_buttons_deliver_the_gif_and_the_png(player_page):
    import io

    from PIL import Image

    for label, fmt, frames in (
        ("Animation (GIF)", "GIF", len(PADDED.steps) + 1),
        ("Result (PNG)", "PNG", 1),
    ):
        with player_page.expect_download() as info:
            player_page.get_by_role("button", name=label).click()
        data = Path(info.value.path()).read_bytes()
        img = Image.open(io.BytesIO(data))
        assert img.format == fmt
        assert getattr(img, "n_frames", 1) == frames
        assert info.value.suggested_filename.endswith(fmt.lower())
    assert_no_exception(player_page)


def test_keyboard_on_a_focused_button_presses_it(player_page):
    player = player_page.locator(".st-key-padded .tc-player")
    player.locator(".tc-next").focus()
    player_page.keyboard.press("Space")  # presses "Next", does not start playing
    assert counter(player) == "Step 2 / 9"
    assert player.get_attribute("data-playing") == "false"
    player_page.keyboard.press("Space")  # the focus is back on the player: play
    assert player.get_attribute("data-playing") == "true"
    player_page.keyboard.press("Space")
    assert player.get_attribute("data-playing") == "false"


def _cell_size(player) -> float:
    return float(player.locator(".tc-svg-y rect[data-cell]").first.get_attribute("width"))


def _outlined(player) -> int:
    """How many cells of the canvas carry the current step's vermillion outline."""
    return player.locator('.tc-svg-y .tc-fg > rect[stroke="#D55E00"]').count()


def _digit_px(player) -> float:
    """The font size (px on screen) of the canvas panel's numbers."""
    return player.locator(".tc-svg-y .tc-fg > text.tc-num").first.evaluate(
        "t => parseFloat(t.getAttribute('font-size')) * t.ownerSVGElement.getBoundingClientRect()"
        ".width / t.ownerSVGElement.viewBox.baseVal.width"
    )


def test_a_big_canvas_shows_a_readable_window_that_follows_the_step(player_page):
    from playwright.sync_api import expect

    small = player_page.locator(".st-key-example1 .tc-player")
    expect(small.locator(".tc-zoom")).to_be_hidden()  # its cells are big already
    assert small.get_attribute("data-zoomed") == "false"
    player = player_page.locator(".st-key-largest .tc-player")
    zoom = player.locator(".tc-zoom")
    # a 41x41 canvas cannot keep 16 px numbers on the screen: a window of it shows instead
    expect(player).to_have_attribute("data-zoomed", "true")
    expect(zoom).to_be_visible()
    expect(zoom).to_have_attribute("aria-pressed", "true")
    assert _digit_px(player) >= 16
    window_cell = _cell_size(player)
    title = player.locator(".tc-svg-y text").first
    expect(title).to_have_text(re.compile(r"Canvas 41×41, rows 0–\d+, cols 0–\d+"))
    shown = player.locator(".tc-svg-y rect[data-cell]").count()
    assert 13 * 13 <= shown < 41 * 41  # at least a 5x5 kernel's footprint at dilation 3
    assert _outlined(player) == 25  # step 1: the whole 5x5 footprint is in the window
    # the last step writes the bottom-right corner: the window moves there
    player.focus()
    player_page.keyboard.press("End")
    player_page.keyboard.press("ArrowLeft")
    assert counter(player) == "Step 64 / 64"
    expect(title).to_have_text(re.compile(r"Canvas 41×41, rows \d+–40, cols \d+–40"))
    assert _outlined(player) == 25
    # hovering a shown cell still explains it
    cell = player.locator('.tc-svg-y rect[data-cell="40,40"]')
    cell.hover()
    expect(player.locator(".tc-formula")).to_contain_text("y[40,40] = x[7,7]·k[4,4]")
    player_page.keyboard.press("End")  # the Result: the output, windowed the same way
    expect(title).to_have_text(re.compile(r"Output y \(41×41\), rows \d+–40, cols \d+–40"))
    player.focus()
    player_page.keyboard.press("z")  # the whole canvas, small, on demand
    expect(player).to_have_attribute("data-zoomed", "false")
    expect(title).to_have_text(re.compile(r"^Output y \(41×41\)$"))
    assert player.locator(".tc-svg-y rect[data-cell]").count() == 41 * 41
    assert _cell_size(player) < window_cell
    zoom.click()  # and back
    expect(player).to_have_attribute("data-zoomed", "true")
    assert player_page.errors == []


def test_the_window_pans_by_drag_and_by_keys_and_walks_the_whole_result(player_page):
    from playwright.sync_api import expect

    player = player_page.locator(".st-key-largest .tc-player")
    expect(player).to_have_attribute("data-zoomed", "true")
    title = player.locator(".tc-svg-y text").first
    player.locator(".tc-last").click()
    expect(title).to_have_text(re.compile(r"rows 0–\d+, cols 0–\d+$"))
    rows = int(re.search(r"rows 0–(\d+)", title.text_content()).group(1)) + 1
    # drag the window: 3 cells up and 2 to the left moves it 3 rows down, 2 cols right
    c = _cell_size(player)
    box = player.locator(".tc-svg-y").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    player_page.mouse.move(x, y)
    player_page.mouse.down()
    player_page.mouse.move(x - 2 * c, y - 3 * c, steps=6)
    player_page.mouse.up()
    expect(title).to_have_text(re.compile(rf"rows 3–{rows + 2}, cols 2–\d+$"))
    assert player.get_attribute("data-pin") is None  # a drag is not a click
    # Shift+arrows pan too; the window stops at the edges
    player.focus()
    player_page.keyboard.press("Shift+ArrowUp")
    expect(title).to_have_text(re.compile(rf"rows 2–{rows + 1}, cols 2–"))
    for _ in range(50):
        player_page.keyboard.press("Shift+ArrowDown")
        player_page.keyboard.press("Shift+ArrowRight")
    expect(title).to_have_text(re.compile(r"rows \d+–40, cols \d+–40$"))
    # a pinned output cell walks the whole output with the arrows; the window follows
    player.locator('.tc-svg-y rect[data-y="40,40"]').click()
    assert player.get_attribute("data-pin") == "y:40,40"
    for _ in range(40):
        player_page.keyboard.press("ArrowUp")
        player_page.keyboard.press("ArrowLeft")
    assert player.get_attribute("data-pin") == "y:0,0"
    expect(title).to_have_text(re.compile(r"rows 0–\d+, cols 0–\d+$"))
    assert player.locator(".tc-formula").inner_text().startswith("y[0,0] = ")
    assert player_page.errors == []


def _contrast(a, b) -> float:
    def lum(rgb):
        c = [v / 255 for v in rgb[:3]]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


THEME_COLOURS = """
p => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const css = (e, prop) => rgb(getComputedStyle(e)[prop]);
  const cellOf = (t) => [...p.querySelectorAll('.tc-svg-y .tc-bg > rect[data-cell]')]
    .find((r) => {
      const x = +r.getAttribute('x'), y = +r.getAttribute('y'), w = +r.getAttribute('width');
      const [X, Y] = [+t.getAttribute('x'), +t.getAttribute('y')];
      return X > x && X < x + w && Y > y && Y < y + w;
    });
  const num = [...p.querySelectorAll('.tc-svg-y .tc-fg > text.tc-num')]
    .find((t) => (cellOf(t).getAttribute('fill') || '').startsWith('#'));
  const cell = cellOf(num);
  const idx = p.querySelector('.tc-svg-x .tc-fg > text[font-size="14"]');
  return {theme: p.getAttribute('data-theme'), bg: css(p, 'backgroundColor'),
    ink: css(p.querySelector('.tc-step-text'), 'color'), num: css(num, 'fill'),
    cell: css(cell, 'fill'), index: css(idx, 'fill'),
    title: css(p.querySelector('.tc-svg-x text'), 'fill'),
    formula: css(p.querySelector('.tc-formula'), 'color'),
    hoverBg: css(p.querySelector('.tc-hover'), 'backgroundColor'),
    button: css(p.querySelector('.tc-next'), 'color')};
}
"""


@pytest.mark.parametrize("background", ["#ffffff", "#0e1117"])
def test_the_player_follows_the_theme_with_readable_text(player_page, background):
    """Light or dark (the Streamlit theme's background): every text on its background has
    a contrast of at least 4.5:1."""
    player = player_page.locator(".st-key-padded .tc-player")
    player.evaluate(f"p => p.style.setProperty('--st-background-color', '{background}')")
    player.locator(".tc-next").click()  # a render picks the theme up
    c = player.evaluate(THEME_COLOURS)
    assert c["theme"] == ("dark" if background != "#ffffff" else "light")
    pairs = {
        "step text": (c["ink"], c["bg"]),
        "canvas number": (c["num"], c["cell"]),
        "index": (c["index"], c["bg"]),
        "title": (c["title"], c["bg"]),
        "formula": (c["formula"], c["hoverBg"]),
        "button": (c["button"], c["bg"]),
    }
    for what, (fg, bg) in pairs.items():
        assert _contrast(fg, bg) >= 4.5, (what, fg, bg, _contrast(fg, bg))
