"""Live cross-check against PyTorch: run torch's conv_transpose2d on the same numbers.

torch is imported lazily (the first import costs about a second); arrays go in and out as
NumPy so that callers can cache by content.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.tolerance import agreement


@dataclass(frozen=True)
class CrossCheck:
    """torch's result beside ours: ``max_abs_diff`` and whether it is within ``tolerance``
    (the rule of :mod:`tconv.core.tolerance`)."""

    torch_output: np.ndarray
    max_abs_diff: float
    tolerance: float
    weight_shape: tuple[int, ...]

    @property
    def passed(self) -> bool:
        return self.max_abs_diff <= self.tolerance


def torch_conv_transpose2d(
    input,
    weight,
    bias=None,
    stride=1,
    padding=0,
    output_padding=0,
    groups=1,
    dilation=1,
    dtype=np.float64,
) -> np.ndarray:
    """Call ``torch.nn.functional.conv_transpose2d`` on NumPy arrays, in ``dtype``."""
    import torch
    import torch.nn.functional as F

    def tensor(a):  # a view when possible; a copy of read-only (shared, cached) arrays
        return torch.from_numpy(np.require(a, dtype, ["C_CONTIGUOUS", "WRITEABLE"]))

    x, w = tensor(input), tensor(weight)
    b = None if bias is None else tensor(bias)
    with torch.no_grad():
        y = F.conv_transpose2d(
            x,
            w,
            b,
            stride=stride,
            padding=padding,
            output_padding=output_padding,
            groups=groups,
            dilation=dilation,
        )
    return y.numpy()


def cross_check(
    ours: np.ndarray,
    input,
    weight,
    bias=None,
    stride=1,
    padding=0,
    output_padding=0,
    groups=1,
    dilation=1,
) -> CrossCheck:
    """Compare ``ours`` with torch's result for the same call, both in float64.

    The tolerance is :func:`tconv.core.tolerance.tolerance` for float64: 1e-9 times torch's
    largest magnitude, never below 1e-12.
    """
    theirs = torch_conv_transpose2d(
        input, weight, bias, stride, padding, output_padding, groups, dilation
    )
    agreed = agreement(np.asarray(ours, dtype=np.float64), theirs)
    return CrossCheck(theirs, agreed.max_abs_diff, agreed.tolerance, tuple(np.shape(weight)))
