"""The Playground's presets: named configurations, each with a one-line explanation.

Pure data. Every preset is a :class:`tconv.app.config.Config` (input, kernel, stride,
padding, output_padding, dilation, bias) with read-only arrays, within the Playground's
limits (input up to 8x8, kernel up to 5x5, :data:`tconv.app.config.LIMITS`).

The seven ``Guide`` presets are the transposed convolutions of Dumoulin & Visin, "A guide
to convolution arithmetic for deep learning" (2016), section 4, figures 4.1 to 4.7. Each
is the transpose of a direct convolution that maps an o x o input to an i' x i' output;
the transposed call maps i' back to o::

    4.1  i'=2, k=3, s=1, p=0        -> o=4   (transpose of conv 4 -> 2)
    4.2  i'=6, k=4, s=1, p=2        -> o=5   (transpose of conv 5 -> 6)
    4.3  i'=5, k=3, s=1, p=1        -> o=5   (half padding)
    4.4  i'=7, k=3, s=1, p=2        -> o=5   (full padding)
    4.5  i'=2, k=3, s=2, p=0        -> o=5
    4.6  i'=3, k=3, s=2, p=1        -> o=5
    4.7  i'=3, k=3, s=2, p=1, a=1   -> o=6   (transpose of conv 6 -> 3)

The guide draws its grids without numbers; the values here are those of its figure 1.1
(a 5x5 input and the 3x3 kernel of its convolution example), tiled to the size needed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.app.config import Config
from tconv.core.params import as_pair

# Dumoulin & Visin, figure 1.1: the input and the kernel of their convolution example.
GUIDE_INPUT = ((3, 3, 2, 1, 0), (0, 0, 1, 3, 1), (3, 1, 2, 2, 3), (2, 0, 0, 2, 2), (2, 0, 0, 0, 1))
GUIDE_KERNEL = ((0, 1, 2), (2, 2, 0), (0, 1, 2))
RANDOM_RANGE = (-3, 3)  # inclusive range of the random integer grids


def _grid(values) -> np.ndarray:
    a = np.array(values, dtype=np.float64)
    a.setflags(write=False)
    return a


def _tiled(base, h: int, w: int) -> np.ndarray:
    """The first h x w cells of ``base`` repeated in both directions."""
    a = np.asarray(base, dtype=np.float64)
    return _grid(np.tile(a, (-(-h // a.shape[0]), -(-w // a.shape[1])))[:h, :w])


def _config(x, kernel, stride=1, padding=0, output_padding=0, dilation=1, bias=0.0) -> Config:
    return Config(
        x=_grid(x),
        kernel=_grid(kernel),
        stride=as_pair(stride, "stride"),
        padding=as_pair(padding, "padding"),
        output_padding=as_pair(output_padding, "output_padding"),
        dilation=as_pair(dilation, "dilation"),
        bias=float(bias),
    )


def random_grids(
    x_shape: tuple[int, int], k_shape: tuple[int, int], seed: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Random integer input and kernel in :data:`RANDOM_RANGE`; ``seed=None`` is fresh."""
    rng = np.random.default_rng(seed)
    lo, hi = RANDOM_RANGE
    x = rng.integers(lo, hi, size=x_shape, endpoint=True)
    k = rng.integers(lo, hi, size=k_shape, endpoint=True)
    return _grid(x), _grid(k)


@dataclass(frozen=True)
class Preset:
    """A named configuration and a one-line explanation of what it shows."""

    name: str
    about: str
    config: Config


def _guide(fig: str, title: str, i: int, k: int, s: int, p: int, a: int, about: str) -> Preset:
    kernel = _tiled(GUIDE_KERNEL, k, k)
    cfg = _config(_tiled(GUIDE_INPUT, i, i), kernel, stride=s, padding=p, output_padding=a)
    return Preset(f"Guide {fig}: {title}", about, cfg)


_EXAMPLE2_X = ((1, 2, 0, 1), (0, 1, 2, 0), (2, 0, 1, 1), (1, 1, 0, 2))
_BILINEAR_1D = np.array([0.25, 0.75, 0.75, 0.25])

# Dumoulin & Visin, section 4: figure, title, i, k, s, p, a and what it shows, one figure
# a row as in the module's docstring (the table layout is the point: fmt: skip keeps it).
GUIDE_FIGURES = (
    ("4.1", "no padding, unit strides", 2, 3, 1, 0, 0,
     "2×2 → 4×4: the transpose of a 3×3 convolution that shrinks 4×4 to 2×2."),
    ("4.2", "zero padding, unit strides", 6, 4, 1, 2, 0,
     "6×6 → 5×5: padding 2 crops two rows and columns from every side of the 9×9 sum."),
    ("4.3", "half padding, unit strides", 5, 3, 1, 1, 0,
     "5×5 → 5×5: 'same' padding (p = k // 2) keeps the size."),
    ("4.4", "full padding, unit strides", 7, 3, 1, 2, 0,
     "7×7 → 5×5: the transpose of a fully padded convolution shrinks its input."),
    ("4.5", "no padding, strides", 2, 3, 2, 0, 0,
     "2×2 → 5×5: stride 2 spreads the kernel copies two cells apart; they overlap by one."),
    ("4.6", "padding, strides", 3, 3, 2, 1, 0,
     "3×3 → 5×5: stride 2, then padding 1 crops the outer ring of the 7×7 sum."),
    ("4.7", "padding, strides, odd output", 3, 3, 2, 1, 1,
     "3×3 → 6×6: output_padding 1 adds one row and column at the bottom/right, which "
     "still hold real sums."),
)  # fmt: skip

PRESETS: tuple[Preset, ...] = (
    Preset(
        "Example 1 (seed article)",
        "The article's 2×2 input and 2×2 kernel, stride 2: four scaled kernels tile a 4×4 output.",
        _config([[0, 1], [2, 3]], [[4, 1], [2, 3]], stride=2),
    ),
    Preset(
        "Example 2 (seed article)",
        "A 4×4 input, a 3×3 kernel, stride 2, padding 1 gives 7×7 (the article used random "
        "values; these are small integers).",
        _config(_EXAMPLE2_X, GUIDE_KERNEL, stride=2, padding=1),
    ),
    *(_guide(*figure) for figure in GUIDE_FIGURES),
    Preset(
        "Identity kernel",
        "A 3×3 kernel with a single 1 in the centre, padding 1: the output equals the input.",
        _config(_tiled(GUIDE_INPUT, 4, 4), [[0, 0, 0], [0, 1, 0], [0, 0, 0]], padding=1),
    ),
    Preset(
        "Nearest-neighbour upsampling",
        "A 2×2 kernel of ones with stride 2: every input cell becomes a 2×2 block of itself.",
        _config(_tiled(GUIDE_INPUT, 3, 3), np.ones((2, 2)), stride=2),
    ),
    Preset(
        "Bilinear upsampling",
        "The bilinear kernel (k = 2s = 4, padding 1) doubles the size smoothly; the border "
        "comes out darker because fewer kernel copies overlap there.",
        _config(
            _tiled(GUIDE_INPUT, 3, 3), np.outer(_BILINEAR_1D, _BILINEAR_1D), stride=2, padding=1
        ),
    ),
    Preset(
        "Dilation and output_padding",
        "Stride 2, padding 1, dilation 2 and output_padding 1: the kernel taps land two cells "
        "apart, then the sum is cropped and one row and column are added.",
        _config(
            _tiled(GUIDE_INPUT, 3, 3),
            GUIDE_KERNEL,
            stride=2,
            padding=1,
            output_padding=1,
            dilation=2,
        ),
    ),
    Preset(
        "Random integers (seed 0)",
        "A 3×3 input and a 3×3 kernel of random integers from −3 to 3, stride 2.",
        _config(*random_grids((3, 3), (3, 3), seed=0), stride=2),
    ),
)

BY_NAME: dict[str, Preset] = {p.name: p for p in PRESETS}
DEFAULT = PRESETS[0]
