"""Benchmarks of the teacher tools: the worksheet PDF and the Compare page.

The worksheet is drawn with matplotlib's PDF backend when a teacher downloads it (the page
caches it by request): ``pdf_bytes`` for 8 exercises of every kind and for the largest
sheet (24 exercises), median of 5 after a warm-up (fonts loaded). The Compare page is
measured with AppTest, caches cleared before every timed run: the default pair and two
4x4 inputs with 4x4 kernels (the largest the page is laid out for).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.timing import page_run_ms
from tconv.app.exercises import KINDS
from tconv.app.worksheet import check_request, pages, pdf_bytes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
RUNS = 5
BIG_PAIR = {
    "x": "1,2,0,1;0,1,2,0;2,0,1,1;1,1,0,2",
    "a_k": "1,2,1,0;0,1,2,1;1,0,1,2;2,1,0,1", "a_s": "2", "a_p": "1", "a_a": "1", "a_d": "1",
    "b_k": "1,2,1,0;0,1,2,1;1,0,1,2;2,1,0,1", "b_s": "3", "b_p": "0", "b_a": "0", "b_d": "1",
}  # fmt: skip


def _pdf_ms(count: int) -> tuple[float, float, int, int]:
    """Median wall and CPU (this process) milliseconds, the page count and the size."""
    request, _ = check_request("42", list(KINDS), count)
    data = pdf_bytes(request)  # warm-up
    wall, cpu = [], []
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        data = pdf_bytes(request)
        wall.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return statistics.median(wall), statistics.median(cpu), len(pages(request)), len(data)


def _compare_ms(query: dict | None) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/compare.py").run()
    at.run()  # warm-up
    return page_run_ms(at, RUNS)


def rows() -> list[dict]:
    out = []
    for count, target in ((8, 3000), (24, 8000)):
        ms, cpu, n_pages, size = _pdf_ms(count)
        out.append({
            "case": f"Worksheet PDF: {count} exercises of every kind, A4 (seed 42)",
            "median_ms": round(ms, 1), "target_ms": target,
            "note": f"median of {RUNS} after a warm-up (CPU {cpu:.0f} ms); {n_pages} pages, "
            f"{size / 1e3:.0f} kB",
        })  # fmt: skip
    note = "AppTest page run, caches cleared, median of 5 after a warm-up"
    for case, query in (
        ("Compare page: kernel 3 vs kernel 4 on a 3x3 input (the default pair)", None),
        ("Compare page: 4x4 input, 4x4 kernels, stride 2 vs 3", BIG_PAIR),
    ):
        out.append({"case": case, "median_ms": round(_compare_ms(query), 1),
                    "target_ms": 500, "note": note})  # fmt: skip
    return out


if __name__ == "__main__":
    for row in rows():
        print(row)
