"""The Playground's presets: valid, within the limits, and each doing what its name says."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import tconv
from tconv.app.config import LIMITS, MAX_INPUT, MAX_KERNEL
from tconv.app.presets import BY_NAME, DEFAULT, PRESETS, RANDOM_RANGE, random_grids
from tconv.app.sharelink import decode, encode
from tests.strategies import torch_config


def plan_of(cfg):
    return tconv.scatter_plan(
        cfg.x, cfg.kernel, cfg.stride, cfg.padding, cfg.output_padding, cfg.dilation, cfg.bias
    )


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_every_preset_is_valid_within_limits_and_matches_torch(preset):
    cfg = preset.config
    assert 1 <= cfg.x.shape[0] <= MAX_INPUT[0] and 1 <= cfg.x.shape[1] <= MAX_INPUT[1]
    assert 1 <= cfg.kernel.shape[0] <= MAX_KERNEL[0] and 1 <= cfg.kernel.shape[1] <= MAX_KERNEL[1]
    for name, (lo, hi) in LIMITS.items():
        assert all(lo <= v <= hi for v in getattr(cfg, name)), name
    assert not cfg.x.flags.writeable and not cfg.kernel.flags.writeable  # frozen data
    np.testing.assert_allclose(plan_of(cfg).output, torch_config(cfg), rtol=0, atol=1e-12)


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_every_preset_survives_a_share_link_exactly(preset):
    cfg, warnings = decode(encode(preset.config))
    assert warnings == []
    assert cfg == preset.config


def test_names_are_unique_and_explanations_are_one_line():
    assert len(BY_NAME) == len(PRESETS)
    for p in PRESETS:
        assert p.about and "\n" not in p.about and len(p.about) < 200, p.name
    assert DEFAULT.name.startswith("Example 1")


def direct_conv_size(i, k, s, p):
    return (i + 2 * p - k) // s + 1


# Dumoulin & Visin, section 4, figures 4.1-4.7: the direct convolution (i, k, s, p) whose
# transpose each figure draws, the transposed input size i', output_padding a, and the
# size the transpose returns to.
GUIDE = {
    "4.1": ((4, 3, 1, 0), 2, 0, 4),
    "4.2": ((5, 4, 1, 2), 6, 0, 5),
    "4.3": ((5, 3, 1, 1), 5, 0, 5),
    "4.4": ((5, 3, 1, 2), 7, 0, 5),
    "4.5": ((5, 3, 2, 0), 2, 0, 5),
    "4.6": ((5, 3, 2, 1), 3, 0, 5),
    "4.7": ((6, 3, 2, 1), 3, 1, 6),
}


def test_the_seven_guide_presets_are_the_transposes_of_the_guide_figures():
    guide = {p.name.split(":")[0].removeprefix("Guide "): p for p in PRESETS if "Guide" in p.name}
    assert sorted(guide) == sorted(GUIDE)
    for fig, ((i, k, s, p), i2, a, o) in GUIDE.items():
        cfg = guide[fig].config
        assert direct_conv_size(i, k, s, p) == i2, fig  # the direct conv maps i to i'
        assert cfg.x.shape == (i2, i2) and cfg.kernel.shape == (k, k), fig
        assert cfg.stride == (s, s) and cfg.padding == (p, p), fig
        assert cfg.output_padding == (a, a) and cfg.dilation == (1, 1), fig
        assert plan_of(cfg).output.shape == (o, o) == (i, i), fig


def test_seed_examples():
    one = plan_of(BY_NAME["Example 1 (seed article)"].config).output
    np.testing.assert_array_equal(one, [[0, 0, 4, 1], [0, 0, 2, 3], [8, 2, 12, 3], [4, 6, 6, 9]])
    two = BY_NAME["Example 2 (seed article)"].config
    assert two.x.shape == (4, 4) and two.kernel.shape == (3, 3)
    assert (two.stride, two.padding) == ((2, 2), (1, 1))
    assert plan_of(two).output.shape == (7, 7)


def test_identity_nearest_and_bilinear_kernels_do_what_they_say():
    cfg = BY_NAME["Identity kernel"].config
    np.testing.assert_array_equal(plan_of(cfg).output, cfg.x)

    cfg = BY_NAME["Nearest-neighbour upsampling"].config
    np.testing.assert_array_equal(plan_of(cfg).output, np.kron(cfg.x, np.ones((2, 2))))

    cfg = BY_NAME["Bilinear upsampling"].config
    y = plan_of(cfg).output
    ref = F.interpolate(
        torch.from_numpy(np.array(cfg.x))[None, None], scale_factor=2, mode="bilinear"
    )[0, 0].numpy()
    assert y.shape == ref.shape == (6, 6)
    np.testing.assert_allclose(y[1:-1, 1:-1], ref[1:-1, 1:-1], atol=1e-12)  # inside: bilinear
    # the border is darker: only 3/4 of the weight lands there (9/16 in the corners)
    np.testing.assert_allclose(y[0, 0], 0.5625 * cfg.x[0, 0], atol=1e-12)
    np.testing.assert_allclose(y[1:-1, 0], 0.75 * ref[1:-1, 0], atol=1e-12)


def test_dilation_preset_uses_every_parameter():
    cfg = BY_NAME["Dilation and output_padding"].config
    assert cfg.padding[0] > 0 and cfg.dilation[0] > 1 and cfg.output_padding[0] > 0


def test_random_grids_are_seeded_integers_in_range():
    lo, hi = RANDOM_RANGE
    x, k = random_grids((3, 5), (2, 4), seed=7)
    assert x.shape == (3, 5) and k.shape == (2, 4)
    for a in (x, k):
        assert np.array_equal(a, np.round(a)) and a.min() >= lo and a.max() <= hi
    x2, k2 = random_grids((3, 5), (2, 4), seed=7)
    assert np.array_equal(x, x2) and np.array_equal(k, k2)
    fresh = [random_grids((8, 8), (5, 5))[0] for _ in range(2)]  # 64 cells: never equal
    assert not np.array_equal(*fresh)
    cfg = BY_NAME["Random integers (seed 0)"].config
    np.testing.assert_array_equal(cfg.x, random_grids((3, 3), (3, 3), seed=0)[0])
