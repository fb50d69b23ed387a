"""How a call's time depends on how long the machine was idle before it.

The engine table alternates tconv and torch with a short pause between runs. On this
kind of machine the pause itself changes the figures: torch's OpenMP threads go to sleep
when idle, and waking them costs time. This table times each library alone on one
batched case, called back to back, every 20 ms and every 200 ms, so a reader can see how
much of a ratio comes from the idle time rather than from the computation.
"""

from __future__ import annotations

import time

import numpy as np
import torch
import torch.nn.functional as F

from bench.report import Table
from bench.timing import median
from tconv.engine.functional import conv_transpose2d

PAUSES_S = ((0.0, 21), (0.02, 21), (0.2, 9))  # (idle time before each call, runs)
KWARGS = dict(stride=1, padding=1, dilation=2)


def _times(fn, pause: float, runs: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(runs):
        if pause:
            time.sleep(pause)
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def idle_table() -> Table:
    table = Table(
        "Idle time before a call: batched 8x16x64x64 -> 16 ch, k=3 s=1 p=1 d=2, full mixing",
        [
            ("idle before each call", "pause"),
            ("tconv median ms", "tconv"),
            ("torch median ms", "torch"),
            ("torch fastest ms", "torch_min"),
            ("tconv/torch", "ratio"),
        ],
    )
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 16, 64, 64)).astype(np.float32)
    w = (rng.standard_normal((16, 16, 3, 3)) / 8).astype(np.float32)
    xt, wt = torch.from_numpy(x), torch.from_numpy(w)
    for pause, runs in PAUSES_S:
        ours = _times(lambda: conv_transpose2d(x, w, **KWARGS), pause, runs)
        theirs = _times(lambda: F.conv_transpose2d(xt, wt, **KWARGS), pause, runs)
        table.add(
            pause="none (back to back)" if pause == 0 else f"{pause * 1e3:.0f} ms",
            tconv=median(ours),
            torch=median(theirs),
            torch_min=min(theirs),
            ratio=median(ours) / median(theirs),
        )
        print(f"  idle {pause * 1e3:.0f} ms: tconv {median(ours):.2f}, torch {median(theirs):.2f}")
    table.notes = [
        "Each library runs alone here (not alternating), with the given idle time before "
        "each call; medians of 9 to 21 runs after a warm-up.",
    ]
    return table
