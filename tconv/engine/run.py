"""The fast engine behind :func:`tconv.conv_transpose2d`: sub-pixel phases as matrix products.

The algorithm (see :mod:`tconv.engine.plan` for the phase/tap derivation):

1. The output splits into ``s_h * s_w`` phases; phase ``(ph_h, ph_w)`` holds the cells
   ``(ph_h + m*s_h, ph_w + n*s_w)`` and each is a small correlation of the input with the
   taps that land there. Every output cell is written once; no zero is multiplied.
2. The input is processed in chunks of rows (or of whole images when they are small),
   copied into a zero-bordered block laid out row-major with a fixed width. In that flat
   layout, "the input shifted by (a, b)" is one contiguous slice at ``a*width + b``, so the
   T taps of a phase stack into a (T*C_in, positions) matrix with T plain copies (im2col
   without index arithmetic); cells that would read past the input read the zero border.
3. One BLAS product ``(C_out, T*C_in) @ (T*C_in, positions)`` per phase and chunk gives the
   phase's outputs, which are copied into the strided output view; the chunk's columns
   beyond the phase's width are scratch and are dropped. With few output channels all
   phases share one product over the union of their shifts (fewer, larger products).
   With 8 or more input channels per group the windows are not stacked: one gemm per
   shift reads its window in place and accumulates (beta = 1) into the phase's result.
   Groups are a batch of products, one per group. Depthwise weights with many groups
   (groups == C_in >= 5) skip BLAS, whose calls would be tiny: each phase is a sum over
   taps of ``w_t * shifted window``, in-place multiply-adds on contiguous slices.
4. Chunks hold a few MiB of scratch. Outputs of 4M values and more run on a small thread
   pool (NumPy and BLAS release the GIL): every thread takes the next chunk from a shared
   counter and keeps its own scratch buffers, and BLAS stays single-threaded inside them
   (:mod:`tconv.engine.blas`). Smaller problems run on the calling thread alone, batches
   of many channels included: their chunks are many BLAS calls of tens of microseconds,
   and a thread waiting for the GIL between such calls rarely gets it (the thread that
   released it for a call takes it back before the waiting one wakes up), so a second
   thread measured slower than one on every batched case of ``make bench`` (10-45% in
   two side-by-side runs).
   Peak memory: the output plus scratch of at most its size (at least 2**15 values),
   shared among the threads that run.

Why one module over 300 lines: one algorithm (chunking, the passes, the threads) whose parts share
the chunk geometry; split, each part would need the others' private state.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from tconv.core.problem import Problem
from tconv.engine.blas import gemm_available, shifted_products, single_threaded_blas
from tconv.engine.plan import AxisPlan, Pass, axis_plan, make_passes
from tconv.engine.priority import niceness, thread_nice

CHUNK_ELEMENTS = 1 << 20  # scratch per chunk (input block + stacked taps + result), in values
CHUNK_MIN_ELEMENTS = 1 << 15  # ... but at least this much, however small the output
PARALLEL_MIN_OUTPUT = 1 << 22  # from this many output values, threads pay off

TAP_SUM_MIN_GROUPS = 5  # depthwise with this many groups: multiply-adds instead of BLAS
MERGE_MAX_CHANNELS = 4  # up to this C_out/groups, all phases share one product
ACCUMULATE_MIN_CHANNELS = 8  # from this C_in/groups, one gemm per shift instead of stacking

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def threads() -> int:
    """The number of worker threads: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _executor() -> ThreadPoolExecutor:
    """One pool for the process, created on first use (several sessions may race here)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=threads(), thread_name_prefix="tconv-engine")
        return _pool


class _Scratch:
    """One thread's reusable flat buffers, grown on demand."""

    def __init__(self, dtype: np.dtype):
        self.dtype = dtype
        self.bufs: dict[str, np.ndarray] = {}

    def get(self, name: str, size: int) -> np.ndarray:
        buf = self.bufs.get(name)
        if buf is None or buf.size < size:
            buf = self.bufs[name] = np.empty(size, dtype=self.dtype)
        return buf[:size]


KEEP_SCRATCH = False  # True: each thread keeps its scratch between calls (5-15% faster on
# small batched calls, but every server thread then holds a few MiB, and peak memory
# measured after a warm-up no longer shows the scratch). Off: memory is returned.
_local = threading.local()


def _thread_scratch(dtype: np.dtype) -> _Scratch:
    """This thread's scratch for ``dtype``, kept between calls (no fresh pages per call)."""
    kept = getattr(_local, "scratch", None)
    if kept is None:
        kept = _local.scratch = {}
    if dtype not in kept:
        kept[dtype] = _Scratch(dtype)
    return kept[dtype]


class _Job:
    """A validated problem laid out for the chunked sub-pixel computation."""

    def __init__(self, pr: Problem):
        self.x = pr.x
        n, c_in, h, w = pr.x.shape
        kh, kw = pr.weight.shape[2:]
        (sh, sw), (p_h, p_w) = pr.params.stride, pr.params.padding
        dh, dw = pr.params.dilation
        oh, ow = pr.out_hw
        self.ah: AxisPlan = axis_plan(h, kh, sh, p_h, dh, oh)
        self.aw: AxisPlan = axis_plan(w, kw, sw, p_w, dw, ow)
        self.block_w = self.aw.grid + self.aw.span
        c_out = pr.out_channels
        # Many one-channel groups make many tiny BLAS calls: multiply-adds are cheaper.
        self.tap_sum = pr.groups == c_in >= TAP_SUM_MIN_GROUPS
        merge = not self.tap_sum and c_out // pr.groups <= MERGE_MAX_CHANNELS
        # Enough input channels per group: one gemm per shift, on the windows in place.
        self.accumulate = (
            not self.tap_sum
            and c_in // pr.groups >= ACCUMULATE_MIN_CHANNELS
            and gemm_available(pr.x.dtype)
        )
        self.passes: list[Pass] = make_passes(
            pr.weight, pr.groups, self.ah, self.aw, self.block_w, merge
        )
        self.groups = pr.groups
        self.out = np.empty((n, c_out, oh, ow), dtype=pr.x.dtype)
        self._zero_empty_phases()
        self.workers = threads() if self.out.size >= PARALLEL_MIN_OUTPUT else 1
        self.chunks = self._chunks()

    def _zero_empty_phases(self) -> None:
        """Phases that no tap reaches (holes when k*d is sparse for s) are zero."""
        for rph in self.ah.phases:
            for cph in self.aw.phases:
                if not (rph.taps and cph.taps) and rph.count and cph.count:
                    rows = self.ah.positions(rph, 0, rph.count)
                    cols = self.aw.positions(cph, 0, cph.count)
                    self.out[:, :, rows, cols] = 0

    def _chunks(self) -> list[tuple[int, int, int, int]]:
        """(n0, n1, m0, m1): images n0..n1-1, phase rows m0..m1-1; sized for the cache."""
        if not self.passes:
            return []
        n, c_in = self.x.shape[:2]
        # values per block position: input block, stacked windows (BLAS), result (+ temp)
        rows_y = max(pa.weight.shape[0] * pa.weight.shape[1] for pa in self.passes)
        stacked = [pa.weight.shape[2] for pa in self.passes if len(pa.shifts) > 1]
        stack = 0 if self.tap_sum or self.accumulate else max(stacked, default=0)
        per_row = self.block_w * (c_in + self.groups * stack + 2 * rows_y)
        # Scratch of all threads together stays below the output's size (memory bound).
        budget = min(CHUNK_ELEMENTS, max(CHUNK_MIN_ELEMENTS, self.out.size // self.workers))
        grid_h, span_h = self.ah.grid, self.ah.span
        if (grid_h + span_h) * per_row <= budget:
            step = max(1, budget // ((grid_h + span_h) * per_row))
            step = -(-n // -(-n // step))  # equal chunks: 8 images in 4 + 4, not 5 + 3
            return [(i, min(n, i + step), 0, grid_h) for i in range(0, n, step)]
        rows = max(1, budget // per_row - span_h)
        return [
            (i, i + 1, m, min(grid_h, m + rows)) for i in range(n) for m in range(0, grid_h, rows)
        ]

    def run(self) -> np.ndarray:
        """Compute every chunk; helper threads and this one take the next chunk when free.

        Taking chunks from a shared counter (not a fixed half each) keeps both cores busy
        even when another process holds one of them for a while.
        """
        workers = min(self.workers, len(self.chunks))
        counter = itertools.count()
        if workers < 2:
            self._work(counter)
        else:
            nice = thread_nice()  # helpers yield the cores as much as their caller does
            helpers = [_executor().submit(self._work, counter, nice) for _ in range(workers - 1)]
            self._work(counter)
            for f in helpers:
                f.result()
        return self.out

    def _work(self, counter: Iterator[int], nice: int | None = None) -> None:
        scratch = _thread_scratch(self.x.dtype) if KEEP_SCRATCH else _Scratch(self.x.dtype)
        with niceness(nice), single_threaded_blas():
            while (i := next(counter)) < len(self.chunks):
                self._chunk(scratch, *self.chunks[i])

    def _block(self, scratch: _Scratch, n0: int, n1: int, m0: int, m1: int) -> np.ndarray:
        """The zero-bordered input of a chunk, flat per channel: (C_in, length).

        Block row j of image i is input row ``m0 + base_h + j``, column c is input column
        ``base_w + c``; images follow each other, then ``span_w`` zeros of slack (the last
        row's shifted windows read past the block).
        """
        x, ah, aw, bw = self.x, self.ah, self.aw, self.block_w
        c_in, h, w = x.shape[1:]
        nimg, block_h = n1 - n0, m1 - m0 + ah.span
        flat = scratch.get("x", c_in * (nimg * block_h * bw + aw.span)).reshape(c_in, -1)
        xb = flat[:, : nimg * block_h * bw].reshape(c_in, nimg, block_h, bw)
        flat[:, nimg * block_h * bw :] = 0
        top = m0 + ah.base
        j0, j1 = max(0, -top), max(0, min(block_h, h - top))
        c0, c1 = max(0, -aw.base), max(0, min(bw, w - aw.base))
        xb[:, :, :j0] = 0
        xb[:, :, j1:] = 0
        xb[:, :, j0:j1, :c0] = 0
        xb[:, :, j0:j1, c1:] = 0
        if j0 < j1 and c0 < c1:
            src = x[n0:n1, :, top + j0 : top + j1, aw.base + c0 : aw.base + c1]
            xb[:, :, j0:j1, c0:c1] = src.transpose(1, 0, 2, 3)
        return flat

    def _chunk(self, scratch: _Scratch, n0: int, n1: int, m0: int, m1: int) -> None:
        nimg, rows = n1 - n0, m1 - m0
        block_h = rows + self.ah.span
        block = block_h * self.block_w
        size = ((nimg - 1) * block_h + rows) * self.block_w  # positions, scratch included
        flat = self._block(scratch, n0, n1, m0, m1)
        xg = flat.reshape(self.groups, flat.shape[0] // self.groups, flat.shape[1])
        for pa in self.passes:
            if self.tap_sum:
                y = _tap_sum(scratch, pa, xg, size)
            else:
                y = _product(scratch, pa, xg, size, self.accumulate)
            self._store(y, pa, n0, n1, m0, m1, block)

    def _store(self, y, pa: Pass, n0: int, n1: int, m0: int, m1: int, block: int) -> None:
        """Copy each phase's rows of y (groups, P*cout_g, size) into the strided output."""
        groups = y.shape[0]
        cout_g = y.shape[1] // len(pa.phases)
        item, bw, nimg = y.itemsize, self.block_w, n1 - n0
        out = self.out[n0:n1].reshape(nimg, groups, cout_g, *self.out.shape[2:])
        size = y.shape[2]
        for k, (rph, cph) in enumerate(pa.phases):
            prows = min(m1, rph.count) - m0
            if prows <= 0:
                continue
            # Phase k's rows of y as (groups, cout_g, image, row, column): a strided view.
            src = np.ndarray(
                (groups, cout_g, nimg, prows, cph.count),
                y.dtype,
                buffer=y,
                offset=k * cout_g * size * item,
                strides=(y.strides[0], size * item, block * item, bw * item, item),
            )
            dst = out[:, :, :, self.ah.positions(rph, m0, m0 + prows)]
            dst[..., self.aw.positions(cph, 0, cph.count)] = src.transpose(2, 0, 1, 3, 4)


def _product(scratch: _Scratch, pa: Pass, xg: np.ndarray, size: int, accumulate: bool):
    """y = W @ (the T shifted windows stacked): (groups, P*cout_g, size).

    With ``accumulate``, y is the sum over shifts of one gemm each on the window in place
    (:func:`tconv.engine.blas.shifted_products`): no stacked copy, same products.
    """
    groups, rows_y, cols_w = pa.weight.shape
    cin_g = xg.shape[1]
    y = scratch.get("y", groups * rows_y * size).reshape(groups, rows_y, size)
    if accumulate and len(pa.shifts) > 1:
        shifted_products(pa.weight, xg, pa.shifts, size, y)
        return y
    if len(pa.shifts) == 1:
        stacked = xg[:, :, pa.shifts[0] : pa.shifts[0] + size]
    else:
        stacked = scratch.get("p", groups * cols_w * size).reshape(
            groups, len(pa.shifts), cin_g, size
        )
        for t, shift in enumerate(pa.shifts):
            stacked[:, t] = xg[:, :, shift : shift + size]
        stacked = stacked.reshape(groups, cols_w, size)
    return np.matmul(pa.weight, stacked, out=y)


def _tap_sum(scratch: _Scratch, pa: Pass, xg: np.ndarray, size: int) -> np.ndarray:
    """Depthwise (one input channel per group): y = sum over taps of w_t * shifted input."""
    groups, rows_y, taps = pa.weight.shape
    y = scratch.get("y", groups * rows_y * size).reshape(groups, rows_y, size)
    tmp = scratch.get("t", groups * rows_y * size).reshape(groups, rows_y, size)
    for t, shift in enumerate(pa.shifts):
        src = xg[:, :, shift : shift + size]  # (groups, 1, size)
        wt = pa.weight[:, :, t, None]  # (groups, rows_y, 1)
        if t == 0:
            np.multiply(src, wt, out=y)
        else:
            np.multiply(src, wt, out=tmp)
            np.add(y, tmp, out=y)
    return y


def compute(pr: Problem) -> np.ndarray:
    """Return the output (N, C_out, H_out, W_out) of a validated problem, without bias.

    Same result as the scatter reference; float32 stays float32 (BLAS accumulates each
    output as one dot product of length T*C_in/groups).
    """
    return _Job(pr).run()
