"""tconv.photo.byte_cache: the photo caches' bound in bytes, their single computation per
key, and the release of an upload's entries when no session holds it any more."""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from tconv.photo.byte_cache import ByteCache, HolderCount, MiB, key_mentions, nbytes


@dataclass(frozen=True)
class Result:
    image: np.ndarray
    pillow: np.ndarray
    note: str = ""


def block(mib: int) -> np.ndarray:
    return np.zeros(mib * MiB, np.uint8)


def test_nbytes_counts_arrays_and_bytes_in_dataclasses_and_tuples():
    r = Result(block(2), block(3), "x")
    assert nbytes(r) == 5 * MiB
    assert nbytes((r, b"abc")) == 5 * MiB + 3
    assert nbytes("not data") == 0


def test_the_least_recently_used_entries_go_once_the_bytes_pass_the_budget():
    cache = ByteCache(max_bytes=10 * MiB, max_entries=10)
    for k in "abc":
        cache.get(k, lambda: block(4))  # 12 MiB > 10: "a" goes
    assert len(cache) == 2 and cache.bytes == 8 * MiB
    made = []
    cache.get("b", lambda: made.append("b"))  # a hit: not made again, now most recent
    assert made == []
    cache.get("d", lambda: block(4))  # "c" is the least recently used now
    cache.get("c", lambda: made.append("c") or block(1))
    assert made == ["c"]
    assert cache.bytes <= 10 * MiB


def test_an_entry_larger_than_the_budget_is_kept_alone():
    cache = ByteCache(max_bytes=10 * MiB, max_entries=4)
    cache.get("small", lambda: block(1))
    big = cache.get("big", lambda: block(20))
    assert len(cache) == 1 and cache.bytes == 20 * MiB
    assert cache.get("big", lambda: pytest.fail("made twice")) is big


def test_the_entry_count_still_bounds_small_entries():
    cache = ByteCache(max_bytes=100 * MiB, max_entries=2)
    for k in range(5):
        cache.get(k, lambda: block(1))
    assert len(cache) == 2


def test_one_key_is_made_once_while_several_threads_ask_for_it():
    cache = ByteCache(max_bytes=10 * MiB, max_entries=4)
    calls, got = [], []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return block(1)

    threads = [threading.Thread(target=lambda: got.append(cache.get("k", slow))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert all(g is got[0] for g in got)


def test_a_failed_computation_is_not_cached_and_can_be_retried():
    cache = ByteCache(max_bytes=10 * MiB, max_entries=4)

    def boom():
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        cache.get("k", boom)
    assert len(cache) == 0
    assert cache.get("k", lambda: 7) == 7


def test_drop_removes_the_entries_that_mention_an_upload():
    cache = ByteCache(max_bytes=100 * MiB, max_entries=8)
    cache.get(("d1", 1024), lambda: block(2))
    cache.get((("upload", "d1", 1024), "layer"), lambda: block(3))
    cache.get((("sample", "grace", 1024), "layer"), lambda: block(1))
    assert cache.drop(lambda k: key_mentions(k, "d1")) == 2
    assert len(cache) == 1 and cache.bytes == 1 * MiB


@dataclass(frozen=True)
class Kept:  # like tconv.ui.photo_controls.KeptUpload
    data: bytes
    digest: str


def test_the_last_holder_of_an_upload_going_away_releases_it():
    gone = []
    holders = HolderCount(gone.append)
    a, b = Kept(b"x", "d1"), Kept(b"x", "d1")
    holders.track(a, "d1")
    holders.track(a, "d1")  # once per object
    holders.track(b, "d1")
    assert holders.holders("d1") == 2
    del a
    gc.collect()
    assert gone == [] and holders.holders("d1") == 1
    del b
    gc.collect()
    assert gone == ["d1"] and holders.holders("d1") == 0


@pytest.mark.app
def test_an_upload_nobody_holds_leaves_the_photo_caches():
    """The Photo page: an upload's decoded photo and results are cached while a session
    holds it, and dropped once none does (here the session replaces it by another upload;
    a session that ends lets go of its upload the same way), while the sample's result,
    which any session may ask for, stays."""
    import io

    import streamlit as st
    from PIL import Image

    from tconv.ui import photo_results
    from tests.apptest import app_test

    def png(value: int) -> tuple[str, bytes, str]:
        buf = io.BytesIO()
        Image.fromarray(np.full((300, 400, 3), value, np.uint8)).save(buf, "PNG")
        return f"p{value}.png", buf.getvalue(), "image/png"

    def digests(cache) -> set[str]:
        return {d for d in held if any(key_mentions(k, d) for k in cache.keys())}

    st.cache_resource.clear()
    at = app_test("photo")
    at.button_group(key="photo_source").set_value("Upload").run()
    at.file_uploader(key="photo_upload").set_value(png(90)).run()
    first = at.session_state["photo_kept_upload"].digest
    at.file_uploader(key="photo_upload").set_value(png(200)).run()
    assert not at.exception and not at.error
    second = at.session_state["photo_kept_upload"].digest
    held = {first, second}
    at.run()  # Streamlit's session state lets go of a replaced value at the next run
    gc.collect()
    caches = photo_results._current
    assert digests(caches["load_upload"]) == {second}
    assert digests(caches["run"]) == {second}
    at.button_group(key="photo_source").set_value("Sample").run()
    assert len(caches["run"]) == 2  # the sample's result beside the held upload's
    st.cache_resource.clear()
