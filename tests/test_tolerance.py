"""tconv.core.tolerance: the one rule every comparison uses (torch badges, four views, photos)."""

import numpy as np
import pytest

from tconv.core.crosscheck import cross_check
from tconv.core.tolerance import agreement, tolerance
from tconv.engine.functional import conv_transpose2d


@pytest.mark.parametrize(
    ("scale", "dtype", "expected"),
    [
        (1000.0, np.float64, 1e-6),
        (0.0, np.float64, 1e-12),
        (10.0, np.float32, 1e-3),
        (0.0, np.float32, 1e-6),
    ],
)
def test_tolerance_is_relative_with_a_floor(scale, dtype, expected):
    assert tolerance(scale, dtype) == pytest.approx(expected)


def test_agreement_passes_within_and_fails_beyond_the_rule():
    ref = np.array([[100.0, -3.0]])
    assert agreement(ref + 0.9e-7, ref).passed  # 1e-9 * 100 = 1e-7
    assert not agreement(ref + 1.1e-7, ref).passed
    f32 = ref.astype(np.float32)
    assert agreement(f32 + np.float32(0.009), f32, np.float32).passed  # 1e-4 * 100 = 0.01
    assert not agreement(f32 + np.float32(0.011), f32, np.float32).passed
    assert agreement(np.zeros((0, 3)), np.zeros((0, 3))).passed
    shapes = agreement(np.zeros((1, 2)), np.zeros((2, 1)))
    assert shapes.max_abs_diff == float("inf") and not shapes.passed


def test_cross_check_uses_the_rule():
    x, k = np.arange(4.0).reshape(1, 1, 2, 2), np.ones((1, 1, 2, 2))
    good = cross_check(np.array([[[[0, 1, 1], [2, 6, 4], [2, 5, 3]]]], float), x, k)
    assert good.passed and good.tolerance == tolerance(6.0)
    assert not cross_check(good.torch_output + 1e-6, x, k).passed


def test_cross_check_takes_pytorchs_arguments_by_position_or_by_name():
    x, w = np.arange(4.0).reshape(1, 1, 2, 2), np.array([[[[4.0, 1.0], [2.0, 3.0]]]])
    ours = conv_transpose2d(x, w, stride=2)
    by_position = cross_check(ours, x, w, None, 2, 0, 0, 1, 1)
    by_name = cross_check(ours, input=x, weight=w, stride=2)
    assert by_position.passed and by_name.passed
    assert np.array_equal(by_position.torch_output, by_name.torch_output)
    assert by_name.weight_shape == (1, 1, 2, 2)
    with pytest.raises(TypeError):
        cross_check(ours, x, w, strides=2)  # not a conv_transpose2d argument
