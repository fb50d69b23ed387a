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


def side_by_side(
    fns: dict[str, Callable[[], object]], runs: int, results: dict | None = None
) -> dict[str, list[float]]:
    """Wall times in ms of each function's runs, measured alternately after one warm-up.

    The warm-up's return values go into ``results`` when given (to check them after).
    """
    for name, fn in fns.items():
        value = fn()
        if results is not None:
            results[name] = value
        del value
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            time.sleep(PAUSE_S)
            t0 = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t0) * 1e3)
    return times


def median(times: list[float]) -> float:
    return statistics.median(times)


def peak_bytes(fn: Callable[[], object]) -> int:
    """Peak bytes allocated while ``fn`` runs (tracemalloc sees NumPy's allocations)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def page_run_ms(at, runs: int, *, clear_caches: bool = True) -> float:
    """Median server time (ms) of re-running an AppTest page `runs` times.

    ``at`` has already run once (the warm-up). With ``clear_caches`` every run starts from
    empty st.cache_data caches. Raises if the page shows an exception or an error.
    """
    import streamlit as st

    times = []
    for _ in range(runs):
        if clear_caches:
            st.cache_data.clear()
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1e3)
    problems = [e.value for e in list(at.exception) + list(at.error)]
    if problems:
        raise RuntimeError(f"the page failed: {problems}")
    return statistics.median(times)
