"""Upsampling a photo with a transposed convolution, and everything a learner checks.

A photo is ``pixels`` (H, W, 3) float32 in [0, 1]; it goes to the engine as (1, 3, H, W)
with a weight in PyTorch's layout (see :mod:`tconv.photo.upsample_kernels` for the presets).
:func:`upsample` returns one frozen :class:`UpsampleResult`: the image, its sizes and the
filled-in formula, the torch cross-check (float32; on windows of a large result, see
:mod:`tconv.photo.torch_window`) and both timings, the overlap counts
and their verdict, the darkening of the borders, optional normalisation by the overlap,
and Pillow's ordinary resize to the same size with the PSNR between the two.

The output is capped at :data:`MAX_OUTPUT_PIXELS` per channel (4096 x 4096, about 200 MB
as float32 RGB): a larger request raises :class:`OutputTooLarge` before any computation.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from tconv.arith.overlap import OverlapVerdict, overlap_count_1d, overlap_verdict
from tconv.core.crosscheck import CrossCheck
from tconv.core.params import AXES, TConvParams, transposed_size
from tconv.engine.functional import conv_transpose2d
from tconv.photo.torch_window import describe, is_whole, window_check, windows

MAX_OUTPUT_PIXELS = 4096 * 4096


class OutputTooLarge(ValueError):
    """The requested output exceeds :data:`MAX_OUTPUT_PIXELS`; the message says what to do."""


def tap_hits(input_size, kernel_size, stride, padding, output_size, dilation) -> np.ndarray:
    """1D: ``hits[u, j] = 1`` when tap u of some input cell lands on output cell j.

    Summing over u gives the 1D overlap count (:func:`tconv.arith.overlap.overlap_count_1d`).
    """
    hits = np.zeros((kernel_size, output_size), dtype=np.float64)
    for u in range(kernel_size):
        pos = np.arange(input_size) * stride + u * dilation - padding
        hits[u, pos[(pos >= 0) & (pos < output_size)]] = 1.0
    return hits


def coverage(
    weight, groups, params: TConvParams, input_hw, output_hw, rows=slice(None), cols=slice(None)
) -> np.ndarray:
    """What a white image (all ones) becomes: (C_out, H_out, W_out) float32.

    Cell (j1, j2) of output colour co sums the weights of every tap landing on it:
    ``hits_h.T @ K_co @ hits_w`` with ``K_co = sum over ci of weight[ci, co]``. For a kernel
    of ones this is the overlap count. Dividing by it is "normalising by the overlap".
    ``rows`` and ``cols`` (slices or index lists) select a part of the output cheaply.
    """
    kh, kw = weight.shape[2:]
    ah = tap_hits(
        input_hw[0], kh, params.stride[0], params.padding[0], output_hw[0], params.dilation[0]
    )
    aw = tap_hits(
        input_hw[1], kw, params.stride[1], params.padding[1], output_hw[1], params.dilation[1]
    )
    ah, aw = ah[:, rows], aw[:, cols]
    cin_g, cout_g = weight.shape[0] // groups, weight.shape[1]
    out = []
    for co in range(cout_g * groups):
        g = co // cout_g
        k_co = weight[g * cin_g : (g + 1) * cin_g, co % cout_g].sum(axis=0).astype(np.float64)
        out.append((ah.T @ k_co @ aw).astype(np.float32))
    return np.stack(out)


def _white_factors(weight, groups, params: TConvParams, input_hw, output_hw, co: int):
    """:func:`coverage` of output colour ``co`` as the product ``ah.T @ m`` (float64):
    ``ah`` (kH, H_out) and ``m = K_co @ aw`` (kH, W_out), so that bands of rows are cheap."""
    kh, kw = weight.shape[2:]
    ah = tap_hits(
        input_hw[0], kh, params.stride[0], params.padding[0], output_hw[0], params.dilation[0]
    )
    aw = tap_hits(
        input_hw[1], kw, params.stride[1], params.padding[1], output_hw[1], params.dilation[1]
    )
    cin_g, cout_g = weight.shape[0] // groups, weight.shape[1]
    g = co // cout_g
    k_co = weight[g * cin_g : (g + 1) * cin_g, co % cout_g].sum(axis=0).astype(np.float64)
    return ah, k_co @ aw


def _resized(channel: np.ndarray, size_hw, resample) -> Image.Image:
    """Pillow's resize of one (H, W) channel in 32-bit float (mode "F"), as a Pillow image:
    :func:`_rows` reads it out a band at a time. (``np.array`` of the whole image copies
    it through ``tobytes`` in one call that holds the GIL: about 0.1-0.4 s at 4096 px,
    during which no other session's script can run.)"""
    im = Image.fromarray(np.ascontiguousarray(channel, dtype=np.float32))
    return im.resize((size_hw[1], size_hw[0]), resample)


def _rows(im: Image.Image, rows: slice) -> np.ndarray:
    """Rows ``rows`` of a mode "F" image as float32, clipped to [0, 1]: exactly those rows
    of the whole image (Pillow's crop copies them; nothing is resampled again)."""
    out = np.array(im.crop((0, rows.start, im.width, rows.stop)), dtype=np.float32)
    return np.clip(out, 0.0, 1.0, out=out)


BAND_VALUES = 1 << 18  # values per band of rows when the result is finished (at least)
BANDS = 16  # bands per channel at most: each band is a few NumPy calls, each of which
# takes the GIL back from the other sessions' scripts when it ends


def _bands(out_hw) -> list[slice]:
    rows = max(1, BAND_VALUES // out_hw[1], math.ceil(out_hw[0] / BANDS))
    return [slice(r, min(out_hw[0], r + rows)) for r in range(0, out_hw[0], rows)]


def _store_uint8(clipped: np.ndarray, out: np.ndarray) -> None:
    """:func:`tconv.photo.images.to_uint8` of values already in [0, 1], into ``out``:
    two passes in place instead of four (each a call that holds the GIL a moment)."""
    clipped *= 255.0
    clipped += 0.5
    out[...] = clipped  # the cast truncates, as astype does: rounded to nearest


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB of two images in [0, 1] (inf when identical)."""
    mse = float(np.mean(np.square(a - b), dtype=np.float64))
    return math.inf if mse == 0 else 10 * math.log10(1.0 / mse)


def formula(input_hw, kernel_hw, params: TConvParams) -> str:
    """The output-size formula filled in, one line per axis."""
    lines = []
    for ax in range(2):
        i, k = input_hw[ax], kernel_hw[ax]
        s, p = params.stride[ax], params.padding[ax]
        d, a = params.dilation[ax], params.output_padding[ax]
        o = transposed_size(i, k, s, p, a, d)
        lines.append(f"{AXES[ax]}: ({i} − 1)·{s} − 2·{p} + {d}·({k} − 1) + {a} + 1 = {o}")
    return "\n".join(lines)


@dataclass(frozen=True, eq=False)
class UpsampleResult:
    """One upsampled photo, ready to show. Sizes are (height, width)."""

    image: np.ndarray  # uint8 (H_out, W_out, 3): ours, clipped to [0, 1]
    pillow: np.ndarray  # uint8 (H_out, W_out, 3): Pillow's resize to the same size
    input_hw: tuple[int, int]
    output_hw: tuple[int, int]
    formula: str
    weight_shape: tuple[int, ...]
    groups: int
    normalised: bool
    tconv_ms: float
    torch_ms: float
    check: CrossCheck
    checked: str  # what torch checked: the whole result or its windows (in words)
    checked_whole: bool  # torch checked the whole result (not windows of it)
    psnr_db: float
    count_rows: np.ndarray  # (H_out,) 1D overlap count; the 2D count is their outer product
    count_cols: np.ndarray  # (W_out,)
    verdict: OverlapVerdict
    edge_ratio: float  # white-image value at the top-left corner / its interior mean
    clipped: float  # fraction of values outside [0, 1] before clipping

    def counts(self, rows: slice, cols: slice) -> np.ndarray:
        """The 2D overlap count on a crop of the output."""
        return np.outer(self.count_rows[rows], self.count_cols[cols])


def upsample(
    pixels: np.ndarray,
    weight: np.ndarray,
    groups: int,
    stride=1,
    padding=0,
    output_padding=0,
    dilation=1,
    normalise: bool = False,
    pillow_resample: str = "bilinear",
    max_output_pixels: int = MAX_OUTPUT_PIXELS,
) -> UpsampleResult:
    """Upsample ``pixels`` (H, W, 3) with ``tconv.conv_transpose2d`` and explain it.

    Raises ``ValueError`` (from :mod:`tconv.core.params`) for parameters PyTorch rejects, and
    :class:`OutputTooLarge` when the output would exceed ``max_output_pixels``.
    """
    params = TConvParams.make(stride, padding, output_padding, dilation)
    weight = np.ascontiguousarray(weight, dtype=np.float32)
    in_hw = pixels.shape[:2]
    out_hw = params.output_size(in_hw, weight.shape[2:])
    if out_hw[0] * out_hw[1] > max_output_pixels:
        side = int(max(in_hw) * math.sqrt(max_output_pixels / (out_hw[0] * out_hw[1])))
        raise OutputTooLarge(
            f"The output would be {out_hw[0]}×{out_hw[1]} = {out_hw[0] * out_hw[1] / 1e6:.1f} "
            f"megapixels per channel, over the limit of {max_output_pixels / 1e6:.1f}. "
            f"Lower the largest side to about {side} px, or use a smaller stride or dilation."
        )
    x = np.ascontiguousarray(pixels.transpose(2, 0, 1)[None], dtype=np.float32)
    t0 = time.perf_counter()
    y = conv_transpose2d(
        x,
        weight,
        None,
        params.stride,
        params.padding,
        params.output_padding,
        groups,
        params.dilation,
    )
    tconv_ms = (time.perf_counter() - t0) * 1e3
    wins = windows(in_hw, weight.shape[2:], params, out_hw)
    check, torch_ms = window_check(y, x, weight, groups, params, wins)
    del x
    mid = [  # one period of the interior pattern, from the middle of each axis
        [min(o // 2 + j, o - 1) for j in range(s)]
        for o, s in zip(out_hw, params.stride, strict=True)
    ]
    probe = coverage(weight, groups, params, in_hw, out_hw, [0, *mid[0]], [0, *mid[1]])
    corner, interior = float(np.mean(probe[:, 0, 0])), float(np.mean(probe[:, 1:, 1:]))
    edge_ratio = corner / interior if interior else 0.0
    method = Image.Resampling.NEAREST if pillow_resample == "nearest" else Image.Resampling.BILINEAR
    # Channel by channel and in bands of rows, so that the temporaries stay a fraction of
    # the output (peak memory: the output, torch's check, one channel's temporaries).
    image = np.empty((*out_hw, 3), np.uint8)
    pillow = np.empty((*out_hw, 3), np.uint8)
    outside, squares = 0, 0.0
    bands = _bands(out_hw)
    for c in range(y.shape[1]):
        ours = y[0, c]
        if normalise:
            ah, m = _white_factors(weight, groups, params, in_hw, out_hw, c)
            # The white image's rows are ah.T @ m, and the rows of ah.T are a few tap
            # patterns (which taps reach the row): compute each distinct row once and
            # look the rows up (the same numbers as the product, row by row).
            patterns, which = np.unique(ah.T, axis=0, return_inverse=True)
            white = (patterns @ m).astype(np.float32)  # (patterns, W_out)
            ok = np.abs(white) > 1e-6 * max(float(np.abs(white).max(initial=0.0)), 1e-12)
            which = which.reshape(-1)
            for r in bands:
                np.divide(ours[r], white[which[r]], out=ours[r], where=ok[which[r]])  # holes: 0
        resized = _resized(pixels[..., c], out_hw, method)
        for r in bands:
            band, theirs = ours[r], _rows(resized, r)
            outside += int(np.count_nonzero((band < 0) | (band > 1)))
            np.clip(band, 0.0, 1.0, out=band)
            diff = (band - theirs).ravel().astype(np.float64)
            squares += float(np.dot(diff, diff))
            _store_uint8(band, image[r, :, c])
            _store_uint8(theirs, pillow[r, :, c])
        del resized
    del y
    mse = squares / (3 * out_hw[0] * out_hw[1])
    psnr_db = math.inf if mse == 0 else 10 * math.log10(1.0 / mse)
    clipped = outside / (3 * out_hw[0] * out_hw[1])
    count_rows, count_cols = (
        overlap_count_1d(
            in_hw[ax],
            weight.shape[2 + ax],
            params.stride[ax],
            params.padding[ax],
            params.output_padding[ax],
            params.dilation[ax],
        )
        for ax in range(2)
    )
    return UpsampleResult(
        image=image,
        pillow=pillow,
        input_hw=tuple(in_hw),
        output_hw=tuple(out_hw),
        formula=formula(in_hw, weight.shape[2:], params),
        weight_shape=tuple(weight.shape),
        groups=groups,
        normalised=normalise,
        tconv_ms=tconv_ms,
        torch_ms=torch_ms,
        check=check,
        checked=describe(wins, out_hw),
        checked_whole=is_whole(wins),
        psnr_db=psnr_db,
        count_rows=count_rows,
        count_cols=count_cols,
        verdict=overlap_verdict(weight.shape[2:], params.stride, params.dilation),
        edge_ratio=edge_ratio,
        clipped=clipped,
    )
