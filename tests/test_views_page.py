"""AppTest for the "Four views" page: every widget by key, the numbers it draws, share links."""

from types import SimpleNamespace

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tconv.app.config import Config
from tconv.app.presets import PRESETS
from tconv.app.sharelink import encode
from tconv.ui.lesson import CURRENT, LINK
from tconv.ui.state import STATE_KEY
from tconv.views.fourviews import VIEW_TABS
from tests.apptest import app_test, shown, svg_numbers

LINK_Q = {"x": "1,2,0;0,1,2;2,0,1", "k": "0,1,2;2,2,0;0,1,2", "s": "2", "p": "1", "a": "1"}


def html(at) -> str:
    return " ".join(shown(at))


def torch_out(x, k, **kw) -> np.ndarray:
    t = F.conv_transpose2d(
        torch.tensor(x, dtype=torch.float64)[None, None],
        torch.tensor(k, dtype=torch.float64)[None, None],
        **kw,
    )
    return t[0, 0].numpy()


VIEWS = list(VIEW_TABS)


def open_view(at, view: str):
    """Switch the page's tabs to ``view`` (the page builds only the open one)."""
    at.session_state["view"] = view
    return at.run()


def every_view(at) -> SimpleNamespace:
    """Open each view in turn, then the first again; what they showed, together."""
    seen = SimpleNamespace(html=[], success=[], info=[], warning=[], markdown=[])
    for view in VIEWS:
        open_view(at, view)
        assert not at.exception and not at.error, view
        seen.html.append(html(at))
        for name in ("success", "info", "warning", "markdown"):
            getattr(seen, name).extend(e.value for e in getattr(at, name))
    open_view(at, VIEWS[0])
    seen.html = " ".join(seen.html)
    return seen


def assert_all_views_agree(at, n_views=4) -> SimpleNamespace:
    seen = every_view(at)
    assert sum("Equal to the PyTorch result" in t for t in seen.success) == n_views
    assert sum("Equal to the scatter result" in t for t in seen.success) == n_views - 1
    assert any("gradient − conv_transpose2d" in t for t in seen.success)
    return seen


def test_default_is_the_playgrounds_current_configuration_example_one():
    at = app_test("views")
    assert at.selectbox(key="views_config").value == CURRENT
    seen = assert_all_views_agree(at)
    expected = [0, 0, 4, 1, 0, 0, 2, 3, 8, 2, 12, 3, 4, 6, 6, 9]
    page = seen.html
    for title in (
        "the answer 4×4",
        "gather result 4×4",
        "y reshaped to 4×4",
        "interleaved 4×4 (outlined: phase (0, 0))",
        "scatter result 4×4",
    ):
        assert svg_numbers(page, title) == expected, title
    # Example 1: C is 4 x 16, drawn number by number with zeros left blank
    assert "C: 4 × 16 (blank: 0)" in page
    assert sorted(svg_numbers(page, "C: 4 × 16 (blank: 0)")) == sorted([4, 1, 2, 3] * 4)
    assert svg_numbers(page, "K rotated") == [3, 2, 1, 4]
    assert any("4 × 16" in m for m in seen.markdown)
    assert any("badge[🔄 Kernel rotated 180°]" in m for m in seen.markdown)


def test_the_current_configuration_comes_from_session_state():
    at = app_test()
    cfg = Config(
        x=np.array([[1.0, -2.0, 3.0]]),
        kernel=np.array([[2.0], [1.0]]),
        stride=(1, 2),
        padding=(0, 1),
        bias=2.0,
    )
    at.session_state[STATE_KEY] = encode(cfg)
    at.switch_page("pages/views.py").run()
    assert_all_views_agree(at)
    expected = torch_out([[1, -2, 3]], [[2], [1]], stride=(1, 2), padding=(0, 1)) + 2
    title = f"the answer {expected.shape[0]}×{expected.shape[1]}"
    assert svg_numbers(html(at), title) == list(expected.ravel())


def test_a_share_link_opens_its_configuration_and_every_preset_works():
    at = app_test("views", query=LINK_Q)
    box = at.selectbox(key="views_config")
    assert box.value == LINK and box.options[:2] == [LINK, CURRENT]
    assert_all_views_agree(at)
    x, k = [[1, 2, 0], [0, 1, 2], [2, 0, 1]], [[0, 1, 2], [2, 2, 0], [0, 1, 2]]
    expected = torch_out(x, k, stride=2, padding=1, output_padding=1)
    assert svg_numbers(html(at), "the answer 6×6") == list(expected.ravel())
    assert len(open_view(at, "4 · Sub-pixel").selectbox(key="views_phase").options) == 4
    for preset in PRESETS:
        box = at.selectbox(key="views_config").set_value(preset.name)
        at.run()
        assert_all_views_agree(at)
        assert any(preset.about == c.value for c in at.caption), preset.name
        o = preset.config.params.output_size(preset.config.x.shape, preset.config.kernel.shape)
        assert f"→ output **{o[0]}×{o[1]}**" in html(at)


def test_a_broken_link_warns_and_falls_back():
    at = app_test("views", query={"x": "1,2;3", "s": "9"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "input x" in warnings and "stride" in warnings
    assert_all_views_agree(at)


def test_following_an_output_cell_shows_its_gather_sum():
    at = open_view(app_test("views", query=LINK_Q), "2 · Gather")
    at.number_input(key="views_gather_r").set_value(3)
    at.number_input(key="views_gather_c").set_value(4)
    at.run()
    assert not at.exception
    line = next(m.value for m in at.markdown if m.value.startswith("**y[3, 4]**"))
    x, k = [[1, 2, 0], [0, 1, 2], [2, 0, 1]], [[0, 1, 2], [2, 2, 0], [0, 1, 2]]
    value = torch_out(x, k, stride=2, padding=1, output_padding=1)[3, 4]
    assert line.split(" = ")[-1].startswith(f"{value:g}")
    # the products listed in the line add up to the value
    products = line.split("** = ")[1].split(" = ")[0].split(" + ")
    assert sum(float(a) * float(b) for a, b in (p.split("·") for p in products)) == value


def test_each_phase_can_be_highlighted():
    at = open_view(app_test("views", query=LINK_Q), "4 · Sub-pixel")
    for name in at.selectbox(key="views_phase").options:
        at.selectbox(key="views_phase").set_value(name).run()
        assert not at.exception
        assert f"interleaved 6×6 (outlined: {name})" in html(at)


@pytest.mark.parametrize(
    "query, cropped",
    [
        ({"x": "1,2,3;4,5,6;7,8,9", "k": "1,2;3,4", "s": "3", "p": "2"}, True),
        ({"x": "1,2;3,4", "k": "1,2;3,4", "s": "2", "p": "1"}, False),
    ],
)
def test_negative_gather_padding_is_shown_as_a_crop(query, cropped):
    at = app_test("views", query=query)
    seen = assert_all_views_agree(at)
    crop_warning = any("cropped" in w for w in seen.warning)
    assert crop_warning == cropped
    assert ("negative: crop instead of pad" in seen.html) == cropped


def test_a_large_matrix_is_drawn_as_a_heatmap():
    x = ";".join(",".join(str((r + c) % 5) for c in range(8)) for r in range(8))
    at = app_test("views", query={"x": x, "k": "1,0,-1;0,2,0;1,0,-1", "s": "3", "d": "2"})
    assert_all_views_agree(at)
    o = (8 - 1) * 3 + 2 * (3 - 1) + 1  # 26 per axis
    open_view(at, "3 · Matrix")
    assert len(at.get("image")) == 1
    assert f"C: 64 × {o * o}, too big for numbers" in str(at.get("image")[0].proto)
    assert "(blank: 0)" not in html(at)


def test_gradient_and_round_trip_tabs():
    seen = every_view(app_test("views"))
    page = seen.html
    assert svg_numbers(page, "autograd: ∂ sum(conv2d(z)·x) / ∂z") == svg_numbers(
        page, "torch conv_transpose2d(x, K)"
    )
    info = " ".join(seen.info)
    assert "The same shape (4×4), other numbers" in info
    image = np.array(svg_numbers(page, "image")).reshape(4, 4)
    back = np.array(svg_numbers(page, "conv_transpose2d(…, K)")).reshape(4, 4)
    assert f"max |image − result| = {np.abs(image - back).max():.3g}" in info


def test_the_playground_link_carries_the_studied_configuration():
    from tconv.app.sharelink import decode

    at = app_test("views", query=LINK_Q)
    link = next(m.value for m in at.markdown if m.value.startswith("[Open this in the Playground"))
    query = link.split("(playground?")[1].rstrip(")")
    cfg, warnings = decode(dict(p.split("=") for p in query.split("&")))
    assert warnings == [] and cfg.stride == (2, 2) and cfg.output_padding == (1, 1)
    np.testing.assert_array_equal(cfg.x, [[1, 2, 0], [0, 1, 2], [2, 0, 1]])


GRID_TITLES = {  # a grid only each view draws
    "1 · Scatter": "scatter result 6×6",
    "2 · Gather": "gather result 6×6",
    "3 · Matrix": "y reshaped to 6×6",
    "4 · Sub-pixel": "interleaved 6×6",
    "Gradient of conv2d": "autograd:",
    "Not an inverse": "conv_transpose2d(…, K)",
}


@pytest.mark.parametrize("view", VIEWS)
def test_only_the_open_view_is_built_and_a_link_can_name_it(view):
    """The largest link sent every view's grids at once (51 grids, 2.2 MB of SVG); the
    page now builds only the open view, and ``view=`` in a link opens that one."""
    at = app_test("views", query={**LINK_Q, "view": view})
    assert not at.exception and not at.error
    page = html(at)
    assert "the answer 6×6" in page  # the row above the tabs, always
    for other, title in GRID_TITLES.items():
        assert (title in page) == (other == view), (view, other)


@pytest.mark.parametrize(
    "bad", ["<script>alert(1)</script>", "9 · Nothing", "", "1 · Scatter" * 50]
)
def test_a_link_naming_no_view_opens_the_first_one(bad):
    """A hostile or stale ``view=`` in a link: no traceback, the first view opens."""
    at = app_test("views", query={**LINK_Q, "view": bad})
    assert not at.exception
    page = html(at)
    assert GRID_TITLES["1 · Scatter"] in page
    assert GRID_TITLES["2 · Gather"] not in page
    assert "<script>alert(1)" not in page
