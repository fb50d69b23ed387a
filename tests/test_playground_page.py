"""AppTest for the Playground: every control, preset, bad cell, bad parameter and bad link.

Expected numbers come from torch (``torch.nn.functional.conv_transpose2d``) on the
configuration the page reports in its URL, never from the page's own code path.
"""

import re
from urllib.parse import parse_qsl

import numpy as np
import pytest

from tconv.app.config import Config
from tconv.app.presets import BY_NAME, PRESETS, RANDOM_RANGE
from tconv.app.sharelink import decode, encode
from tconv.core.fmt import fmt
from tconv.ui.player import find_payloads
from tconv.ui.sharing import find_share_links
from tests.apptest import app_test, shown, svg_numbers, unescaped
from tests.strategies import torch_config

KEYS = ("stride", "padding", "dilation", "output_padding")


def run(query: dict | None = None):
    at = app_test("playground", query=query)
    assert not at.exception
    return at


def html(at) -> str:
    return " ".join(shown(at))


def output(at) -> np.ndarray:
    """The output grid the page draws (its 'output y (H×W)' SVG)."""
    m = re.search(r">(output y \((\d+)×(\d+)\))</text>", html(at))
    assert m, "no output grid on the page"
    return np.array(svg_numbers(html(at), m.group(1))).reshape(int(m.group(2)), int(m.group(3)))


def config(at) -> Config:
    """The configuration the page wrote into its URL."""
    cfg, warnings = decode(dict(at.query_params))
    assert warnings == []
    return cfg


def labels(a: np.ndarray) -> np.ndarray:
    """What a grid drawn with tconv.render.gridsvg shows for each value (3 significant digits)."""
    return np.vectorize(lambda v: float(fmt(v)))(a)


def assert_consistent(at) -> Config:
    """No exception, the drawn output is torch's for the URL's configuration, badge passes."""
    assert not at.exception
    cfg = config(at)
    np.testing.assert_array_equal(output(at), labels(torch_config(cfg)))
    assert any("Matches PyTorch" in s.value for s in at.success)
    return cfg


def edit(at, name: str, cells: dict) -> None:
    """Edit cells {(r, c): value} of grid `name` ('x' or 'k') as the data editor would."""
    key = f"pg_{name}_editor_{at.session_state[f'pg_{name}_v']}"
    rows: dict = {}
    for (r, c), v in cells.items():
        rows.setdefault(r, {})[str(c)] = v
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()


def test_default_page_is_example_one_with_player_steps_code_and_link():
    at = run()
    cfg = assert_consistent(at)
    assert cfg == BY_NAME["Example 1 (seed article)"].config
    np.testing.assert_array_equal(
        output(at), [[0, 0, 4, 1], [0, 0, 2, 3], [8, 2, 12, 3], [4, 6, 6, 9]]
    )
    latex = [e.value for e in at.latex]
    assert any(r"(2-1)\cdot 2 - 2\cdot 0 + 1\cdot(2-1) + 0 + 1 = \mathbf{4}" in v for v in latex)
    assert sum("o_\\text{" in v for v in latex) == 2  # one line per axis
    assert "weight shape (1, 1, 2, 2)" in at.success[0].value
    assert len(find_payloads(at)) == 1  # the step player is mounted
    steps = [e for e in at.expander if e.label.startswith("Steps in words")][0]
    assert not steps.markdown  # built once opened: not sent with every edit
    at.session_state["pg_steps"] = True
    at.run()
    steps = [e for e in at.expander if e.label.startswith("Steps in words")][0]
    assert steps.markdown[0].value.count("\n") == 4  # 4 steps and the result
    assert [b.key for b in at.get("download_button")] == ["export_gif", "export_png"]
    share = find_share_links(at)[0]
    assert share.startswith("playground?") and "x=0,1;2,3" in share


@pytest.mark.parametrize(
    "key, value, shape",
    [
        ("pg_stride_h", 3, (9, 9)),
        ("pg_padding_h", 1, (5, 5)),
        ("pg_dilation_h", 2, (9, 9)),
        ("pg_output_padding_h", 1, (8, 8)),
        ("pg_bias", 2.5, (7, 7)),
    ],
)
def test_every_parameter_control_changes_the_output_as_torch_does(key, value, shape):
    at = run(encode(BY_NAME["Random integers (seed 0)"].config))  # 3x3, 3x3, stride 2
    at.number_input(key=key).set_value(value).run()
    cfg = assert_consistent(at)
    assert output(at).shape == shape
    if key == "pg_bias":
        assert cfg.bias == 2.5
    else:
        assert getattr(cfg, key[3:-2]) == (value, value)  # linked: both axes


def test_unlinked_axes_take_their_own_values_and_relinking_follows_height():
    at = run(encode(BY_NAME["Random integers (seed 0)"].config))
    shown = {n.key for n in at.number_input}
    assert "pg_stride_h" in shown and "pg_stride_w" not in shown  # linked: one per parameter
    at.toggle(key="pg_link").set_value(False).run()
    for name in KEYS:  # the width widgets start from the height values
        assert (
            at.number_input(key=f"pg_{name}_w").value == at.number_input(key=f"pg_{name}_h").value
        )
    at.number_input(key="pg_stride_w").set_value(1).run()
    assert output(at).shape == (7, 5) and at.query_params["s"] == "2,1"
    at.number_input(key="pg_padding_h").set_value(1).run()
    cfg = assert_consistent(at)
    assert (cfg.stride, cfg.padding) == ((2, 1), (1, 0))
    assert output(at).shape == (5, 5)
    at.toggle(key="pg_link").set_value(True).run()
    cfg = assert_consistent(at)
    assert (cfg.stride, cfg.padding) == ((2, 2), (1, 1))


@pytest.mark.parametrize("name, value", [("stride", 3), ("padding", 1), ("dilation", 2),
                                         ("output_padding", 1)])  # fmt: skip
def test_every_width_control_sets_the_width_only(name, value):
    at = run(encode(BY_NAME["Random integers (seed 0)"].config))  # stride 2 on both axes
    at.toggle(key="pg_link").set_value(False).run()
    before = getattr(config(at), name)
    at.number_input(key=f"pg_{name}_w").set_value(value).run()
    assert getattr(assert_consistent(at), name) == (before[0], value)


@pytest.mark.parametrize("key, shape", [("pg_x_rows", (4, 3)), ("pg_x_cols", (3, 4)),
                                        ("pg_k_rows", (4, 3)), ("pg_k_cols", (3, 4))])  # fmt: skip
def test_every_size_selector_resizes_its_grid(key, shape):
    at = run(encode(BY_NAME["Random integers (seed 0)"].config))  # 3x3 and 3x3
    at.number_input(key=key).set_value(4).run()
    cfg = assert_consistent(at)
    grid = cfg.x if key.startswith("pg_x") else cfg.kernel
    assert grid.shape == shape and grid[-1, -1] == 0  # the new cells start at 0


def test_output_padding_typed_too_large_stays_shown_and_nothing_is_computed_with_another():
    """s=1, d=1, a typed as 1: the field keeps 1, the rule is said beside it, and no output
    computed from a substitute (such as a=0) is shown."""
    at = run({"x": "1,2;3,4", "k": "1,1;1,1", "s": "1", "d": "1"})
    assert at.number_input(key="pg_output_padding_h").max == 3  # a fixed bound
    assert any(c.value == "a < max(s, d) = 1" for c in at.caption)
    at.number_input(key="pg_output_padding_h").set_value(1).run()
    assert not at.exception
    assert at.number_input(key="pg_output_padding_h").value == 1
    errors = [e.value for e in at.error]
    assert "a must be below max(s, d) = 1" in errors
    assert any("output_padding (1) must be smaller than stride (1)" in e for e in errors)
    assert "output y (" not in html(at) and not at.success  # no result, no torch badge
    assert any("No output" in i.value for i in at.info)
    at.number_input(key="pg_stride_h").set_value(2).run()  # now a=1 < s=2: a result again
    assert at.number_input(key="pg_output_padding_h").value == 1
    assert assert_consistent(at).output_padding == (1, 1)


def test_lowering_stride_corrects_output_padding_visibly():
    at = run(encode(BY_NAME["Guide 4.7: padding, strides, odd output"].config))  # s=2, a=1
    at.number_input(key="pg_dilation_h").set_value(3).run()
    at.number_input(key="pg_output_padding_h").set_value(2).run()  # a < d suffices
    assert config(at).output_padding == (2, 2)
    at.number_input(key="pg_dilation_h").set_value(1).run()
    assert at.number_input(key="pg_output_padding_h").value == 1  # the field shows it
    assert any("output_padding lowered to 1" in i.value for i in at.info)
    assert assert_consistent(at).output_padding == (1, 1)


def test_output_padding_rule_per_axis_when_unlinked():
    at = run({"x": "1,2;3,4", "k": "1,1;1,1", "s": "3,1", "a": "2,0"})
    assert config(at).output_padding == (2, 0)
    assert {"a < max(s, d) = 3", "a < max(s, d) = 1"} <= {c.value for c in at.caption}
    at.number_input(key="pg_stride_h").set_value(2).run()
    assert at.number_input(key="pg_output_padding_h").value == 1
    assert config(at).output_padding == (1, 0)
    at.number_input(key="pg_output_padding_w").set_value(1).run()
    assert any("a must be below max(s, d) = 1" in e.value for e in at.error)
    assert at.number_input(key="pg_output_padding_w").value == 1
    assert "output y (" not in html(at)


def test_padding_that_makes_the_output_vanish_is_explained_and_recoverable():
    at = run({"x": "5", "k": "2", "s": "1"})
    at.number_input(key="pg_padding_h").set_value(1).run()
    assert not at.exception
    assert "padding (1) is too large" in at.error[0].value
    assert "(1-1)·1 - 2·1" in at.error[0].value  # the formula, not markdown italics
    assert any("No output" in i.value for i in at.info)
    assert any(r"\color{red}" in e.value for e in at.latex)
    assert at.number_input(key="pg_stride_h") is not None  # the controls are still there
    at.number_input(key="pg_padding_h").set_value(0).run()
    assert not at.error
    np.testing.assert_array_equal(output(at), [[10]])


def test_every_preset_loads_its_grids_and_parameters():
    at = run()
    for preset in PRESETS:
        at.selectbox(key="pg_preset").set_value(preset.name).run()
        assert assert_consistent(at) == preset.config, preset.name
        assert any(c.value == preset.about for c in at.caption), preset.name


def test_a_new_link_in_the_same_session_replaces_the_preset():
    at = run()
    at.selectbox(key="pg_preset").set_value("Identity kernel").run()
    at.query_params.clear()
    for key, value in {"x": "1,2;3,4", "k": "1", "s": "3", "b": "0.25"}.items():
        at.query_params[key] = value
    at.run()
    cfg = assert_consistent(at)
    np.testing.assert_array_equal(cfg.x, [[1, 2], [3, 4]])
    assert (cfg.stride, cfg.bias) == ((3, 3), 0.25)
    assert at.selectbox(key="pg_preset").value is None
    assert not any(c.value == BY_NAME["Identity kernel"].about for c in at.caption)
    assert at.number_input(key="pg_bias").value == 0.25


def test_reset_restores_the_last_loaded_preset():
    at = run()
    at.selectbox(key="pg_preset").set_value("Guide 4.6: padding, strides").run()
    edit(at, "x", {(0, 0): 9})
    at.number_input(key="pg_stride_h").set_value(3).run()
    assert config(at) != BY_NAME["Guide 4.6: padding, strides"].config
    at.button(key="pg_reset").click().run()
    assert assert_consistent(at) == BY_NAME["Guide 4.6: padding, strides"].config
    assert at.selectbox(key="pg_preset").value == "Guide 4.6: padding, strides"


def test_randomize_replaces_the_values_and_keeps_sizes_and_parameters():
    at = run(encode(BY_NAME["Guide 4.2: zero padding, unit strides"].config))
    before = config(at)
    at.button(key="pg_randomize").click().run()
    after = assert_consistent(at)
    lo, hi = RANDOM_RANGE
    assert after.x.shape == before.x.shape and after.kernel.shape == before.kernel.shape
    assert (after.stride, after.padding) == (before.stride, before.padding)
    assert not np.array_equal(after.x, before.x)
    assert at.selectbox(key="pg_preset").value is None  # no longer the preset's numbers
    for a in (after.x, after.kernel):
        assert np.array_equal(a, np.round(a)) and lo <= a.min() and a.max() <= hi


def test_size_selectors_keep_the_overlapping_values_and_edits():
    at = run()
    edit(at, "x", {(1, 1): 7})
    at.number_input(key="pg_x_rows").set_value(3).run()
    at.number_input(key="pg_k_cols").set_value(1).run()
    cfg = assert_consistent(at)
    np.testing.assert_array_equal(cfg.x, [[0, 1], [2, 7], [0, 0]])
    np.testing.assert_array_equal(cfg.kernel, [[4], [2]])
    at.number_input(key="pg_x_cols").set_value(8).run()
    at.number_input(key="pg_x_rows").set_value(8).run()
    assert assert_consistent(at).x.shape == (8, 8)


def test_edits_survive_parameter_changes_and_a_visit_to_another_page():
    at = run()
    edit(at, "x", {(0, 0): 5})
    edit(at, "k", {(1, 0): -1.5})
    at.number_input(key="pg_stride_h").set_value(1).run()
    at.toggle(key="pg_link").set_value(False).run()
    at.number_input(key="pg_dilation_w").set_value(2).run()
    cfg = assert_consistent(at)
    assert cfg.x[0, 0] == 5 and cfg.kernel[1, 0] == -1.5
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/playground.py").run()
    assert assert_consistent(at) == cfg


@pytest.mark.parametrize(
    "value, used, words",
    [
        ("abc", 0.0, "not a number"),
        (None, 0.0, "not a number"),
        (float("nan"), 0.0, "not a number"),
        ("inf", 0.0, "not a number"),
        (1e9, 1000.0, "clipped"),
        (-5000, -1000.0, "clipped"),
    ],
)
def test_bad_cells_are_repaired_with_a_warning_naming_them(value, used, words):
    at = run()
    edit(at, "x", {(0, 1): value})
    warnings = [w.value for w in at.warning]
    assert any("x[0, 1]" in w and words in w for w in warnings), warnings
    cfg = assert_consistent(at)
    assert cfg.x[0, 1] == used


def test_bad_kernel_cells_are_named_too():
    at = run()
    edit(at, "k", {(0, 0): "x", (1, 1): None})
    assert any("k[0, 0], k[1, 1]" in w.value for w in at.warning)
    np.testing.assert_array_equal(assert_consistent(at).kernel, [[0, 1], [2, 0]])


HOSTILE = [
    {"x": "1,2;3", "k": "<script>alert(1)</script>", "s": "99", "p": "-1", "a": "9", "d": "abc"},
    {"x": "1e999", "b": "nan"},
    {"x": ";".join([",".join(["1"] * 9)] * 9)},  # 9x9: too big
    {"x": "1," * 500, "k": ""},
    {"s": "2,2,2", "p": "1.5", "a": "", "d": "0"},
    {"x": "1", "k": "1", "p": "6"},  # impossible: the output would vanish
    {"s": "1", "a": "3"},  # output_padding not smaller than stride or dilation
    {"x": "١,٢;٣,٤", "b": "1e400"},  # unicode digits, overflow
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_links_fall_back_with_warnings_and_a_working_page(query):
    at = run(query)
    assert at.warning, "every bad part should be explained"
    assert all("could not be used" in w.value for w in at.warning)
    cfg = assert_consistent(at)
    assert cfg == decode(query)[0]  # what tconv.app.sharelink decided


def test_share_link_round_trip_restores_the_exact_state():
    at = run()
    at.selectbox(key="pg_preset").set_value("Dilation and output_padding").run()
    edit(at, "x", {(2, 2): -0.125})
    at.toggle(key="pg_link").set_value(False).run()
    at.number_input(key="pg_stride_w").set_value(3).run()
    at.number_input(key="pg_bias").set_value(0.5).run()
    cfg = assert_consistent(at)
    link = find_share_links(at)[0]
    query = dict(parse_qsl(link.split("?", 1)[1]))
    opened = run(query)
    assert not opened.warning
    assert assert_consistent(opened) == cfg
    np.testing.assert_array_equal(output(opened), output(at))
    assert opened.toggle(key="pg_link").value is False
    assert opened.number_input(key="pg_stride_w").value == 3
    # later edits in the opened page are not overwritten by the link
    opened.number_input(key="pg_padding_h").set_value(0).run()
    assert config(opened).padding == (0, 1)


def test_a_link_with_foreign_parameters_loads_once():
    at = run({"x": "1,2;3,4", "k": "1,1", "s": "2", "utm_source": "mail"})
    assert config(at).kernel.shape == (1, 2)
    at.number_input(key="pg_stride_h").set_value(3).run()
    edit(at, "x", {(0, 0): 7})
    cfg = assert_consistent(at)  # neither change was undone by re-reading the link
    assert cfg.stride == (3, 3) and cfg.x[0, 0] == 7
    assert "utm_source" not in at.query_params


def test_the_pytorch_code_on_the_page_prints_the_same_output():
    at = run(encode(BY_NAME["Dilation and output_padding"].config))
    at.number_input(key="pg_bias").set_value(-2).run()
    assert not [c for c in at.code if c.language == "python"]  # built once opened
    at.session_state["pg_code"] = True
    at.run()
    code = [c.value for c in at.code if c.language == "python"][0]
    scope: dict = {}
    exec(compile(code, "<playground code>", "exec"), scope)
    y = scope["y"].detach().numpy()[0, 0]
    np.testing.assert_array_equal(labels(y), output(at))
    np.testing.assert_allclose(y, torch_config(config(at)), rtol=1e-12)


DIGITS = r'font-size="([\d.]+)" fill="(?!#666)'  # a cell's number (not an index)


def test_a_large_output_keeps_readable_digits_and_scrolls_instead_of_shrinking():
    """Result grids never shrink below 14 px digits (the back of a classroom): a grid wider
    than the page keeps its size in a box that scrolls sideways, and a caption says so."""
    rng = np.random.default_rng(3)
    big = Config(
        x=rng.integers(-3, 4, (8, 8)).astype(float),
        kernel=rng.integers(-2, 3, (5, 5)).astype(float),
        stride=(4, 4),
        dilation=(3, 3),
    )
    at = run(encode(big))
    cfg = assert_consistent(at)  # the grid still holds torch's numbers
    assert torch_config(cfg).shape[-2:] == (41, 41)
    grids = [m for m in shown(at) if "output y (41×41)" in m or ">torch<" in m]
    assert len(grids) == 2
    for g in grids:
        assert "max-width:100%" not in g and 'style="overflow-x:auto"' in g  # a window of it
        sizes = {float(f) for f in re.findall(DIGITS, g)}
        assert sizes and min(sizes) >= 14, sizes
    assert any("41×41 cells at a readable size" in c.value for c in at.caption)
    small = run()  # Example 1: 4×4, side by side, nothing to scroll or explain
    assert not any("readable size" in c.value for c in small.caption)
    for m in [m.value for m in small.markdown if "output y (4×4)" in m.value]:
        sizes = {float(f) for f in re.findall(DIGITS, m)}
        assert min(sizes) >= 14, sizes


def test_an_impossible_link_explains_the_formula_without_markdown_italics():
    at = run({"x": "1", "k": "1", "p": "6"})
    text = unescaped(" ".join(w.value for w in at.warning))
    assert "(1-1)·2 - 2·6 + 1·(1-1) + 0 + 1 = -11" in text  # stride 2 by default
    assert "*" not in text.replace("**", "")  # no stray asterisk for markdown to eat


def test_a_present_link_opens_the_player_in_present_mode_once():
    from tconv.ui.player import find_mounted

    at = run({"x": "1,2;3,4", "k": "1", "present": "1"})
    assert [m["present"] for m in find_mounted(at)] == [True]
    assert "present" not in at.query_params  # the URL is rewritten without it
    plain = run({"x": "1,2;3,4", "k": "1"})
    assert [m["present"] for m in find_mounted(plain)] == [False]
