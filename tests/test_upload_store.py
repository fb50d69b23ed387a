"""Uploads leave Streamlit's upload store once the Photo page has kept their bytes.

A real ``streamlit run`` (no browser; the classroom harness's websocket student) and the
server's own metrics endpoint, which reports the upload store's size. Before the release,
every upload stayed in the store beside the page's kept copy: a replacement added a file,
and a session that ended without a shutdown (a closed tab, after the reconnect window)
left its files there for the server's lifetime.
"""

from __future__ import annotations

import io
import re
import urllib.request

import numpy as np
import pytest
from PIL import Image

from classroom.async_run import run_async
from classroom.client import Student
from classroom.server import app_server
from tconv.ui.upload_store import read_and_release, release_upload


def store_bytes(url: str) -> int:
    """Bytes in the server's upload store (its CacheStat, as /_stcore/metrics reports it)."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as r:
        text = r.read().decode()
    found = re.findall(r'cache_memory_bytes\{cache_type="UploadedFileManager"[^}]*\} (\d+)', text)
    return sum(int(n) for n in found)


def png(h: int, w: int, seed: int) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def server():
    with app_server() as srv:
        yield srv


def test_uploads_leave_the_store_when_read_replaced_and_the_session_ends(server):
    first, second = png(200, 300, 1), png(240, 160, 2)
    assert len(first) > 100_000  # noise does not compress: the store would hold it

    async def go():
        s = Student(server.url, timeout=120)
        try:
            await s.open("photo")
            await s.set(photo_source="Upload")
            run = await s.upload("photo_upload", "first.png", first, "image/png")
            assert "200×300 →" in run.text("heading"), run.text()
            assert store_bytes(server.url) == 0  # the page keeps the only copy
            run = await s.set(photo_zoom_x=20)  # a rerun still shows the upload
            assert "200×300 →" in run.text("heading"), run.text()
            assert "no longer on the server" not in run.text()
            run = await s.upload("photo_upload", "second.png", second, "image/png")
            assert "240×160 →" in run.text("heading"), run.text()
            assert store_bytes(server.url) == 0  # the replaced upload is not kept beside
            run = await s.set(photo_stride=3)
            assert "240×160 →" in run.text("heading"), run.text()
        finally:
            await s.close()

    run_async(go())
    assert store_bytes(server.url) == 0  # nothing left once the session has gone


def test_the_release_does_nothing_and_never_raises_outside_a_running_server():
    assert release_upload("no-such-file") is False
    assert release_upload("") is False

    class Upload:
        file_id = "abc"

        def getvalue(self):
            return b"bytes"

    assert read_and_release(Upload()) == b"bytes"
