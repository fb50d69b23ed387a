"""Overlap counts against torch (transposed convolution of ones) and the verdicts."""

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.arith.overlap import overlap_count, overlap_count_1d, overlap_verdict


@settings(max_examples=150)
@given(
    i=st.tuples(st.integers(1, 6), st.integers(1, 6)),
    k=st.tuples(st.integers(1, 5), st.integers(1, 5)),
    s=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    d=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    data=st.data(),
)
def test_overlap_count_equals_torch_on_ones(i, k, s, d, data):
    a = tuple(data.draw(st.integers(0, max(s[ax], d[ax]) - 1)) for ax in range(2))
    p = tuple(
        data.draw(st.integers(0, ((i[ax] - 1) * s[ax] + d[ax] * (k[ax] - 1) + a[ax]) // 2))
        for ax in range(2)
    )
    ones = F.conv_transpose2d(
        torch.ones(1, 1, *i, dtype=torch.float64),
        torch.ones(1, 1, *k, dtype=torch.float64),
        stride=s, padding=p, output_padding=a, dilation=d,
    )[0, 0].numpy()  # fmt: skip
    count = overlap_count(i, k, s, p, a, d)
    assert count.dtype.kind == "i"
    np.testing.assert_array_equal(count, ones)


def test_1d_counts_show_the_divisibility_rule():
    # k = 3, s = 2: interior cells alternate 1, 2 (uneven -> checkerboard in 2D).
    np.testing.assert_array_equal(overlap_count_1d(4, 3, 2), [1, 1, 2, 1, 2, 1, 2, 1, 1])
    # k = 4, s = 2, p = 1: every interior cell gets exactly 2.
    np.testing.assert_array_equal(overlap_count_1d(4, 4, 2, 1), [1, 2, 2, 2, 2, 2, 2, 1])
    # k = 1, s = 2: holes between the copies.
    np.testing.assert_array_equal(overlap_count_1d(3, 1, 2), [1, 0, 1, 0, 1])


def test_verdicts():
    assert overlap_verdict(4, 2).kind == "even"
    assert overlap_verdict(2, 2).kind == "even"
    assert overlap_verdict(3, 2).kind == "checkerboard"
    assert overlap_verdict(1, 2).kind == "holes"
    assert overlap_verdict(3, 1).kind == "even"
    # Dilation 2 with stride 2: every tap lands on the same phase, the other phase is empty.
    assert overlap_verdict(3, 2, dilation=2).kind == "holes"
    # Rectangular: even along one axis, uneven along the other, checkerboard overall.
    assert overlap_verdict((4, 3), (2, 2)).kind == "checkerboard"


@settings(max_examples=100)
@given(k=st.integers(1, 7), s=st.integers(1, 4), d=st.integers(1, 3))
def test_verdict_matches_the_interior_of_a_large_count(k, s, d):
    count = overlap_count_1d(40, k, s, dilation=d)
    reach = d * (k - 1)
    interior = count[reach : len(count) - reach]
    kind = overlap_verdict(k, s, d).kind
    if interior.size >= s:
        if kind == "holes":
            assert interior.min() == 0
        elif kind == "even":
            assert interior.min() == interior.max() > 0
        else:
            assert 0 < interior.min() < interior.max()
