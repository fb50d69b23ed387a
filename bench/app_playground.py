"""Benchmarks of the Playground: the server time of a rerun after a parameter change.

Measured with AppTest (the page's script, widgets, caches and the torch cross-check, minus
the network) on an 8x8 input and a 5x5 kernel, loaded through a share link. Each timed
run changes the padding (0 <-> 1), as a learner clicking "+"/"−" would. "Cold" clears the
caches first, so the scatter plan, torch's check and the player's payload are computed
from scratch; "warm" returns to a configuration seen before. Median of 7 runs after one
warm-up run (imports, first torch call).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

from tconv.app.sharelink import encode_grid

APP = str(Path(__file__).resolve().parents[1] / "app.py")
RUNS = 7
TARGET_MS = 150
_rng = np.random.default_rng(0)
QUERY = {
    "x": encode_grid(_rng.integers(-9, 10, (8, 8))),
    "k": encode_grid(_rng.integers(-3, 4, (5, 5))),
}


def _rerun_ms(params: dict, cold: bool) -> float:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {**QUERY, **params}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/playground.py").run()
    padding = at.number_input(key="pg_padding_h")
    padding.set_value(1).run()  # warm-up
    times = []
    for n in range(RUNS):
        if cold:
            st.cache_data.clear()
        t0 = time.perf_counter()
        at.number_input(key="pg_padding_h").set_value(n % 2).run()
        times.append((time.perf_counter() - t0) * 1e3)
        if at.exception or at.error:
            problems = [e.value for e in list(at.exception) + list(at.error)]
            raise RuntimeError(f"the Playground failed: {problems}")
    return statistics.median(times)


def rows() -> list[dict]:
    note = f"AppTest rerun after a padding change, median of {RUNS} after a warm-up"
    cases = [
        ("Playground rerun, 8x8 input, 5x5 kernel, stride 2 (cold: caches cleared)",
         {"s": "2"}, True),
        ("Playground rerun, 8x8 input, 5x5 kernel, stride 2 (warm: seen before)",
         {"s": "2"}, False),
        ("Playground rerun, 8x8, 5x5, stride 4, dilation 3: 41x41 output (cold)",
         {"s": "4", "d": "3"}, True),
    ]  # fmt: skip
    return [
        {"case": case, "median_ms": round(_rerun_ms(params, cold), 1),
         "target_ms": TARGET_MS, "note": note}
        for case, params, cold in cases
    ]  # fmt: skip


if __name__ == "__main__":
    for row in rows():
        print(row)
