"""Four ways to one answer: the scatter, gather, matrix and sub-pixel views of one
single-channel transposed convolution, each compared with the scatter reference and with
PyTorch.

:func:`four_views` is what the "Four views" page caches and shows; it computes nothing of
its own beyond the comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.crosscheck import torch_conv_transpose2d
from tconv.core.scatter import ScatterPlan, scatter_plan
from tconv.core.tolerance import Agreement, agreement
from tconv.views.gather import GatherView, gather_view
from tconv.views.matrix import MatrixView, matrix_view
from tconv.views.subpixel import SubpixelView, subpixel_view

# The Four views page's tabs, in order; a label is also the value of `view=` in a link
# that opens that tab (the guided lesson's links, the classroom harness).
VIEW_TABS = (
    "1 · Scatter",
    "2 · Gather",
    "3 · Matrix",
    "4 · Sub-pixel",
    "Gradient of conv2d",
    "Not an inverse",
)

VIEWS = ("scatter", "gather", "matrix", "subpixel")


@dataclass(frozen=True)
class FourViews:
    """The four views of one call and torch's result for it."""

    scatter: ScatterPlan
    gather: GatherView
    matrix: MatrixView
    subpixel: SubpixelView
    torch_output: np.ndarray

    def output(self, view: str) -> np.ndarray:
        return getattr(self, view).output

    def vs_scatter(self, view: str) -> Agreement:
        return agreement(self.output(view), self.scatter.output)

    def vs_torch(self, view: str) -> Agreement:
        return agreement(self.output(view), self.torch_output)


def four_views(x, kernel, stride=1, padding=0, output_padding=0, dilation=1, bias=0.0) -> FourViews:
    """Every view of ``conv_transpose2d(x[None, None], kernel[None, None], ...)`` (+ bias).

    Raises ``ValueError`` (from :mod:`tconv.core.params`) for calls PyTorch rejects.
    """
    args = (x, kernel, stride, padding, output_padding, dilation, bias)
    plan = scatter_plan(*args)
    pr = plan.params
    theirs = torch_conv_transpose2d(
        np.array(plan.x[None, None]),
        np.array(plan.kernel[None, None]),
        np.array([float(bias)]),
        stride=pr.stride,
        padding=pr.padding,
        output_padding=pr.output_padding,
        dilation=pr.dilation,
    )[0, 0]
    return FourViews(plan, gather_view(*args), matrix_view(*args), subpixel_view(*args), theirs)
