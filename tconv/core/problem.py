"""A validated ``conv_transpose2d`` call, as the engine and the views receive it.

:func:`tconv.engine.functional.prepare` builds it; it lives in core so that the engine
(which computes it) and the functional API (which validates it) both import it from below.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.params import TConvParams


@dataclass(frozen=True)
class Problem:
    """A validated call: 4D arrays of one float dtype, pairs, and the output size."""

    x: np.ndarray  # (N, C_in, H, W)
    weight: np.ndarray  # (C_in, C_out // groups, kH, kW)
    bias: np.ndarray | None  # (C_out,)
    params: TConvParams
    groups: int
    batched: bool
    out_hw: tuple[int, int]
    result_dtype: np.dtype | None = None  # float16 calls compute in float32, return float16

    @property
    def out_channels(self) -> int:
        return self.weight.shape[1] * self.groups
