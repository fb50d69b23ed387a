"""Benchmarks of the "Four views" and "Channels & groups" pages: a whole page run's server time.

Measured with AppTest (the page's script, widgets and caches, minus the network), caches
cleared before every timed run so each one computes every view, the torch checks and the
C heatmap from scratch. Median of 5 runs after one warm-up run (imports, first torch call).
"""

from __future__ import annotations

from pathlib import Path

from bench.timing import page_run_ms

APP = str(Path(__file__).resolve().parents[1] / "app.py")
RUNS = 5
# The largest configuration the Playground allows: 8x8 input, 5x5 kernel, stride 4,
# dilation 3 (39x39 output, C is 64 x 1521, drawn as a heatmap).
BIG = {
    "x": ";".join(",".join(str((3 * r + c) % 7 - 3) for c in range(8)) for r in range(8)),
    "k": ";".join(",".join(str((r + c) % 3 - 1) for c in range(5)) for r in range(5)),
    "s": "4", "p": "2", "a": "2", "d": "3",
}  # fmt: skip


def _page_ms(page: str, query: dict | None = None, widgets: dict | None = None) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    for key, value in (widgets or {}).items():
        at.selectbox(key=key).set_value(value)
    at.run()  # warm-up
    return page_run_ms(at, RUNS)


def rows() -> list[dict]:
    note = "AppTest page run, caches cleared, median of 5 after a warm-up"
    cases = [
        ("Four views page: Example 1 (2x2, kernel 2, stride 2)", "views", None, None, 500),
        ("Four views page: 8x8, kernel 5, stride 4, dilation 3 (C 64x1521 heatmap)", "views",
         BIG, None, 1500),
        ("Channels & groups page: C_in = C_out = 4, 3x3 input, kernel 3, stride 2", "channels",
         {"x": "1,2,0;0,1,2;2,0,1", "k": "0,1,2;2,2,0;0,1,2", "s": "2", "p": "1"},
         {"ch_cin": 4, "ch_cout": 4}, 1000),
    ]  # fmt: skip
    return [
        {"case": case, "median_ms": round(_page_ms(page, query, widgets), 1),
         "target_ms": target, "note": note}
        for case, page, query, widgets, target in cases
    ]  # fmt: skip


if __name__ == "__main__":
    for row in rows():
        print(row)
