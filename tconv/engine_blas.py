"""Keep BLAS single-threaded inside the engine, which runs its own threads.

NumPy's bundled OpenBLAS starts its own threads for products above a small size, and on
a busy 2-core machine those threads spin and fight the engine's chunk threads (and
PyTorch's OpenMP threads): measured, a product of 250 us took 5.7 ms of CPU. OpenBLAS
(0.3.27 and later) can set the thread count of the calling thread only, which is what
:func:`single_threaded_blas` does; with any other BLAS it does nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import glob
import os
from collections.abc import Iterator

import numpy as np

_LIBRARY_PATTERNS = ("../numpy.libs/*openblas*", ".dylibs/*openblas*", "../numpy.libs/*.dll")


@functools.cache
def _set_local_threads():
    """OpenBLAS's ``openblas_set_num_threads_local`` from NumPy's own copy, or None."""
    root = os.path.dirname(np.__file__)
    for pattern in _LIBRARY_PATTERNS:
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            try:
                fn = ctypes.CDLL(path).openblas_set_num_threads_local
            except (OSError, AttributeError):
                continue
            fn.restype, fn.argtypes = ctypes.c_int, [ctypes.c_int]
            return fn
    return None


def controllable() -> bool:
    """Whether the BLAS thread count of a thread can be set (NumPy built on OpenBLAS)."""
    return _set_local_threads() is not None


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Within the block, BLAS calls of this thread use one thread; restored afterwards."""
    fn = _set_local_threads()
    if fn is None:
        yield
        return
    previous = fn(1)
    try:
        yield
    finally:
        fn(previous)
