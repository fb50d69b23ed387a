"""Claims about transposed convolution, demonstrated live with real PyTorch.

1. It is the **gradient of conv2d with respect to its input**: for a fixed x, the gradient
   of ``sum(conv2d(z, K) * x)`` with respect to z is ``conv_transpose2d(x, K)`` (same
   stride, padding, dilation). torch autograd computes the former, torch's
   conv_transpose2d the latter.
2. It **restores the shape, not the values**: conv2d then conv_transpose2d with the same
   kernel returns an image of the original size but other numbers. It is no inverse.
3. An ``nn.ConvTranspose2d`` takes its output channels from its **weight's shape**, not
   from the declared ``out_channels`` (the seed's Example 3).

torch is imported lazily; arrays go in and come out as NumPy (float64), so callers can
cache by content. No streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.params import single_channel


def _max_abs_diff(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b))) if a.size else 0.0


@dataclass(frozen=True)
class GradientDemo:
    """``gradient`` (from autograd) beside ``transposed`` (conv_transpose2d), both (o_h, o_w)."""

    gradient: np.ndarray
    transposed: np.ndarray
    max_abs_diff: float


def gradient_demo(x, kernel, stride=1, padding=0, output_padding=0, dilation=1) -> GradientDemo:
    """Backpropagate ``sum(conv2d(z, K) * x)`` to an o_h x o_w image z with torch autograd.

    conv2d is linear, so the gradient does not depend on z's values (zeros here). When
    output_padding >= stride (allowed because it is below the dilation) conv2d returns more
    than i rows; only the first i x i of its output enter the sum.
    """
    import torch
    import torch.nn.functional as F

    x, k, params, out_shape = single_channel(x, kernel, stride, padding, output_padding, dilation)
    xt, kt = torch.from_numpy(np.array(x))[None, None], torch.from_numpy(np.array(k))[None, None]
    conv = dict(stride=params.stride, padding=params.padding, dilation=params.dilation)
    z = torch.zeros((1, 1, *out_shape), dtype=torch.float64, requires_grad=True)
    y = F.conv2d(z, kt, **conv)[..., : x.shape[0], : x.shape[1]]
    (y * xt).sum().backward()
    gradient = z.grad[0, 0].numpy()
    with torch.no_grad():
        transposed = F.conv_transpose2d(xt, kt, output_padding=params.output_padding, **conv)
    transposed = transposed[0, 0].numpy()
    return GradientDemo(gradient, transposed, _max_abs_diff(gradient, transposed))


@dataclass(frozen=True)
class RoundTrip:
    """``image`` -> conv2d -> ``down`` -> conv_transpose2d -> ``back`` (same shape as image)."""

    image: np.ndarray
    down: np.ndarray
    back: np.ndarray
    max_abs_diff: float

    @property
    def same_shape(self) -> bool:
        return self.image.shape == self.back.shape


def demo_image(shape, seed: int = 0) -> np.ndarray:
    """A reproducible image of small integers 0..4."""
    return np.random.default_rng(seed).integers(0, 5, size=tuple(shape)).astype(np.float64)


def round_trip(
    kernel, input_shape, stride=1, padding=0, output_padding=0, dilation=1, seed=0
) -> RoundTrip:
    """Take an image the size of the transposed convolution's output, conv2d it down with the
    kernel, then conv_transpose2d it back up with the same kernel and parameters.

    ``input_shape`` is the transposed convolution's input size (i_h, i_w): the image is
    o_h x o_w, conv2d maps it to i_h x i_w (first rows only when output_padding >= stride).
    """
    import torch
    import torch.nn.functional as F

    x, k, params, out_shape = single_channel(
        np.zeros(input_shape), kernel, stride, padding, output_padding, dilation
    )
    image = demo_image(out_shape, seed)
    kt = torch.from_numpy(np.array(k))[None, None]
    conv = dict(stride=params.stride, padding=params.padding, dilation=params.dilation)
    with torch.no_grad():
        down = F.conv2d(torch.from_numpy(image)[None, None], kt, **conv)
        down = down[..., : x.shape[0], : x.shape[1]]
        back = F.conv_transpose2d(down, kt, output_padding=params.output_padding, **conv)
    back = back[0, 0].numpy()
    return RoundTrip(image, down[0, 0].numpy(), back, _max_abs_diff(image, back))


@dataclass(frozen=True)
class LayerRun:
    """What a real ``nn.ConvTranspose2d`` reports and returns after its weight was replaced.

    ``output_shape`` is None when torch refused to run, with its message in ``error``.
    """

    declared_out_channels: int
    weight_shape: tuple[int, ...]
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...] | None
    error: str = ""


def layer_with_replaced_weight(
    declared_out_channels, new_weight, input_hw, stride=1, padding=0, bias=False, seed=0
) -> LayerRun:
    """Build ``nn.ConvTranspose2d(C_in, declared_out_channels, k, stride, padding, bias=bias)``,
    replace its weight by ``new_weight`` (C_in, C_out', kH, kW) as the seed article does, and
    run it on a random (1, C_in, H, W) input.

    With ``bias=True`` the layer keeps a bias of the declared size, which no longer matches
    the weight: torch refuses, and the message is returned in ``error``.
    """
    import torch
    from torch import nn

    w = torch.from_numpy(np.asarray(new_weight, dtype=np.float64))
    c_in, _, kh, kw = w.shape
    layer = nn.ConvTranspose2d(
        c_in,
        declared_out_channels,
        (kh, kw),
        stride=stride,
        padding=padding,
        bias=bias,
        dtype=torch.float64,
    )
    layer.weight = nn.Parameter(w)
    gen = torch.Generator().manual_seed(seed)
    x = torch.rand((1, c_in, *input_hw), generator=gen, dtype=torch.float64)
    run = dict(
        declared_out_channels=layer.out_channels,
        weight_shape=tuple(w.shape),
        input_shape=tuple(x.shape),
    )
    try:
        with torch.no_grad():
            y = layer(x)
    except RuntimeError as e:
        return LayerRun(**run, output_shape=None, error=str(e).splitlines()[0])
    return LayerRun(**run, output_shape=tuple(y.shape))
