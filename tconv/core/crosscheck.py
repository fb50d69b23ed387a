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


@dataclass(frozen=True)
class TorchCall:
    """One ``torch.nn.functional.conv_transpose2d`` call, its arguments in PyTorch's order
    (arrays as NumPy): the one signature both functions below take."""

    input: np.ndarray
    weight: np.ndarray
    bias: np.ndarray | None = None
    stride: object = 1
    padding: object = 0
    output_padding: object = 0
    groups: int = 1
    dilation: object = 1

    def run(self, dtype=np.float64) -> np.ndarray:
        """torch's result in ``dtype``, as NumPy."""
        import torch
        import torch.nn.functional as F

        def tensor(a):  # a view when possible; a copy of read-only (shared, cached) arrays
            return torch.from_numpy(np.require(a, dtype, ["C_CONTIGUOUS", "WRITEABLE"]))

        b = None if self.bias is None else tensor(self.bias)
        with torch.no_grad():
            y = F.conv_transpose2d(
                tensor(self.input),
                tensor(self.weight),
                b,
                stride=self.stride,
                padding=self.padding,
                output_padding=self.output_padding,
                groups=self.groups,
                dilation=self.dilation,
            )
        return y.numpy()


def torch_conv_transpose2d(*call, dtype=np.float64, **params) -> np.ndarray:
    """Call ``torch.nn.functional.conv_transpose2d`` on NumPy arrays, in ``dtype``; the
    arguments are :class:`TorchCall`'s (PyTorch's names and order)."""
    return TorchCall(*call, **params).run(dtype)


def cross_check(ours: np.ndarray, *call, **params) -> CrossCheck:
    """Compare ``ours`` with torch's result for the same call (:class:`TorchCall`'s
    arguments), both in float64.

    The tolerance is :func:`tconv.core.tolerance.tolerance` for float64: 1e-9 times torch's
    largest magnitude, never below 1e-12.
    """
    run = TorchCall(*call, **params)
    theirs = run.run()
    agreed = agreement(np.asarray(ours, dtype=np.float64), theirs)
    return CrossCheck(theirs, agreed.max_abs_diff, agreed.tolerance, tuple(np.shape(run.weight)))
