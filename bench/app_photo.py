"""Benchmarks of the Photo upsampling page: the server time of a whole page run.

Measured with AppTest (the page's own script, widgets and caches, as a browser would run
it, minus the network): the file goes through the page's file uploader, the caches are
cleared before every timed run so each one decodes and computes from scratch. Median of
5 runs after one warm-up run (imports, first torch call).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from bench.timing import page_run_ms

APP = str(Path(__file__).resolve().parents[1] / "app.py")
RUNS = 5


def _jpeg(h: int, w: int, seed: int = 0) -> bytes:
    """A photo-like JPEG: a colour gradient plus noise (noise keeps the file realistic)."""
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack([255 * c / (w - 1), 255 * r / (h - 1), np.full((h, w), 128, np.float32)], 2)
    noisy = base + rng.normal(0, 12, (h, w, 3)).astype(np.float32)
    buf = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=90)
    return buf.getvalue()


def _page_ms(data: bytes, name: str) -> tuple[float, str]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("pages/photo.py").run()
    at.button_group(key="photo_source").set_value("Upload").run()
    at.file_uploader(key="photo_upload").set_value((name, data, "image/jpeg")).run()  # warm-up
    return page_run_ms(at, RUNS), at.subheader[0].value


def rows() -> list[dict]:
    """Two cases, each the median server time of a full run of the page (ms)."""
    ms, sizes = _page_ms(_jpeg(1024, 1024), "photo_1024.jpg")
    big = _jpeg(3000, 4000, seed=1)
    ms_big, sizes_big = _page_ms(big, "photo_12mpx.jpg")
    note = "AppTest page run, caches cleared, median of 5 after a warm-up"
    return [
        {
            "case": "Photo page: 1024 px JPEG, stride 2, bilinear",
            "median_ms": round(ms, 1),
            "target_ms": 1000,
            "note": f"{note}; {sizes}",
        },
        {
            "case": "Photo page: 12 Mpx JPEG upload, downscaled to 1024 px",
            "median_ms": round(ms_big, 1),
            "target_ms": 2000,
            "note": f"{note}; {len(big) / 1e6:.1f} MB file; {sizes_big}",
        },
    ]


if __name__ == "__main__":
    for row in rows():
        print(row)
