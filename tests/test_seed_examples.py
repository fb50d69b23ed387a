"""The seed tutorial's three examples, reproduced exactly (see DESIGN.md)."""

import numpy as np
import torch
import torch.nn as nn

import tconv


def test_example_1_values():
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    k = np.array([[4.0, 1.0], [2.0, 3.0]])
    expected = np.array([[0, 0, 4, 1], [0, 0, 2, 3], [8, 2, 12, 3], [4, 6, 6, 9]], dtype=np.float64)
    np.testing.assert_array_equal(
        tconv.conv_transpose2d(x[None, None], k[None, None], stride=2)[0, 0], expected
    )
    np.testing.assert_array_equal(tconv.scatter_plan(x, k, stride=2).output, expected)
    torch_out = nn.functional.conv_transpose2d(
        torch.from_numpy(x)[None, None], torch.from_numpy(k)[None, None], stride=2
    )
    np.testing.assert_array_equal(torch_out[0, 0].numpy(), expected)


def test_example_2_shape():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 1, 4, 4))
    w = rng.normal(size=(1, 1, 3, 3))
    assert tconv.conv_transpose2d(x, w, stride=2, padding=1).shape == (1, 1, 7, 7)


def test_example_3_shape_and_weight_layout_twist():
    # The article declares ConvTranspose2d(3, 2, kernel_size=2, stride=2, padding=1) but
    # then assigns a (3, 3, 2, 2) weight: the weight's shape decides, 3 channels come out.
    layer = nn.ConvTranspose2d(3, 2, kernel_size=2, stride=2, padding=1)
    assert tuple(layer.weight.shape) == (3, 2, 2, 2)
    rng = np.random.default_rng(3)
    weight = rng.normal(size=(3, 3, 2, 2)).astype(np.float32)
    layer.weight = nn.Parameter(torch.from_numpy(weight))
    photo = rng.random(size=(3, 394, 358), dtype=np.float32)
    ours = tconv.conv_transpose2d(photo, weight, stride=2, padding=1)
    assert ours.shape == (3, 786, 714)
    with torch.no_grad():
        theirs = nn.functional.conv_transpose2d(
            torch.from_numpy(photo), layer.weight, stride=2, padding=1
        ).numpy()
    assert theirs.shape == (3, 786, 714)
    assert np.max(np.abs(ours - theirs)) <= 1e-4 * np.max(np.abs(theirs))
    assert tconv.output_size((394, 358), 2, stride=2, padding=1) == (786, 714)


# Dumoulin & Visin, "A guide to convolution arithmetic", section 4: the transposed
# counterparts of the direct convolutions (input i', kernel k', stride s', padding p').
# Direct conv (i, k, s, p) -> o; its transpose maps o back to i.
GUIDE = [
    # name, direct conv (i, k, s, p), transposed call (i', k, s, p, a), expected o'
    ("no padding, unit strides", (4, 3, 1, 0), (2, 3, 1, 0, 0), 4),
    ("arbitrary padding, unit strides", (5, 4, 1, 2), (6, 4, 1, 2, 0), 5),
    ("half padding, unit strides", (5, 3, 1, 1), (5, 3, 1, 1, 0), 5),
    ("full padding, unit strides", (5, 3, 1, 2), (7, 3, 1, 2, 0), 5),
    ("no padding, strides", (5, 3, 2, 0), (2, 3, 2, 0, 0), 5),
    ("padding, strides", (5, 3, 2, 1), (3, 3, 2, 1, 0), 5),
    ("padding, strides (odd)", (6, 3, 2, 1), (3, 3, 2, 1, 1), 6),
]


def conv_out(i, k, s, p):
    return (i + 2 * p - k) // s + 1


def test_convolution_arithmetic_guide_transposed_configurations():
    for name, (i, k, s, p), (i2, k2, s2, p2, a), o in GUIDE:
        # The direct convolution maps i to i2; the transpose maps i2 back to i (= o).
        assert conv_out(i, k, s, p) == i2, name
        assert tconv.output_size(i2, k2, s2, p2, a) == o == i, name
        x, w = np.ones((1, 1, i2, i2)), np.ones((1, 1, k2, k2))
        assert tconv.conv_transpose2d(x, w, stride=s2, padding=p2, output_padding=a).shape == (
            1, 1, o, o,
        ), name  # fmt: skip
