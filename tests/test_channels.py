"""Channels and groups: the decomposition into single-channel transposed convolutions
against torch, the groups rule, the teaching weights, and the seed's Example 3."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.views.autograd_demo import layer_with_replaced_weight
from tconv.views.channels import (
    EXAMPLE3,
    declared_vs_actual,
    decompose,
    groups_problem,
    make_input,
    make_weight,
    valid_groups,
    weight_shape,
)
from tests.strategies import layer_params


@st.composite
def calls(draw):
    groups = draw(st.integers(1, 3))
    c_in, cout_g = groups * draw(st.integers(1, 2)), draw(st.integers(1, 2))
    h, w = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    lp = draw(layer_params((h, w), (kh, kw), max_stride=3, max_dilation=2))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.normal(size=(c_in, h, w))
    weight = rng.normal(size=(c_in, cout_g, kh, kw))
    bias = rng.normal(size=cout_g * groups) if draw(st.booleans()) else None
    return x, weight, bias, dict(**lp, groups=groups)


@settings(max_examples=150)
@given(calls())
def test_each_output_channel_is_the_sum_of_its_groups_terms(call):
    x, weight, bias, kw = call
    dec = decompose(x, weight, bias, **kw)
    expected = F.conv_transpose2d(
        torch.from_numpy(x),
        torch.from_numpy(weight),
        None if bias is None else torch.from_numpy(bias),
        **kw,
    ).numpy()
    scale = max(1.0, float(np.abs(expected).max()))
    assert dec.output.shape == expected.shape
    assert np.abs(dec.output - expected).max() / scale < 1e-10
    assert dec.max_abs_diff / scale < 1e-10
    c_in, cout_g, groups = x.shape[0], weight.shape[1], kw["groups"]
    assert len(dec.channels) == cout_g * groups
    for ch in dec.channels:
        assert ch.group == ch.index // cout_g
        # only the input channels of the channel's group, each with its own kernel column
        assert [t.channel for t in ch.terms] == list(
            range(ch.group * c_in // groups, (ch.group + 1) * c_in // groups)
        )
        assert {t.column for t in ch.terms} == {ch.index % cout_g}
        for t in ch.terms:
            single = F.conv_transpose2d(
                torch.from_numpy(x[t.channel])[None, None],
                torch.from_numpy(weight[t.channel, t.column])[None, None],
                **{k: v for k, v in kw.items() if k != "groups"},
            )[0, 0].numpy()
            np.testing.assert_allclose(t.result, single, atol=1e-10 * scale)


def test_decompose_rejects_what_torch_rejects():
    with pytest.raises(ValueError, match="divisible by groups"):
        decompose(np.ones((3, 2, 2)), np.ones((3, 1, 2, 2)), groups=2)
    with pytest.raises(ValueError, match="unbatched"):
        decompose(np.ones((1, 2, 2, 2)), np.ones((2, 1, 2, 2)))


def test_groups_rule():
    assert valid_groups(4, 2) == [1, 2]
    assert valid_groups(3, 4) == [1]
    assert valid_groups(4, 4) == [1, 2, 4]
    assert groups_problem(4, 2, 2) is None
    msg = groups_problem(3, 2, 2)
    assert "does not divide C_in = 3." in msg
    assert "does not divide C_in = 3 and C_out = 5." in groups_problem(3, 5, 2)
    assert "Valid choices here: 1." in msg
    assert weight_shape(4, 2, 2, (3, 1)) == (4, 1, 3, 1)
    with pytest.raises(ValueError, match="must divide both"):
        weight_shape(4, 3, 2, (2, 2))


def test_teaching_weights_are_reproducible():
    a = make_weight(2, 4, 2, (2, 3), seed=7)
    assert a.shape == (2, 2, 2, 3) and a.dtype == np.float64
    np.testing.assert_array_equal(a, make_weight(2, 4, 2, (2, 3), seed=7))
    assert not np.array_equal(a, make_weight(2, 4, 2, (2, 3), seed=8))
    assert np.all((a >= -2) & (a < 3)) and np.all(a == np.round(a))
    np.testing.assert_array_equal(make_weight(1, 1, 1, (2, 2), "ones"), np.ones((1, 1, 2, 2)))
    x = make_input(3, (2, 4), seed=1)
    assert x.shape == (3, 2, 4)
    np.testing.assert_array_equal(x, make_input(3, (2, 4), seed=1))


def test_example3_the_weight_decides_the_channels():
    assert EXAMPLE3.output_hw == (786, 714)
    assert EXAMPLE3.actual_out_channels == 3 and EXAMPLE3.declared_out_channels == 2
    assert EXAMPLE3.output_shape == (3, 786, 714)
    text = EXAMPLE3.explanation()
    assert "(3, 3, 2, 2)" in text and "3×786×714" in text and "3×394×358" in text
    grouped = declared_vs_actual(6, (6, 1, 3, 3), (5, 5), stride=2, padding=1, groups=3)
    assert grouped.actual_out_channels == 3 and grouped.output_hw == (9, 9)


def test_example3_with_a_real_torch_layer():
    run = layer_with_replaced_weight(2, np.ones((3, 3, 2, 2)), (394, 358), stride=2, padding=1)
    assert run.declared_out_channels == 2
    assert run.output_shape == (1, 3, 786, 714) and run.error == ""
    refused = layer_with_replaced_weight(2, np.ones((3, 3, 2, 2)), (4, 4), 2, 1, bias=True)
    assert refused.output_shape is None and "bias" in refused.error


def test_layout_in_words():
    from tconv.views.channels import layout_text

    assert "every input channel feeds every output channel" in layout_text(2, 3, 1)
    text = layout_text(4, 2, 2)
    assert "inputs 0–1 → output 0; inputs 2–3 → output 1" in text
    assert "(i // 2)·1 + j" in text
