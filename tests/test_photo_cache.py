"""The Photo page's caches cannot be poisoned: a crafted upload that matches the bundled
sample at every position Streamlit's array hash samples must not change what a fresh
session sees, and a one-value edit of an upload must give a new result.

Streamlit hashes a NumPy array of 500 000 elements or more by 100 000 positions drawn
with a fixed seed (``runner.cacheHashSeed``, 0 by default). The sample photo's pixels
(600 x 512 x 3 = 921 600 values) are such an array.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
import streamlit as st
from PIL import Image

from tests.apptest import app_test

SAMPLE_SIZE = 100_000  # what streamlit.runtime.caching.hashing samples from large arrays


def sample_uint8() -> np.ndarray:
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        return np.asarray(Image.open(io.BytesIO(fh.read())).convert("RGB"))


def sampled_positions(size: int, seed: int = 0) -> np.ndarray:
    """The flat indices Streamlit's hasher reads: ``RandomState(seed).choice(flat, n)``
    depends only on the array's length, so choosing from ``arange`` gives the indices."""
    return np.random.RandomState(seed).choice(np.arange(size), size=SAMPLE_SIZE)


def png(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


def test_sampled_positions_are_streamlits():
    """The collision below really reproduces Streamlit's sampled hash (else it proves
    nothing): two arrays equal at the sampled positions hash alike, and a change at a
    sampled position changes the hash."""
    import hashlib

    from streamlit.runtime.caching.cache_type import CacheType
    from streamlit.runtime.caching.hashing import update_hash

    def key(a):
        h = hashlib.new("md5")
        update_hash(a, h, CacheType.DATA)
        return h.hexdigest()

    real = sample_uint8().astype(np.float32) / 255
    pos = sampled_positions(real.size)
    fake = (1 - real).ravel()
    fake[pos] = real.ravel()[pos]
    fake = fake.reshape(real.shape)
    assert key(fake) == key(real)
    fake.ravel()[pos[0]] += 0.5
    assert key(fake) != key(real)


def crafted_collision() -> bytes:
    """A 600x512 PNG equal to the sample at the sampled positions, inverted elsewhere."""
    real = sample_uint8()
    pos = sampled_positions(real.size)
    fake = (255 - real).ravel()
    fake[pos] = real.ravel()[pos]
    return png(fake.reshape(real.shape))


def crop_html(at) -> str:
    """The zoomed crop of the result (an inline PNG), which shows the computed pixels."""
    figures = [m.value for m in at.markdown if "<figure" in m.value and "Transposed" in m.value]
    assert figures, "the zoomed crop of the result is missing"
    return figures[-1]


def upload(at, name: str, data: bytes):
    at.button_group(key="photo_source").set_value("Upload").run()
    at.file_uploader(key="photo_upload").set_value((name, data, "image/png")).run()
    assert not at.exception and not at.error
    return at


@pytest.fixture(autouse=True)
def clear_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_a_crafted_upload_does_not_replace_a_fresh_sessions_sample():
    baseline = crop_html(app_test("photo"))  # what a fresh session shows
    attacker = app_test("photo")
    st.cache_data.clear()  # the crafted upload is the first computation cached
    st.cache_resource.clear()
    upload(attacker, "x.png", crafted_collision())
    assert crop_html(attacker) != baseline  # the attacker's own picture is different
    victim = app_test("photo")  # a fresh session, defaults: the sample photo
    assert not victim.exception and not victim.error
    assert crop_html(victim) == baseline


def test_a_one_value_edit_of_an_upload_gives_a_new_result():
    real = sample_uint8()
    pos = set(sampled_positions(real.size).tolist())
    # a value inside the zoomed crop (centre of the 1200x1024 output) that is not sampled
    flat = next(
        i
        for r in range(298, 302)
        for c in range(254, 258)
        for ch in range(3)
        if (i := np.ravel_multi_index((r, c, ch), real.shape)) not in pos
    )
    edited = real.copy()
    edited.ravel()[flat] = (int(real.ravel()[flat]) + 128) % 256
    at = upload(app_test("photo"), "photo.png", png(real))
    first = crop_html(at)
    at.file_uploader(key="photo_upload").set_value(("photo.png", png(edited), "image/png")).run()
    assert not at.exception and not at.error
    assert crop_html(at) != first
