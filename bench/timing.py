"""Side-by-side timing: a warm-up, then the candidates alternate run by run.

Alternating (A, B, A, B, ...) rather than timing A then B gives both the same share of
whatever else the machine is doing; a short pause between runs lets spinning worker
threads (OpenMP's, OpenBLAS's) go to sleep before the next run starts.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable

PAUSE_S = 0.02


def side_by_side(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median wall time in ms of each function, measured alternately after one warm-up."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            time.sleep(PAUSE_S)
            t0 = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t0) * 1e3)
    return {name: statistics.median(ts) for name, ts in times.items()}


def median_ms(fn: Callable[[], object], runs: int) -> float:
    return side_by_side({"f": fn}, runs)["f"]


def peak_bytes(fn: Callable[[], object]) -> int:
    """Peak bytes allocated while ``fn`` runs (tracemalloc sees NumPy's allocations)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
