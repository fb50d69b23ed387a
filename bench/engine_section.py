"""The engine table: tconv's fast path against torch and the scatter reference.

Every case is timed side by side in this process (a warm-up, then the candidates
alternate; medians). The scatter reference loops over input cells in Python (3 million
iterations for a 1024x1024 RGB photo), so it is timed only on 64x64 RGB inputs, in rows
of their own where tconv and torch are timed at the same size.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from bench.report import Table
from bench.timing import median, peak_bytes, side_by_side
from tconv.engine.functional import conv_transpose2d, conv_transpose2d_reference

CONFIGS = [  # (label, kernel size, keyword arguments)
    ("k=4 s=2 p=1", 4, dict(stride=2, padding=1)),
    ("k=3 s=2 p=1 a=1", 3, dict(stride=2, padding=1, output_padding=1)),
    ("k=3 s=1 p=1 d=2", 3, dict(stride=1, padding=1, dilation=2)),
]
MIB = 2**20

COLUMNS = [
    ("case", "case"),
    ("output", "output"),
    ("tconv ms", "tconv"),
    ("torch ms", "torch"),
    ("tconv/torch", "ratio"),
    ("fastest runs tconv/torch", "best_ratio"),
    ("target", "target"),
    ("reference ms", "ref"),
    ("reference/tconv", "ref_ratio"),
    ("tconv peak MiB", "peak"),
    ("output MiB", "out_mib"),
    ("max abs diff / max abs", "diff"),
]


def _case(table, label, x, w, groups, kw, runs, target=None, reference=False):
    xt, wt = torch.from_numpy(x), torch.from_numpy(w)
    fns = {
        "tconv": lambda: conv_transpose2d(x, w, groups=groups, **kw),
        "torch": lambda: F.conv_transpose2d(xt, wt, groups=groups, **kw),
    }
    if reference:
        fns["ref"] = lambda: conv_transpose2d_reference(x, w, groups=groups, **kw)
    results = {}
    times = side_by_side(fns, runs, results)
    ms = {name: median(ts) for name, ts in times.items()}
    ours, theirs = results.pop("tconv"), results.pop("torch").numpy()
    results.clear()
    diff = float(np.abs(ours - theirs).max() / max(np.abs(theirs).max(), 1e-30))
    ratio = ms["tconv"] / ms["torch"]
    row = table.add(
        case=label,
        output="x".join(map(str, ours.shape)),
        tconv=ms["tconv"],
        torch=ms["torch"],
        ratio=ratio,
        best_ratio=min(times["tconv"]) / min(times["torch"]),
        target="—" if target is None else f"≤ {target} " + ("yes" if ratio <= target else "NO"),
        ref=ms.get("ref"),
        ref_ratio=ms["ref"] / ms["tconv"] if reference else None,
        peak=peak_bytes(fns["tconv"]) / MIB,
        out_mib=ours.nbytes / MIB,
        diff=diff,
    )
    print(f"  {label}: tconv {ms['tconv']:.1f} ms, torch {ms['torch']:.1f} ms", flush=True)
    return row


def engine_table() -> Table:
    table = Table("Engine: tconv.conv_transpose2d vs torch (float32)", COLUMNS)
    rng = np.random.default_rng(0)
    for size, runs in ((1024, 9), (2048, 7)):
        x = rng.random((1, 3, size, size), dtype=np.float32)
        for name, k, kw in CONFIGS:
            for groups, mix in ((3, "per-channel (groups=3)"), (1, "full mixing")):
                w = rng.standard_normal((3, 3 // groups, k, k)).astype(np.float32)
                label = f"RGB {size}x{size}, {name}, {mix}"
                _case(table, label, x, w, groups, kw, runs, target=1.0)
    xb = rng.standard_normal((8, 16, 64, 64)).astype(np.float32)
    for name, k, kw in CONFIGS:
        for groups, mix in ((1, "full mixing"), (16, "depthwise (groups=16)")):
            w = (rng.standard_normal((16, 16 // groups, k, k)) / 8).astype(np.float32)
            label = f"batched 8x16x64x64 -> 16 ch, {name}, {mix}"
            _case(table, label, xb, w, groups, kw, 21, target=1.5)
    x64 = rng.random((1, 3, 64, 64), dtype=np.float32)
    for name, k, kw in CONFIGS:
        for groups, mix in ((3, "per-channel"), (1, "full mixing")):
            w = rng.standard_normal((3, 3 // groups, k, k)).astype(np.float32)
            label = f"RGB 64x64 (reference size), {name}, {mix}"
            _case(table, label, x64, w, groups, kw, 5, reference=True)
    table.notes = [
        "Times are medians of the runs, measured alternately (tconv, torch[, reference]) "
        "after a warm-up; the target applies to the ratio of medians. 'Fastest runs' "
        "compares the best run of each: on a busy machine torch's two OpenMP threads "
        "often wait for a core, and its best run shows what it does on idle cores. "
        "The scatter reference is a Python loop over input cells, timed "
        "only on 64x64 RGB inputs (the last rows); at 1024x1024 it would run 3 million "
        "iterations. Peak = tracemalloc peak of one tconv call, output included. "
        "max abs diff is against torch, relative to torch's largest output magnitude.",
    ]
    return table
