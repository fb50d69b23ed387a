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
def _libraries() -> tuple[ctypes.CDLL, ...]:
    """The OpenBLAS libraries bundled with NumPy that load."""
    root = os.path.dirname(np.__file__)
    libs = []
    for pattern in _LIBRARY_PATTERNS:
        for path in sorted(glob.glob(os.path.join(root, pattern))):
            try:
                libs.append(ctypes.CDLL(path))
            except OSError:
                continue
    return tuple(libs)


def _symbol(names: tuple[str, ...]):
    for lib in _libraries():
        for name in names:
            try:
                return getattr(lib, name)
            except AttributeError:
                continue
    return None


@functools.cache
def _set_local_threads():
    """OpenBLAS's ``openblas_set_num_threads_local`` from NumPy's own copy, or None."""
    fn = _symbol(("openblas_set_num_threads_local",))
    if fn is not None:
        fn.restype, fn.argtypes = ctypes.c_int, [ctypes.c_int]
    return fn


# CBLAS gemm of NumPy's OpenBLAS, 64-bit integer builds only (the "64_" symbols).
_GEMM = {
    np.dtype(np.float32): (("scipy_cblas_sgemm64_", "cblas_sgemm64_"), ctypes.c_float),
    np.dtype(np.float64): (("scipy_cblas_dgemm64_", "cblas_dgemm64_"), ctypes.c_double),
}
_ROW_MAJOR, _NO_TRANS = 101, 111


@functools.cache
def _gemm(dtype: np.dtype):
    names, scalar = _GEMM.get(np.dtype(dtype), ((), None))
    fn = _symbol(names)
    if fn is not None:
        i64, ptr = ctypes.c_int64, ctypes.c_void_p
        fn.restype = None
        fn.argtypes = [ctypes.c_int] * 3 + [i64] * 3 + [scalar, ptr, i64, ptr, i64]
        fn.argtypes += [scalar, ptr, i64]
    return fn


def gemm_available(dtype: np.dtype) -> bool:
    """Whether :func:`shifted_products` can run for this dtype."""
    return _gemm(dtype) is not None


def shifted_products(a: np.ndarray, x: np.ndarray, shifts, size: int, out: np.ndarray) -> None:
    """``out[g] = sum over t of a[g][:, t*K:(t+1)*K] @ x[g][:, shifts[t] : shifts[t] + size]``.

    One gemm per shift accumulating into ``out`` (beta = 1): the shifted windows are read
    in place (leading dimension = the row length of x), so they are never stacked.
    a: (G, M, T*K) C-contiguous; x: (G, K, L) with C-contiguous rows of length L (rows of
    consecutive groups may be any distance apart); out: (G, M, size) C-contiguous; all of
    one dtype with :func:`gemm_available`.
    """
    fn = _gemm(x.dtype)
    groups, m, tk = a.shape
    k, item = x.shape[1], x.itemsize
    assert a.flags.c_contiguous and out.flags.c_contiguous and x.strides[2] == item
    assert out.shape == (groups, m, size) and tk == k * len(shifts) and a.dtype == x.dtype
    assert max(shifts) + size <= x.shape[2] and out.dtype == x.dtype
    ldx = x.strides[1] // item
    pa, px, po = a.ctypes.data, x.ctypes.data, out.ctypes.data
    for g in range(groups):
        for t, shift in enumerate(shifts):
            fn(
                _ROW_MAJOR, _NO_TRANS, _NO_TRANS, m, size, k,
                1.0, pa + (g * m * tk + t * k) * item, tk,
                px + g * x.strides[0] + shift * item, ldx,
                1.0 if t else 0.0, po + g * m * size * item, size,
            )  # fmt: skip


@functools.cache
def core_name() -> str:
    """The kernel set OpenBLAS chose at load (e.g. "Haswell", "SkylakeX"), or "unknown"."""
    fn = _symbol(("scipy_openblas_get_corename64_", "openblas_get_corename64_"))
    fn = fn or _symbol(("openblas_get_corename",))
    if fn is None:
        return "unknown"
    fn.restype, fn.argtypes = ctypes.c_char_p, []
    return (fn() or b"unknown").decode("ascii", "replace")


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
