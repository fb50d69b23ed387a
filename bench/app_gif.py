"""Benchmarks of the step player's export: the animated GIF and the final PNG.

What a click on the Playground's download buttons costs on the server: the plan is built
once (as the page does), then ``animation_gif`` / ``final_png`` draw every frame from
scratch (payload, Pillow drawing, palette mapping, encoding). Median of 5 runs after one
warm-up run (fonts loaded, first draw).
"""

from __future__ import annotations

import io
import statistics
import time

import numpy as np
from PIL import Image

import tconv
from tconv.render.frames import animation_gif, final_png

RUNS = 5


def _plan():
    """8x8 input, 3x3 kernel, stride 2, padding 1, output_padding 1: 64 steps, 17x17 canvas."""
    rng = np.random.default_rng(0)
    x = rng.integers(-5, 10, (8, 8)).astype(float)
    k = rng.integers(-3, 4, (3, 3)).astype(float)
    return tconv.scatter_plan(x, k, stride=2, padding=1, output_padding=1, bias=0.5)


def _median_ms(fn) -> tuple[float, bytes]:
    data = fn()  # warm-up
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        data = fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times), data


def rows() -> list[dict]:
    plan = _plan()
    gif_ms, gif = _median_ms(lambda: animation_gif(plan))
    png_ms, png = _median_ms(lambda: final_png(plan))
    im = Image.open(io.BytesIO(gif))
    note = f"median of {RUNS} after a warm-up"
    return [
        {
            "case": "GIF export: 8x8 input, 3x3 kernel, stride 2, padding 1, output_padding 1",
            "median_ms": round(gif_ms, 1),
            "target_ms": 2000,
            "note": f"{note}; {im.n_frames} frames, {im.size[0]}x{im.size[1]} px, "
            f"{len(gif) / 1e3:.0f} kB",
        },
        {
            "case": "PNG export (final frame): same configuration",
            "median_ms": round(png_ms, 1),
            "target_ms": 500,
            "note": f"{note}; {len(png) / 1e3:.0f} kB",
        },
    ]


if __name__ == "__main__":
    for row in rows():
        print(row)
