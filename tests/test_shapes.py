"""Shape arithmetic: the formula's terms, the stride x padding table, the conv round trip,
the guide's relationships, the divisibility rule and the checkerboards, against torch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.arith import shapes
from tconv.arith.overlap import overlap_verdict
from tconv.core.params import conv_output_size, output_size


def torch_tconv_size(i, k, s=1, p=0, a=0, d=1) -> int:
    y = F.conv_transpose2d(torch.zeros(1, 1, i, i), torch.zeros(1, 1, k, k), None, s, p, a, 1, d)
    return y.shape[-1]


def torch_conv_size(n, k, s=1, p=0, d=1) -> int:
    y = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), None, s, p, d)
    return y.shape[-1]


sizes = st.integers(1, 9)
kernels = st.integers(1, 7)
strides = st.integers(1, 4)
paddings = st.integers(0, 6)
dilations = st.integers(1, 3)


@settings(max_examples=100)
@given(i=sizes, k=kernels, s=strides, p=paddings, d=dilations, data=st.data())
def test_formula_terms_add_up_to_torchs_output_size(i, k, s, p, d, data):
    a = data.draw(st.integers(0, max(s, d) - 1))
    terms = shapes.formula_terms(i, k, s, p, a, d)
    by_name = {t.term: t.value for t in terms}
    full = by_name["(i − 1)·s"] + by_name["d·(k − 1)"] + by_name["+ 1"]
    assert by_name["= F"] == full
    o = full + by_name["− 2p"] + by_name["+ a"]
    assert by_name["= o"] == o == terms[-1].value
    line = shapes.formula_line(i, k, s, p, a, d)
    assert line.endswith(f"= {o}") and line.startswith(f"({i} − 1)·{s}")
    if o >= 1:
        assert o == output_size(i, k, s, p, a, d) == torch_tconv_size(i, k, s, p, a, d)
        assert "impossible" not in terms[-1].explanation
    else:
        assert "impossible" in terms[-1].explanation
        try:  # torch raises, or returns an empty output when o = 0
            got = torch_tconv_size(i, k, s, p, a, d)
        except RuntimeError:
            got = None
        assert got is None or got == o == 0


def test_formula_terms_reject_what_pytorch_rejects():
    with pytest.raises(ValueError, match="output_padding"):
        shapes.formula_terms(4, 3, stride=2, output_padding=2)
    with pytest.raises(ValueError, match="input size"):
        shapes.formula_terms(0, 3)
    with pytest.raises(ValueError, match="kernel size"):
        shapes.formula_terms(4, 2.5)


@settings(max_examples=40)
@given(i=sizes, k=kernels, a=st.integers(0, 3), d=dilations)
def test_stride_padding_table_cells(i, k, a, d):
    table = shapes.stride_padding_table(i, k, a, d)
    assert table.strides == (1, 2, 3, 4) and table.paddings == tuple(range(7))
    for s, row in zip(table.strides, table.cells, strict=True):
        for p, cell in zip(table.paddings, row, strict=True):
            if not (a < s or a < d):
                assert cell == shapes.BAD_OUTPUT_PADDING
            elif (i - 1) * s - 2 * p + d * (k - 1) + a + 1 < 1:
                assert cell == shapes.IMPOSSIBLE
                with pytest.raises(ValueError):
                    output_size(i, k, s, p, a, d)
            else:
                assert int(cell) == output_size(i, k, s, p, a, d)


@settings(max_examples=100)
@given(n=st.integers(1, 20), k=kernels, s=strides, p=paddings, d=dilations)
def test_conv_output_size_agrees_with_torch_conv2d(n, k, s, p, d):
    if n + 2 * p < d * (k - 1) + 1:
        with pytest.raises(ValueError, match="smaller than the dilated kernel"):
            conv_output_size(n, k, s, p, d)
        with pytest.raises(RuntimeError):
            torch_conv_size(n, k, s, p, d)
    else:
        assert conv_output_size(n, k, s, p, d) == torch_conv_size(n, k, s, p, d)


@settings(max_examples=100)
@given(i=sizes, k=kernels, s=strides, p=st.integers(0, 3), d=dilations)
def test_round_trip_lists_every_colliding_size_and_its_output_padding(i, k, s, p, d):
    try:
        rt = shapes.round_trip(i, k, s, p, d)
    except ValueError:
        assert (i - 1) * s + d * (k - 1) + 1 - 2 * p + s - 1 < 1
        return
    assert len(rt.sizes) == len(rt.output_paddings) <= s
    for n, a in zip(rt.sizes, rt.output_paddings, strict=True):
        assert torch_conv_size(n, k, s, p, d) == i  # conv2d maps every n to i ...
        assert torch_tconv_size(i, k, s, p, a, d) == n  # ... and a picks the way back
        assert a == (n + 2 * p - d * (k - 1) - 1) % s
    # Completeness: no other size maps to i.
    others = [
        n
        for n in range(1, 80)
        if n + 2 * p >= d * (k - 1) + 1 and conv_output_size(n, k, s, p, d) == i
    ]
    assert tuple(others) == rt.sizes


def test_round_trip_of_the_seed_example_two():
    # The seed's 4x4 -> 7x7 (k=3, s=2, p=1): conv2d maps both 7 and 8 to 4.
    rt = shapes.round_trip(4, 3, stride=2, padding=1)
    assert rt.sizes == (7, 8) and rt.output_paddings == (0, 1)


@settings(max_examples=60)
@given(k=kernels, s=strides, p=st.integers(0, 4), d=dilations, n=st.integers(1, 12))
def test_relationships_are_computed_examples_that_torch_confirms(k, s, p, d, n):
    rels = shapes.relationships(k, s, p, d, n)
    kh = d * (k - 1) + 1
    numbers = [r.number for r in rels]
    assert numbers == [8, 9, 10, 11, 12, 13, 14] if kh % 2 else [8, 9, 11, 12, 13, 14]
    for r in rels:
        assert r.effective_kernel == kh
        assert r.conv_input >= n
        assert r.conv_output == torch_conv_size(r.conv_input, k, r.stride, r.padding, d)
        back = torch_tconv_size(r.conv_output, k, r.stride, r.padding, r.output_padding, d)
        assert r.transpose_output == back == r.conv_input
        # The guide's direct view: stride 1, padding k̂ - p - 1 over the stretched input.
        assert r.stretched == r.conv_output + (r.conv_output - 1) * (r.stride - 1)
        assert r.direct_padding == kh - r.padding - 1
        assert r.stretched + 2 * r.direct_padding - kh + 1 + r.output_padding == r.conv_input
        assert (r.note == "") == (r.conv_input == n)
    by = {r.number: r for r in rels}
    assert by[8].stride == 1 and by[8].padding == 0
    assert by[8].transpose_output == by[8].conv_output + kh - 1
    assert by[11].padding == kh - 1 and by[11].direct_padding == 0
    if 10 in by:
        assert by[10].conv_output == by[10].conv_input
    assert (by[12].conv_input - kh) % s == 0 and by[12].output_padding == 0
    assert (by[13].conv_input + 2 * p - kh) % s == 0 and by[13].output_padding == 0
    assert by[14].conv_input == max(n, kh - 2 * p)


def verdict_word(rule: str) -> str:
    return next(w for w in ("holes", "even", "checkerboard") if rule.rstrip(".").endswith(w))


@pytest.mark.parametrize("d", [1, 2, 3])
def test_the_divisibility_rule_agrees_with_the_overlap_verdict(d):
    for k in range(1, 8):
        for s in range(1, 5):
            rule = shapes.divisibility_rule(k, s, d)
            assert verdict_word(rule) == overlap_verdict(k, s, d).kind, (k, s, d, rule)
    assert "s does not divide k" in shapes.divisibility_rule(3, 2)
    assert "k = 1 < s = 2" in shapes.divisibility_rule(1, 2)
    assert "gcd(d, s) = gcd(2, 2) = 2" in shapes.divisibility_rule(3, 2, 2)


@pytest.mark.parametrize(
    ("k", "s", "d"), [(3, 2, 1), (4, 2, 1), (2, 2, 1), (1, 3, 1), (5, 4, 1), (3, 2, 2), (7, 4, 3)]
)
def test_checkerboard_counts_are_torchs_ones_by_ones(k, s, d):
    cb = shapes.checkerboard(k, s, d)
    n = cb.size
    ones = F.conv_transpose2d(torch.ones(1, 1, n, n), torch.ones(1, 1, k, k), stride=s, dilation=d)
    np.testing.assert_array_equal(cb.counts_2d, ones[0, 0].numpy())
    np.testing.assert_array_equal(cb.counts_2d, np.outer(cb.counts_1d, cb.counts_1d))
    start, stop = cb.interior
    assert stop - start >= 2 * s  # the default size shows two periods
    inner = cb.counts_1d[start:stop]
    assert int(inner.min()) ** 2 == cb.verdict.interior_min
    assert int(inner.max()) ** 2 == cb.verdict.interior_max
    assert cb.border_2d.shape == cb.counts_2d.shape
    assert not cb.border_2d[start:stop, start:stop].any()
    np.testing.assert_array_equal(cb.border_2d[start], cb.border_1d)
    # Unshaded cells follow the interior's periodic pattern; shaded ones fall short of it.
    period = {c % s: v for c, v in zip(range(start, stop), inner, strict=True)}
    for c, v in enumerate(cb.counts_1d):
        assert (v < period[c % s]) == cb.border_1d[c], (c, v)


def test_checkerboard_verdicts_and_explicit_size():
    assert shapes.checkerboard(3, 2).verdict.kind == "checkerboard"
    assert shapes.checkerboard(4, 2).verdict.kind == "even"
    assert shapes.checkerboard(2, 2).verdict.message.endswith("exactly 1 kernel tap.")
    assert "every cell gets 1 tap per axis" in shapes.checkerboard(2, 2).rule
    holes = shapes.checkerboard(1, 2, size=3)
    assert holes.verdict.kind == "holes" and list(holes.counts_1d) == [1, 0, 1, 0, 1]
    with pytest.raises(ValueError, match="input size"):
        shapes.checkerboard(3, 2, size=0)
