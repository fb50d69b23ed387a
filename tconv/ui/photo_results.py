"""The Photo page's results: shared read-only caches and the computing slots' notices.

The caches hold read-only results shared by every session (a rerun gets the same object
back instead of an unpickled copy of tens of megabytes). Big arrays are keyed by a full
digest of where they came from (:func:`photo_key`), never by Streamlit's hash of the array
itself, which samples arrays over 500 000 values. The photos and results are bounded by
bytes as well as entries (:class:`tconv.photo.byte_cache.ByteCache`, :data:`BUDGETS`), and
an upload's entries go as soon as no session holds that upload any more (the session
ended or replaced it), so a class leaves only the samples' entries behind.
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
import streamlit as st

from tconv.photo.byte_cache import ByteCache, HolderCount, MiB, key_mentions
from tconv.photo.images import Photo, decode, display_jpeg, sample, to_uint8
from tconv.photo.workgate import PHOTO_GATE
from tconv.ui import photo_controls as controls
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.photo_settings import Layer


def _frozen(*arrays) -> None:
    for a in arrays:
        a.flags.writeable = False


# (bytes, entries) per cache: two 2048 px uploads decoded (36 MiB each) or four at 1024 px;
# one 4096 x 4096 result (96 MiB with Pillow's beside it) or two smaller ones.
BUDGETS = {"load_upload": (96 * MiB, 4), "load_sample": (64 * MiB, 8), "run": (128 * MiB, 2)}


@st.cache_resource(show_spinner=False, hash_funcs=FULL_HASH)
def _caches() -> dict[str, ByteCache]:
    """The caches, once per process (``st.cache_resource.clear()`` starts new ones)."""
    caches = {name: ByteCache(*budget) for name, budget in BUDGETS.items()}
    _current.update(caches)
    return caches


_current: dict[str, ByteCache] = {}  # the caches in use, for the holders' callback


def _forget_upload(digest: str) -> None:
    """No session holds this upload any more: drop its decoded photo and results."""
    for cache in list(_current.values()):
        cache.drop(lambda key: key_mentions(key, digest))


UPLOAD_HOLDERS = HolderCount(_forget_upload)


def _cached(spinner: str | None):
    """Cache the function's value in its :func:`_caches` entry, keyed by its arguments
    whose names do not start with ``_`` (as st.cache_resource does)."""

    def wrap(fn):
        names = list(inspect.signature(fn).parameters)

        @functools.wraps(fn)
        def call(*args):
            key = tuple(a for n, a in zip(names, args, strict=True) if not n.startswith("_"))

            def make():
                if spinner is None:
                    return fn(*args)
                with st.spinner(spinner):
                    return fn(*args)

            return _caches()[fn.__name__].get(key, make)

        return call

    return wrap


@_cached("Decoding…")
def load_upload(upload_digest: str, _data: bytes, max_side: int) -> Photo:
    with PHOTO_GATE.slot():  # at most K heavy computations at once, for all sessions
        photo = decode(_data, max_side)
    _frozen(photo.pixels)
    return photo


@_cached(None)
def load_sample(name: str, max_side: int) -> Photo:
    photo = sample(name, max_side)
    _frozen(photo.pixels)
    return photo


def photo_key(choice, max_side: int) -> tuple:
    """What identifies the photo's pixels: the sample's name or the upload's digest."""
    kind, value = choice
    if kind == "upload":  # a KeptUpload: its BLAKE2b digest, computed when it arrived
        UPLOAD_HOLDERS.track(value, value.digest)  # its entries go when no session holds it
        value = value.digest
    return kind, value, max_side


@_cached("Upsampling…")
def run(key, layer_key: str, _pixels, _layer: Layer):
    """The photo identified by ``key`` through the layer identified by ``layer_key``."""
    with PHOTO_GATE.slot():
        res = _layer.upsample(_pixels)
    _frozen(res.image, res.pillow)
    return res


@st.cache_resource(max_entries=4, show_spinner=False, hash_funcs=FULL_HASH)
def jpeg(key, _image: np.ndarray) -> bytes:
    """The display JPEG of an image identified by ``key`` (encoded once)."""
    return display_jpeg(_image)


def announce_wait(notice) -> None:
    """Say so while every computing slot is taken (a cached result does not wait)."""
    if not PHOTO_GATE.free():
        notice.info(
            "Waiting for a free slot: the server computes at most "
            f"{PHOTO_GATE.slots} photos at once, and other learners' photos are being "
            "computed. Yours starts as soon as one of them finishes.",
            icon="⏳",
        )


def settle(notice) -> None:
    """After the heavy calls: how long this run waited for a slot, or nothing."""
    waited = PHOTO_GATE.last_wait()
    if waited >= 0.1:
        notice.caption(
            f"Waited {waited:.1f} s for a free slot (at most {PHOTO_GATE.slots} photos are "
            "computed at once)."
        )
    else:
        notice.empty()


def show(image: np.ndarray, caption: str, key) -> None:
    """Small images with hard pixel edges at the column's width; photos as JPEG (a PNG of
    a megapixel photo takes about a second to encode; the zoomed crops are exact).
    ``image`` is uint8 or float in [0, 1] (a photo's pixels: converted only when encoded)."""
    if max(image.shape[:2]) <= 400:
        controls.pixel_image(image if image.dtype == np.uint8 else to_uint8(image), caption)
    else:
        st.image(jpeg(key, image), caption=caption)
