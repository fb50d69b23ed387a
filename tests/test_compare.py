"""Compare: each side equals torch, the verdict line, and the two-sided share link."""

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.app.compare import (
    DEFAULT,
    PAIRS,
    decode_pair,
    encode_pair,
    frame_svg,
    frame_text,
    side,
    verdict_line,
)
from tconv.app.config import Config


def cfg(x, k, s=1, p=0, a=0, d=1) -> Config:
    return Config(np.array(x, float), np.array(k, float), (s, s), (p, p), (a, a), (d, d))


def torch_out(c: Config, x=None, k=None) -> np.ndarray:
    x = c.x if x is None else x
    k = c.kernel if k is None else k
    y = F.conv_transpose2d(
        torch.from_numpy(np.asarray(x, float))[None, None],
        torch.from_numpy(np.asarray(k, float))[None, None],
        stride=c.stride,
        padding=c.padding,
        output_padding=c.output_padding,
        dilation=c.dilation,
    )
    return y[0, 0].numpy()


@st.composite
def configs(draw):
    h, w = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    grid = lambda r, c: st.lists(  # noqa: E731
        st.lists(st.integers(-5, 5), min_size=c, max_size=c), min_size=r, max_size=r
    )
    s, d = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    a = draw(st.integers(0, max(s, d) - 1))
    c = cfg(draw(grid(h, w)), draw(grid(kh, kw)), s, 0, a, d)
    o = min(c.params.output_size(c.x.shape, c.kernel.shape))
    p = draw(st.integers(0, min(6, (o - 1) // 2)))
    return cfg(c.x, c.kernel, s, p, a, d)


@settings(max_examples=60)
@given(c=configs())
def test_a_side_equals_torch_output_and_overlap(c):
    s = side("A", c)
    np.testing.assert_allclose(s.plan.output, torch_out(c), atol=1e-9)
    np.testing.assert_array_equal(
        s.overlap, torch_out(c, np.ones(c.x.shape), np.ones(c.kernel.shape))
    )


@settings(max_examples=60)
@given(a=configs(), b=configs())
def test_a_link_restores_both_sides(a, b):
    b = cfg(a.x, b.kernel, b.stride[0], 0, b.output_padding[0], b.dilation[0])  # shared input
    a2, b2, warnings = decode_pair(encode_pair(a, b), (DEFAULT.a, DEFAULT.b))
    assert warnings == []
    assert (a2, b2) == (a, b)


def test_verdict_names_size_and_overlap_differences():
    k3, k4 = side("A", PAIRS[0].a), side("B", PAIRS[0].b)
    assert verdict_line(k3, k4) == (
        "What differs: size (A 7×7, B 6×6); overlap (A checkerboard, B even)."
    )
    assert verdict_line(k3, side("B", PAIRS[0].a)) == (
        "Nothing differs: same size 7×7 and values and checkerboard overlap."
    )


def test_verdict_counts_differing_values_when_sizes_agree():
    x = [[1, 2], [3, 4]]
    a = side("A", cfg(x, [[1, 1], [1, 1]], s=2))
    b = side("B", cfg(x, [[1, 0], [0, 1]], s=2))
    assert verdict_line(a, b) == "What differs: values (8 of 16 cells). Same: even overlap."
    holes = side("B", cfg(x, [[1]], s=2, a=1))  # 1x1 kernel, stride 2: holes; 4x4 too
    assert verdict_line(a, holes).startswith("What differs: values (")
    assert "overlap (A even, B holes)" in verdict_line(a, holes)


def test_one_bad_side_falls_back_with_its_name_and_the_other_side_stays():
    a, b = PAIRS[1].a, PAIRS[1].b
    q = encode_pair(a, b) | {"b_s": "nine", "b_k": "1,2;3"}
    a2, b2, warnings = decode_pair(q, (DEFAULT.a, DEFAULT.b))
    assert a2 == a
    assert b2.padding == b.padding and b2.stride == DEFAULT.b.stride
    np.testing.assert_array_equal(b2.kernel, DEFAULT.b.kernel)
    assert len(warnings) == 2 and all(w.startswith("Configuration B: ") for w in warnings)
    assert "stride" in warnings[0] + warnings[1] and "kernel" in warnings[0] + warnings[1]


def test_bad_input_big_kernel_and_uneven_pairs_are_named():
    q = encode_pair(PAIRS[1].a, PAIRS[1].b) | {
        "x": "1,2;3,4;5,6;7,8;9,9",  # 5 rows: more than this page's 4x4
        "a_k": "1,1,1,1,1;1,1,1,1,1",  # 5 columns
        "b_s": "2,1",
    }
    a, b, warnings = decode_pair(q, (DEFAULT.a, DEFAULT.b))
    assert any(w.startswith("The shared input x") for w in warnings)
    np.testing.assert_array_equal(a.x, DEFAULT.a.x)
    np.testing.assert_array_equal(b.x, DEFAULT.a.x)
    assert any(w.startswith("Configuration A: ") and "kernel" in w for w in warnings)
    assert a.kernel.shape == DEFAULT.a.kernel.shape
    assert any(w.startswith("Configuration B: ") and "stride" in w for w in warnings)
    assert b.stride == (2, 2)


def test_a_frame_outlines_the_current_footprint_and_hatches_the_crop():
    s = side("B", PAIRS[1].b)  # 4x4 input, 3x3 kernel, stride 2, padding 1
    svg = frame_svg(s, 6)
    assert "B: canvas, step 6/16" in svg
    assert svg.count('stroke="#D55E00"') == 9  # the 3x3 footprint of x[1, 1]
    assert svg.count('fill="url(#hatch)"') == 9 * 9 - 7 * 7  # the cropped ring
    assert frame_text(s, 6).startswith("Step 6 of 16: x[1,1] = 1 scales the kernel")
    assert "step 16/16" in frame_svg(s, 99) and "step 1/16" in frame_svg(s, 0)


def test_every_ready_made_pair_is_possible_and_within_the_page_limits():
    for pair in PAIRS:
        assert pair.a.x.shape == pair.b.x.shape and (pair.a.x == pair.b.x).all()
        for c in (pair.a, pair.b):
            assert max(c.x.shape) <= 4 and max(c.kernel.shape) <= 4
            side("A", c)  # raises if impossible
        assert not verdict_line(side("A", pair.a), side("B", pair.b)).startswith("Nothing")


KEYS_ANY = st.sampled_from(["x", *(f"{p}_{k}" for p in "ab" for k in ("k", "s", "p", "a", "d"))])


@settings(max_examples=150)
@given(query=st.dictionaries(KEYS_ANY, st.text(max_size=30)))
def test_any_link_gives_two_possible_sides_and_never_raises(query):
    a, b, warnings = decode_pair(query, (DEFAULT.a, DEFAULT.b))
    for c in (a, b):
        assert max(c.x.shape) <= 4 and max(c.kernel.shape) <= 4
        c.params.output_size(c.x.shape, c.kernel.shape)  # raises if impossible
        assert c.stride[0] == c.stride[1] and c.padding[0] == c.padding[1]
    assert (a.x == b.x).all()
    assert all(
        w.startswith(("The shared input", "Configuration A:", "Configuration B:")) for w in warnings
    )
