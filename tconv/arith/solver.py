"""The inverse problem: which transposed convolutions turn size i into size o?

Per axis (1D), PyTorch's output size is::

    o = (i - 1)*s - 2*p + d*(k - 1) + a + 1

Given i and o, every (kernel k, stride s, dilation d, output_padding a) fixes the padding:
``2p = (i - 1)*s + d*(k - 1) + a + 1 - o``, a solution when that is even, non-negative
and within the limit. PyTorch also needs ``a < s or a < d``. So the search is a loop over
k, s, d and a only: with the default limits (k <= 7, s <= 4, d <= 3) at most 252 cases.

Solutions come sorted for a learner: even overlap first (then checkerboard, then holes),
then the simplest: no dilation, no output_padding, a padding that crops less than the
dilated kernel k̂ = d*(k - 1) + 1 (so the guide's equivalent direct convolution has padding
k̂ - p - 1 >= 0), then small kernel and stride.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from tconv.arith.overlap import overlap_verdict

MAX_KERNEL = 7
MAX_STRIDE = 4
MAX_PADDING = 6
MAX_DILATION = 3
_KIND_ORDER = {"even": 0, "checkerboard": 1, "holes": 2}


@dataclass(frozen=True)
class Solution:
    """One (kernel, stride, padding, output_padding, dilation) mapping i to o on one axis.

    ``overlap`` is ``overlap_verdict(kernel, stride, dilation).kind``: "even",
    "checkerboard" or "holes".
    """

    kernel: int
    stride: int
    padding: int
    output_padding: int
    dilation: int
    overlap: str

    @property
    def effective_kernel(self) -> int:
        """The dilated kernel's reach ``d*(k - 1) + 1``."""
        return self.dilation * (self.kernel - 1) + 1

    def sort_key(self) -> tuple[int, ...]:
        return (
            _KIND_ORDER[self.overlap],
            self.dilation,
            self.output_padding,
            self.padding >= self.effective_kernel,
            self.kernel,
            self.stride,
            self.padding,
        )


def whole_number(value, name: str, minimum: int = 1) -> int:
    """``value`` as an int, or a ``ValueError`` naming ``name`` (not a whole number, or
    below ``minimum``). Bools, floats and pairs are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def solve(
    input_size: int,
    output_size: int,
    *,
    max_kernel: int = MAX_KERNEL,
    max_stride: int = MAX_STRIDE,
    max_padding: int = MAX_PADDING,
    max_dilation: int = MAX_DILATION,
) -> tuple[Solution, ...]:
    """Every choice within the limits (inclusive) with ``output_size(i, ...) == o``, 1D.

    Parameters
    ----------
    input_size, output_size : int, at least 1
    max_kernel, max_stride, max_dilation : int, at least 1
    max_padding : int, at least 0

    Returns the solutions sorted even-overlap first, then simplest first (see module doc).
    An empty tuple means no choice within the limits works. Raises ``ValueError`` for a
    size or limit that is not a whole number in range.
    """
    i = whole_number(input_size, "input size", 1)
    o = whole_number(output_size, "output size", 1)
    limits = {
        "largest kernel": (max_kernel, 1),
        "largest stride": (max_stride, 1),
        "largest padding": (max_padding, 0),
        "largest dilation": (max_dilation, 1),
    }
    kmax, smax, pmax, dmax = (whole_number(v, n, lo) for n, (v, lo) in limits.items())
    found = []
    for k in range(1, kmax + 1):
        for d in range(1, dmax + 1):
            for s in range(1, smax + 1):
                verdict = overlap_verdict(k, s, d).kind
                for a in range(max(s, d)):  # PyTorch: a < s or a < d
                    twice_p = (i - 1) * s + d * (k - 1) + a + 1 - o
                    if twice_p < 0 or twice_p % 2 or twice_p // 2 > pmax:
                        continue
                    found.append(Solution(k, s, twice_p // 2, a, d, verdict))
    return tuple(sorted(found, key=Solution.sort_key))
