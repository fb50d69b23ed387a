"""Direct calls into NumPy's own OpenBLAS: one thread inside the engine's threads, and gemm.

NumPy's bundled OpenBLAS starts its own threads for products above a small size, and on
a busy 2-core machine those threads spin and fight the engine's chunk threads (and
PyTorch's OpenMP threads): measured, a product of 250 us took 5.7 ms of CPU. OpenBLAS
(0.3.27 and later) can set the thread count of the calling thread only, which is what
:func:`single_threaded_blas` does; with any other BLAS it does nothing.
:func:`shifted_products` calls OpenBLAS's CBLAS gemm on windows read in place.

Everything here is optional: when NumPy's BLAS is not an OpenBLAS with these symbols, or
when the environment sets ``TCONV_NO_BLAS=1``, no library is loaded, :func:`gemm_available`
and :func:`controllable` are False and the engine computes with NumPy's ``@`` alone.

Verified on (symbols found, engine equal to torch by tests/test_engine.py):
NumPy 2.4.6 wheel for Linux x86_64, CPython 3.11, scipy-openblas 0.3.31.188.0 (64-bit
integers, DYNAMIC_ARCH; ``scipy_cblas_*gemm64_``, ``openblas_set_num_threads_local``).
Other builds are used only if the same symbols are found; add a line here after running
the tests on one.
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
SWITCH = "TCONV_NO_BLAS"  # set to 1 (or anything but 0) to turn these calls off


def enabled() -> bool:
    """False when the environment's ``TCONV_NO_BLAS`` is set (read on every call)."""
    return os.environ.get(SWITCH, "0").strip() in ("", "0")


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
    return enabled() and _gemm(dtype) is not None


def shifted_products(a: np.ndarray, x: np.ndarray, shifts, size: int, out: np.ndarray) -> None:
    """``out[g] = sum over t of a[g][:, t*K:(t+1)*K] @ x[g][:, shifts[t] : shifts[t] + size]``.

    One gemm per shift accumulating into ``out`` (beta = 1): the shifted windows are read
    in place (leading dimension = the row length of x), so they are never stacked.
    a: (G, M, T*K) C-contiguous; x: (G, K, L) with C-contiguous rows of length L (rows of
    consecutive groups may be any distance apart); out: (G, M, size) C-contiguous; all of
    one dtype with :func:`gemm_available`.

    Raises ``ValueError`` for arrays that break these rules (gemm would read or write
    outside them) and ``RuntimeError`` when gemm is not available.
    """
    if not gemm_available(x.dtype):
        raise RuntimeError(f"no gemm for {x.dtype} (or {SWITCH} is set): use gemm_available")
    fn = _gemm(x.dtype)
    if a.ndim != 3 or x.ndim != 3 or out.ndim != 3 or not len(shifts):
        raise ValueError("a, x and out must be 3D and shifts not empty")
    groups, m, tk = a.shape
    k, item = x.shape[1], x.itemsize
    checks = {
        "a and out must be C-contiguous": a.flags.c_contiguous and out.flags.c_contiguous,
        "x's rows must be contiguous": x.strides[2] == item and x.shape[0] == groups,
        "out must be (G, M, size)": out.shape == (groups, m, size),
        "a must be (G, M, T*K)": tk == k * len(shifts),
        "a, x and out must share one dtype": a.dtype == x.dtype == out.dtype,
        "the windows must lie inside x's rows": min(shifts) >= 0
        and max(shifts) + size <= x.shape[2],
    }
    broken = [rule for rule, ok in checks.items() if not ok]
    if broken:
        raise ValueError("shifted_products: " + "; ".join(broken))
    ldx = x.strides[1] // item
    pa, px, po = a.ctypes.data, x.ctypes.data, out.ctypes.data
    for g in range(groups):
        for t, shift in enumerate(shifts):
            # cblas_?gemm's arguments one group a line (layout, shape; alpha, A; B; beta, C):
            # the grouping is the point, so ruff leaves it as written
            fn(
                _ROW_MAJOR, _NO_TRANS, _NO_TRANS, m, size, k,
                1.0, pa + (g * m * tk + t * k) * item, tk,
                px + g * x.strides[0] + shift * item, ldx,
                1.0 if t else 0.0, po + g * m * size * item, size,
            )  # fmt: skip


@functools.cache
def _core_name() -> str:
    fn = _symbol(("scipy_openblas_get_corename64_", "openblas_get_corename64_"))
    fn = fn or _symbol(("openblas_get_corename",))
    if fn is None:
        return "unknown"
    fn.restype, fn.argtypes = ctypes.c_char_p, []
    return (fn() or b"unknown").decode("ascii", "replace")


def core_name() -> str:
    """The kernel set OpenBLAS chose at load (e.g. "Haswell", "SkylakeX"), "unknown", or
    "off" when ``TCONV_NO_BLAS`` is set."""
    return _core_name() if enabled() else "off"


def controllable() -> bool:
    """Whether the BLAS thread count of a thread can be set (NumPy built on OpenBLAS)."""
    return enabled() and _set_local_threads() is not None


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Within the block, BLAS calls of this thread use one thread; restored afterwards."""
    fn = _set_local_threads() if enabled() else None
    if fn is None:
        yield
        return
    previous = fn(1)
    try:
        yield
    finally:
        fn(previous)
