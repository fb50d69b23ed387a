"""AppTest for the "Channels & groups" page: every widget by key, the numbers it draws
(checked against torch), the groups rule and Example 3."""

import numpy as np
import torch
import torch.nn.functional as F

from tconv.app.presets import PRESETS
from tconv.ui.lesson import LINK
from tconv.views.channels import make_input, make_weight
from tests.apptest import app_test, shown, svg_numbers

LINK_Q = {"x": "1,2,0;0,1,2;2,0,1", "k": "0,1,2;2,2,0;0,1,2", "s": "2", "p": "1", "a": "1"}


def html(at) -> str:
    return " ".join(shown(at))


def equations(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**y[")]


def assert_checked(at):
    assert not at.exception and not at.error
    texts = [s.value for s in at.success]
    assert any("Equal to the conv_transpose2d result" in t for t in texts)
    assert any("Matches PyTorch" in t for t in texts)


def test_defaults_two_channels_and_the_example3_twist():
    at = app_test("channels")
    assert_checked(at)
    assert (at.selectbox(key="ch_cin").value, at.selectbox(key="ch_cout").value) == (2, 2)
    assert at.selectbox(key="ch_groups").options == ["1", "2"]
    assert any("(2, 2, 2, 2)" in h.value for h in at.subheader)
    assert equations(at) == [
        "**y[0]** = x[0] ⋆ w[0, 0] + x[1] ⋆ w[1, 0]",
        "**y[1]** = x[0] ⋆ w[0, 1] + x[1] ⋆ w[1, 1]",
    ]
    page = html(at)
    assert "(1, 3, 786, 714)" in page and "still says **2**" in page
    info = " ".join(i.value for i in at.info)
    assert "3×394×358" in info and "3×786×714" in info
    assert any("expected bias" in w.value for w in at.warning)


def test_the_drawn_terms_and_sums_are_torchs():
    at = app_test("channels", query=LINK_Q)
    assert at.selectbox(key="ch_config").value == LINK
    at.selectbox(key="ch_cin").set_value(3)
    at.selectbox(key="ch_cout").set_value(2)
    at.number_input(key="ch_seed").set_value(5)
    at.checkbox(key="ch_bias").check()
    at.run()
    assert_checked(at)
    x = make_input(3, (3, 3), 5)
    w = make_weight(3, 2, 1, (3, 3), "random", 5)
    b = np.array([1.0, 2.0])
    kw = dict(stride=2, padding=1, output_padding=1)
    y = F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), **kw)
    page = html(at)
    for i in range(3):
        assert svg_numbers(page, f"x[{i}]") == list(x[i].ravel())
        for j in range(2):
            assert svg_numbers(page, f"w[{i}, {j}] → y[{j}]") == list(w[i, j].ravel())
            xi, wij = torch.from_numpy(x[i])[None], torch.from_numpy(w[i, j])[None, None]
            term = F.conv_transpose2d(xi, wij, **kw)
            assert svg_numbers(page, f"x[{i}] ⋆ w[{i}, {j}]") == list(term.numpy().ravel())
    for j in range(2):
        assert svg_numbers(page, f"y[{j}]") == list(y[j].numpy().ravel())
    assert equations(at)[1].endswith("+ b[1]")


def test_groups_only_offers_divisors_and_explains_the_rest():
    at = app_test("channels")
    at.selectbox(key="ch_cin").set_value(4)
    at.selectbox(key="ch_cout").set_value(4)
    at.run()
    assert at.selectbox(key="ch_groups").options == ["1", "2", "4"]
    assert any("groups 3 not offered" in c.value for c in at.caption)
    at.selectbox(key="ch_groups").set_value(2).run()
    assert_checked(at)
    assert any("(4, 2, 2, 2)" in h.value for h in at.subheader)
    assert equations(at)[0] == "**y[0]** (group 0) = x[0] ⋆ w[0, 0] + x[1] ⋆ w[1, 0]"
    assert equations(at)[3] == "**y[3]** (group 1) = x[2] ⋆ w[2, 1] + x[3] ⋆ w[3, 1]"
    assert "independent blocks" in html(at) and "**group 1**" in html(at)
    # C_out = 3 no longer allows groups = 2: the choice falls back to 1, visibly, and says so
    at.selectbox(key="ch_cout").set_value(3).run()
    assert_checked(at)
    assert at.selectbox(key="ch_groups").options == ["1"]
    assert at.selectbox(key="ch_groups").value == 1
    assert any(
        "groups changed from 2 to 1: groups must divide both C_in = 4 and C_out = 3" in i.value
        for i in at.info
    )
    at.radio(key="ch_mode").set_value("ones").run()
    assert not any("groups changed" in i.value for i in at.info)  # said once, when it happened
    assert any("groups 2, 3, 4 not offered" in c.value for c in at.caption)


def test_ones_weight_seed_and_every_preset():
    at = app_test("channels")
    at.radio(key="ch_mode").set_value("ones").run()
    assert_checked(at)
    assert svg_numbers(html(at), "w[1, 0] → y[0]") == [1.0] * 4
    at.radio(key="ch_mode").set_value("random integers").run()
    first = svg_numbers(html(at), "w[0, 0] → y[0]")
    at.number_input(key="ch_seed").set_value(1).run()
    assert svg_numbers(html(at), "w[0, 0] → y[0]") != first
    for preset in PRESETS:
        at.selectbox(key="ch_config").set_value(preset.name).run()
        assert_checked(at)
        kh, kw = preset.config.kernel.shape
        assert any(f"(2, 2, {kh}, {kw})" in h.value for h in at.subheader), preset.name


def test_playground_links_for_the_configuration_and_a_term():
    at = app_test("channels", query=LINK_Q)
    links = [m.value for m in at.markdown if m.value.startswith("[Open")]
    assert links[0].startswith("[Open this in the Playground ↗](playground?x=1,2,0;0,1,2;2,0,1")
    x0, w00 = make_input(2, (3, 3), 0)[0], make_weight(2, 2, 1, (3, 3), "random", 0)[0, 0]
    grid = ";".join(",".join(str(int(v)) for v in row) for row in w00)
    assert links[1].startswith("[Open the term x[0] ⋆ w[0, 0] in the Playground")
    assert f"k={grid}" in links[1] and "s=2" in links[1] and "a=1" in links[1]
    assert "x=" + ";".join(",".join(str(int(v)) for v in row) for row in x0) in links[1]
