"""The Playground's configuration, its limits, and the square configurations other pages link to.

:class:`Config` is what every page shares (one input grid, one kernel, the four size
parameters and a bias); :mod:`tconv.app.sharelink` writes it into a URL and reads it back.
The limits are the Playground's: an input up to 8x8, a kernel up to 5x5, values within
±1000 written with at most 6 significant digits, and the parameter ranges of :data:`LIMITS`.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from tconv.core.params import TConvParams

MAX_INPUT = (8, 8)
MAX_KERNEL = (5, 5)
MAX_ABS_VALUE = 1000.0
DIGITS = 6  # significant digits a value keeps in a share link
LIMITS = {  # inclusive ranges the Playground offers
    "stride": (1, 4),
    "padding": (0, 6),
    "output_padding": (0, 3),
    "dilation": (1, 3),
}


@dataclass(frozen=True, eq=False)
class Config:
    """One 2D transposed convolution as the Playground shows it."""

    x: np.ndarray = field(default_factory=lambda: np.array([[0.0, 1.0], [2.0, 3.0]]))
    kernel: np.ndarray = field(default_factory=lambda: np.array([[4.0, 1.0], [2.0, 3.0]]))
    stride: tuple[int, int] = (2, 2)
    padding: tuple[int, int] = (0, 0)
    output_padding: tuple[int, int] = (0, 0)
    dilation: tuple[int, int] = (1, 1)
    bias: float = 0.0

    @property
    def params(self) -> TConvParams:
        return TConvParams.make(self.stride, self.padding, self.output_padding, self.dilation)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Config)
            and np.array_equal(self.x, other.x)
            and np.array_equal(self.kernel, other.kernel)
            and (self.stride, self.padding, self.output_padding, self.dilation, self.bias)
            == (other.stride, other.padding, other.output_padding, other.dilation, other.bias)
        )


def _value_fits(v: float) -> bool:
    v = float(v)
    return math.isfinite(v) and abs(v) <= MAX_ABS_VALUE and float(f"{v:.{DIGITS}g}") == v


def fits(cfg: Config) -> bool:
    """Whether the Playground shows ``cfg`` exactly as it is (and a share link keeps it).

    Grids within :data:`MAX_INPUT` and :data:`MAX_KERNEL`, every value (bias included)
    finite, within ±:data:`MAX_ABS_VALUE` and exact in :data:`DIGITS` significant digits,
    every parameter within :data:`LIMITS`, and an output of at least one cell.
    """
    for grid, limit in ((cfg.x, MAX_INPUT), (cfg.kernel, MAX_KERNEL)):
        grid = np.asarray(grid)
        if grid.ndim != 2 or grid.size == 0 or grid.shape[0] > limit[0] or grid.shape[1] > limit[1]:
            return False
        if not all(_value_fits(v) for v in grid.flat):
            return False
    if not _value_fits(cfg.bias):
        return False
    for name, (lo, hi) in LIMITS.items():
        if not all(isinstance(v, numbers.Integral) and lo <= v <= hi for v in getattr(cfg, name)):
            return False
    try:
        cfg.params.output_size(cfg.x.shape, cfg.kernel.shape)
    except ValueError:
        return False
    return True


def playground_config(
    input_size: int,
    kernel_size: int,
    stride=1,
    padding=0,
    output_padding=0,
    dilation=1,
    *,
    x=None,
    kernel=None,
) -> Config | None:
    """A square Playground configuration, or None when the Playground cannot show it.

    ``x`` and ``kernel`` are used when their shapes are (i, i) and (k, k); otherwise the
    grids are ones, so the output shows the overlap count. The limits are the Playground's
    (:func:`fits`), so the configuration survives a share link's round trip unchanged.
    """
    x = np.asarray(x, float) if x is not None else None
    kernel = np.asarray(kernel, float) if kernel is not None else None
    i, k = input_size, kernel_size
    if min(i, k) < 1:
        return None
    cfg = Config(
        x=x if x is not None and x.shape == (i, i) else np.ones((i, i)),
        kernel=kernel if kernel is not None and kernel.shape == (k, k) else np.ones((k, k)),
        stride=(stride, stride),
        padding=(padding, padding),
        output_padding=(output_padding, output_padding),
        dilation=(dilation, dilation),
    )
    return cfg if fits(cfg) else None
