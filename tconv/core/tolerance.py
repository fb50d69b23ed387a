"""One rule for "these two results agree", used by every comparison the app shows.

Two arrays agree when they have the same shape and ``max |ours - reference|`` is at most
``RELATIVE[dtype]`` times the reference's largest magnitude, and never less than
``FLOOR[dtype]`` (so that all-zero results compare equal). float64 sums in a different order
differ by a few ulps of the largest value (1e-16 relative), hence 1e-9 with a wide margin;
float32 ones by about 1e-7 relative per addition, hence 1e-4 for sums of thousands of terms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RELATIVE = {np.dtype(np.float64): 1e-9, np.dtype(np.float32): 1e-4}
FLOOR = {np.dtype(np.float64): 1e-12, np.dtype(np.float32): 1e-6}


def tolerance(scale: float, dtype=np.float64) -> float:
    """The largest difference allowed between results whose largest magnitude is ``scale``."""
    dtype = np.dtype(dtype)
    return max(RELATIVE[dtype] * float(scale), FLOOR[dtype])


@dataclass(frozen=True)
class Agreement:
    """``max |ours - reference|`` and whether it is within ``tolerance``.

    Different shapes never agree (``max_abs_diff`` is inf).
    """

    max_abs_diff: float
    tolerance: float

    @property
    def passed(self) -> bool:
        return self.max_abs_diff <= self.tolerance


def agreement(ours, reference, dtype=np.float64) -> Agreement:
    """Compare two results by the rule for ``dtype`` (the precision they were computed in).

    The arrays are compared as they are (no copy to float64), so a float32 photo costs one
    temporary of its own size.
    """
    ours, reference = np.asarray(ours), np.asarray(reference)
    if ours.shape != reference.shape:
        return Agreement(float("inf"), 0.0)
    diff = float(np.max(np.abs(ours - reference))) if ours.size else 0.0
    scale = float(np.max(np.abs(reference))) if reference.size else 0.0
    return Agreement(diff, tolerance(scale, dtype))
