"""Speed limits of library calls that used to be asserted in unit tests (wall-clock limits
there failed on a busy machine and measured nothing on an idle one): they are targets here.

- decoding a 12-megapixel JPEG upload down to 1024 px (draft decode + Lanczos), target 2 s;
- refusing a 400-megapixel "bomb" PNG of 200 bytes before decoding it, target 1 s;
- the Shapes page's solver, ``solve(8, o)`` for o = 1 .. 40, per call, target 50 ms.

Median of 5 runs after a warm-up, as measured alternately by :func:`bench.timing.side_by_side`.
"""

from __future__ import annotations

from bench.timing import median, side_by_side
from tconv.arith.solver import solve
from tconv.photo.images import ImageError, decode
from tests.images_factory import bomb_png, photo_jpeg

RUNS = 5


def _refuse(data: bytes) -> None:
    try:
        decode(data)
    except ImageError:
        return
    raise AssertionError("the bomb was decoded")


def _solve_all() -> None:
    for o in range(1, 41):
        solve(8, o)


def rows() -> list[dict]:
    _, jpeg, _ = photo_jpeg(3000, 4000)
    _, bomb, _ = bomb_png()
    times = side_by_side(
        {
            "jpeg": lambda: decode(jpeg, max_side=1024),
            "bomb": lambda: _refuse(bomb),
            "solve": _solve_all,
        },
        RUNS,
    )
    note = f"median of {RUNS} after a warm-up"
    return [
        {
            "case": "Decode a 12 Mpx JPEG to 1024 px",
            "median_ms": round(median(times["jpeg"]), 1),
            "target_ms": 2000,
            "note": note,
        },
        {
            "case": "Refuse a 400 Mpx PNG bomb (200 bytes)",
            "median_ms": round(median(times["bomb"]), 2),
            "target_ms": 1000,
            "note": note,
        },
        {
            "case": "Solver: solve(8, o), per call (o = 1..40)",
            "median_ms": round(median(times["solve"]) / 40, 2),
            "target_ms": 50,
            "note": note,
        },
    ]
