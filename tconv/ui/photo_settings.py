"""What the Photo page's learner chose (:class:`Settings`) and the layer it makes
(:class:`Layer`): the one record of everything that decides the upsampled photo.

The page's result cache is keyed by the photo's digest and :attr:`Layer.key`, a full
BLAKE2b digest of the layer (the weight's bytes, shape and dtype, and every parameter), so
the cache key cannot drift from what :meth:`Layer.upsample` computes with.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields

import numpy as np

from tconv.photo.upsample import UpsampleResult, upsample
from tconv.photo.upsample_kernels import preset_weight


@dataclass(frozen=True)
class Settings:
    """What the learner chose for the layer (plain values; the kernel as an array)."""

    preset: str
    mixing: bool
    colour: str
    stride: int
    padding: int
    output_padding: int
    dilation: int
    normalise: bool
    size: int = 3  # kernel size of the random preset
    seed: int = 0
    custom: np.ndarray | None = None  # the custom kernel (kH, kW)


@dataclass(frozen=True, eq=False)
class Layer:
    """The transposed convolution a photo goes through, and Pillow's resize to compare.

    ``weight`` is in PyTorch's layout (C_in, C_out / groups, kH, kW); ``resample`` is
    Pillow's method ("nearest" for the nearest preset, else "bilinear").
    """

    weight: np.ndarray
    groups: int
    stride: int
    padding: int
    output_padding: int
    dilation: int
    normalise: bool
    resample: str

    @classmethod
    def of(cls, s: Settings) -> Layer:
        weight, groups = preset_weight(
            s.preset, s.stride, s.mixing, s.colour, s.size, s.seed, s.custom
        )
        resample = "nearest" if s.preset == "nearest" else "bilinear"
        return cls(
            weight, groups, s.stride, s.padding, s.output_padding, s.dilation, s.normalise,
            resample,
        )  # fmt: skip

    @property
    def key(self) -> str:
        """A full digest of every field (the weight by its bytes, shape and dtype)."""
        h = hashlib.blake2b(digest_size=32)
        w = np.ascontiguousarray(self.weight)
        h.update(repr((w.shape, w.dtype.str)).encode())
        h.update(w.tobytes())
        rest = [getattr(self, f.name) for f in fields(self) if f.name != "weight"]
        h.update(repr(rest).encode())
        return h.hexdigest()

    def upsample(self, pixels: np.ndarray) -> UpsampleResult:
        """:func:`tconv.photo.upsample.upsample` of ``pixels`` (H, W, 3) with this layer."""
        return upsample(
            pixels, self.weight, self.groups, self.stride, self.padding, self.output_padding,
            self.dilation, self.normalise, self.resample,
        )  # fmt: skip
