"""Kernel presets for upsampling a photo, as weights in PyTorch's layout.

Weights follow PyTorch's layout (C_in, C_out / groups, kH, kW):

* per-channel: groups = 3 and a (3, 1, k, k) weight; each colour has its own kernel and
  colours never mix;
* full mixing: groups = 1 and a (3, 3, k, k) weight; output colour ``co`` sums every input
  colour ``ci`` through ``weight[ci, co]``. Here it is ``M[ci, co] * K`` for a 3x3 colour
  matrix M and a spatial kernel K, except in the seed's Example 3, which has its own.

Presets (s = stride):

* nearest: k = s, all ones. Each input pixel becomes an s x s block: o = s * i.
* bilinear: k = 2s - (s mod 2), a tent ``1 - |x - c| / s`` in each axis, padding s // 2,
  as fully convolutional networks initialise their upsampling layers; o = s * i.
* example3: the seed article's layer: kernel 2, stride 2, padding 1, a (3, 3, 2, 2)
  weight: 394 x 358 -> 786 x 714, three channels although ``out_channels=2`` was declared.
* random: positive weights summing to s * s (the average brightness is kept).
* custom: the learner's own (kH, kW) kernel.
"""

from __future__ import annotations

import numpy as np

PRESETS = ("nearest", "bilinear", "example3", "random", "custom")
COLOUR_MATRICES = {  # M[ci, co]: how much input colour ci feeds output colour co
    "Average (grey)": np.full((3, 3), 1 / 3),
    "Swap red and blue": np.eye(3)[::-1],
    "Sepia": np.array([[0.393, 0.349, 0.272], [0.769, 0.686, 0.534], [0.189, 0.168, 0.131]]),
}


def nearest_kernel(stride: int) -> np.ndarray:
    """(s, s) ones: every input pixel is copied into an s x s block."""
    return np.ones((stride, stride))


def bilinear_kernel(stride: int) -> np.ndarray:
    """The FCN bilinear kernel, (k, k) with k = 2s - (s mod 2); use padding s // 2.

    1D taps ``1 - |u - c| / s`` with centre c = s - 1 (odd k) or s - 1/2 (even k); for
    s = 2: [0.25, 0.75, 0.75, 0.25]. Interior taps landing on one output cell sum to 1.
    """
    k = 2 * stride - stride % 2
    centre = stride - 1 if k % 2 else stride - 0.5
    taps = 1 - np.abs(np.arange(k) - centre) / stride
    return np.outer(taps, taps)


def random_kernel(size: int, seed: int = 0, stride: int = 1) -> np.ndarray:
    """(size, size) positive random weights (uniform), scaled to sum to ``stride**2``.

    Each input pixel spreads over about s x s output pixels, so a kernel summing to s^2
    keeps the photo's average brightness; what remains is the pattern of uneven overlap.
    """
    k = np.random.default_rng(seed).random((size, size)) + 1e-3
    return k * (stride * stride / k.sum())


def example3_weight() -> np.ndarray:
    """A (3, 3, 2, 2) weight with the shape of the seed's Example 3 (fixed, not its values).

    Every tap mixes the three input colours with positive weights that sum to 1 for each
    output colour, so a flat grey stays grey while colours are tinted.
    """
    w = np.random.default_rng(3).random((3, 3, 2, 2)) + 0.25
    return w / w.sum(axis=0, keepdims=True)


def preset_weight(
    preset: str, stride: int, mixing: bool, colour=None, size=3, seed=0, custom=None
) -> tuple[np.ndarray, int]:
    """``(weight, groups)`` of a preset (see :func:`build_weight` for the layouts).

    ``size`` and ``seed`` are used by "random", ``custom`` (a (kH, kW) array) by "custom".
    """
    if preset == "nearest":
        kernel = nearest_kernel(stride)
    elif preset == "bilinear":
        kernel = bilinear_kernel(stride)
    elif preset == "example3":
        kernel = example3_weight()
    elif preset == "random":
        kernel = random_kernel(size, seed, stride)
    elif preset == "custom":
        kernel = np.asarray(custom, dtype=np.float64)
    else:
        raise ValueError(f"unknown kernel preset {preset!r}; choose one of {', '.join(PRESETS)}")
    return build_weight(kernel, mixing, colour or next(iter(COLOUR_MATRICES)))


def preset_padding(preset: str, stride: int) -> int:
    """The padding a preset is meant for: 0 (nearest), s // 2 (bilinear), 1 otherwise."""
    return {"nearest": 0, "bilinear": stride // 2}.get(preset, 1)


def build_weight(kernel, mixing: bool, colour: str = "Average (grey)") -> tuple[np.ndarray, int]:
    """Return ``(weight, groups)`` in PyTorch's layout, float32.

    ``kernel`` is (k, k) (the same for each colour), or a full (3, 3, k, k) weight such as
    :func:`example3_weight`. Per-channel (``mixing=False``): (3, 1, k, k), groups = 3
    (a full weight keeps its diagonal ``weight[c, c]``). Full mixing: (3, 3, k, k),
    groups = 1, ``M[ci, co] * K`` with the colour matrix ``COLOUR_MATRICES[colour]``.
    """
    k = np.asarray(kernel, dtype=np.float64)
    if k.ndim == 4:
        w = k if mixing else np.stack([k[c, c] for c in range(3)])[:, None]
    elif mixing:
        w = COLOUR_MATRICES[colour][:, :, None, None] * k[None, None]
    else:
        w = np.broadcast_to(k, (3, 1, *k.shape))
    return np.ascontiguousarray(w, dtype=np.float32), 1 if mixing else 3
