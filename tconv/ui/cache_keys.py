"""Cache keys that cannot collide: every ``st.cache_data`` of the app hashes arrays in full.

Streamlit hashes a NumPy array of 500 000 elements or more by 100 000 positions sampled
with a fixed, public seed, so two different arrays can share a cache key: one user's
crafted upload could then be served to another user, and a one-pixel edit could return
the old result. Two defences, used together:

- ``FULL_HASH``: pass as ``hash_funcs=FULL_HASH`` to ``st.cache_data`` so that any array
  argument is replaced by :func:`tconv.photo.images.array_digest` (BLAKE2b-256 of its shape,
  dtype and every byte) before Streamlit hashes it. Cheap for the small grids of most
  pages.
- Large arrays (a photo) are digested once, when they are made (``Photo.digest``), and
  passed to the cached function as an underscore argument (not hashed) beside their
  digest (hashed).
"""

from __future__ import annotations

import numpy as np

from tconv.photo.images import array_digest

FULL_HASH = {np.ndarray: array_digest}
