"""Channels and groups: a multi-channel transposed convolution is a sum of single-channel ones.

PyTorch's weight layout for ``ConvTranspose2d`` is ``(C_in, C_out // groups, kH, kW)``, the
reverse of Conv2d's ``(C_out, C_in // groups, kH, kW)``: ``weight[i, j]`` is the kernel that
input channel i scatters into output channel ``g * C_out/groups + j`` of its group g. With
groups g, the channels split into g independent blocks; output channel j only sums the
input channels of its own group::

    y[j] = bias[j] + sum over i in group(j) of  conv_transpose2d(x[i], weight[i, j mod C_out/g])

The output's channel count is read from the weight: ``C_out = weight.shape[1] * groups``.
An ``nn.ConvTranspose2d(3, 2, ...)`` whose weight is later replaced by a ``(3, 3, kH, kW)``
tensor therefore produces 3 channels, whatever ``out_channels`` was declared (the seed's
Example 3).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.params import output_size
from tconv.engine.functional import conv_transpose2d, prepare


def valid_groups(c_in: int, c_out: int) -> list[int]:
    """The groups values PyTorch accepts for these channel counts: divisors of both."""
    return [g for g in range(1, min(c_in, c_out) + 1) if c_in % g == 0 and c_out % g == 0]


def groups_problem(c_in: int, c_out: int, groups: int) -> str | None:
    """``None`` when ``groups`` divides both channel counts, else the reason in words."""
    bad = [f"{name} = {c}" for name, c in (("C_in", c_in), ("C_out", c_out)) if c % groups]
    if not bad:
        return None
    choices = ", ".join(map(str, valid_groups(c_in, c_out)))
    return (
        f"groups = {groups} must divide both C_in and C_out, but it does not divide "
        f"{' and '.join(bad)}. Valid choices here: {choices}."
    )


def weight_shape(c_in: int, c_out: int, groups: int, kernel_size) -> tuple[int, int, int, int]:
    """``(C_in, C_out // groups, kH, kW)``; raises ``ValueError`` for invalid groups."""
    reason = groups_problem(c_in, c_out, groups)
    if reason:
        raise ValueError(reason)
    kh, kw = kernel_size
    return (c_in, c_out // groups, kh, kw)


def layout_text(c_in: int, c_out: int, groups: int) -> str:
    """How the weight's two channel axes connect inputs to outputs, in words (markdown)."""
    cin_g, cout_g = c_in // groups, c_out // groups
    text = (
        f"{c_in} rows, one per input channel, × {cout_g} columns (C_out / groups = {c_out} / "
        f"{groups}). "
    )
    if groups == 1:
        return text + (
            "w[i, j] carries input channel i into output channel j: every input channel "
            "feeds every output channel."
        )

    def span(word: str, lo: int, n: int) -> str:
        return f"{word} {lo}" if n == 1 else f"{word}s {lo}–{lo + n - 1}"

    blocks = "; ".join(
        f"{span('input', g * cin_g, cin_g)} → {span('output', g * cout_g, cout_g)}"
        for g in range(groups)
    )
    return text + (
        f"groups = {groups} splits the layer into {groups} independent blocks ({blocks}): "
        f"w[i, j] carries input channel i into output channel (i // {cin_g})·{cout_g} + j. "
        "Each group is a separate, smaller layer."
    )


@dataclass(frozen=True)
class Term:
    """``conv_transpose2d(x[channel], weight[channel, column])``: one single-channel piece."""

    channel: int
    column: int
    result: np.ndarray


@dataclass(frozen=True)
class OutputChannel:
    """Output channel ``index``: its group, its terms, its bias, and their sum."""

    index: int
    group: int
    terms: tuple[Term, ...]
    bias: float
    total: np.ndarray


@dataclass(frozen=True)
class ChannelDecomposition:
    """Every output channel as a sum of single-channel transposed convolutions.

    ``output`` is the whole ``(C_out, H_out, W_out)`` result of
    :func:`tconv.conv_transpose2d`; each channel's ``total`` equals its slice.
    """

    weight_shape: tuple[int, ...]
    groups: int
    channels: tuple[OutputChannel, ...]
    output: np.ndarray

    @property
    def max_abs_diff(self) -> float:
        """Largest |sum of terms − conv_transpose2d| over every output channel."""
        return max(float(np.max(np.abs(c.total - self.output[c.index]))) for c in self.channels)


def decompose(
    x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1
) -> ChannelDecomposition:
    """Split ``conv_transpose2d(x, weight, ...)`` (unbatched: x is (C_in, H, W)) by channel.

    Raises ``ValueError`` like :func:`tconv.conv_transpose2d`.
    """
    pr = prepare(x, weight, bias, stride, padding, output_padding, groups, dilation)
    if pr.batched:
        raise ValueError(f"x must be unbatched (C_in, H, W), got shape {np.shape(x)}")
    kwargs = dict(
        stride=pr.params.stride,
        padding=pr.params.padding,
        output_padding=pr.params.output_padding,
        dilation=pr.params.dilation,
    )
    xs, w = pr.x[0], pr.weight
    c_in, cout_g = xs.shape[0], w.shape[1]
    cin_g = c_in // pr.groups
    channels = []
    for j in range(pr.out_channels):
        g, col = divmod(j, cout_g)
        terms = tuple(
            Term(i, col, conv_transpose2d(xs[i : i + 1], w[i : i + 1, col : col + 1], **kwargs)[0])
            for i in range(g * cin_g, (g + 1) * cin_g)
        )
        b = 0.0 if pr.bias is None else float(pr.bias[j])
        total = np.sum([t.result for t in terms], axis=0) + b
        channels.append(OutputChannel(j, g, terms, b, total))
    output = conv_transpose2d(xs, w, pr.bias, groups=pr.groups, **kwargs)
    return ChannelDecomposition(w.shape, pr.groups, tuple(channels), output)


def make_weight(c_in, c_out, groups, kernel_size, mode="random", seed=0, low=-2, high=3):
    """A reproducible teaching weight of shape ``(C_in, C_out/groups, kH, kW)``.

    mode "random": integers in ``[low, high)`` from ``seed``; "ones": all ones.
    """
    shape = weight_shape(c_in, c_out, groups, kernel_size)
    if mode == "ones":
        return np.ones(shape)
    return np.random.default_rng(seed).integers(low, high, size=shape).astype(np.float64)


def make_input(c_in, size, seed=0, low=0, high=4):
    """A reproducible small-integer input of shape ``(C_in, H, W)``."""
    rng = np.random.default_rng(seed + 1_000)
    return rng.integers(low, high, size=(c_in, *size)).astype(np.float64)


@dataclass(frozen=True)
class DeclaredVsActual:
    """The seed's Example 3: what the layer declares versus what its weight decides."""

    declared_out_channels: int
    weight_shape: tuple[int, int, int, int]
    groups: int
    input_hw: tuple[int, int]
    output_hw: tuple[int, int]

    @property
    def actual_out_channels(self) -> int:
        return self.weight_shape[1] * self.groups

    @property
    def output_shape(self) -> tuple[int, int, int]:
        return (self.actual_out_channels, *self.output_hw)

    def explanation(self) -> str:
        c_in, cols, kh, kw = self.weight_shape
        return (
            f"Declared out_channels = {self.declared_out_channels}, but the weight has shape "
            f"{self.weight_shape} = (C_in, C_out/groups, kH, kW), so C_out = {cols} × "
            f"{self.groups} = {self.actual_out_channels}. A {c_in}×{self.input_hw[0]}×"
            f"{self.input_hw[1]} input gives {self.actual_out_channels}×{self.output_hw[0]}×"
            f"{self.output_hw[1]}: the weight's shape decides, not the declared out_channels."
        )


def declared_vs_actual(
    declared_out_channels,
    weight_shape,
    input_hw,
    stride=1,
    padding=0,
    output_padding=0,
    groups=1,
    dilation=1,
) -> DeclaredVsActual:
    """Sizes of a layer whose weight was replaced after construction (no arrays needed)."""
    out = output_size(
        tuple(input_hw), tuple(weight_shape[2:]), stride, padding, output_padding, dilation
    )
    return DeclaredVsActual(
        declared_out_channels, tuple(weight_shape), groups, tuple(input_hw), tuple(out)
    )


# The seed article's Example 3: a 3x394x358 photo, ConvTranspose2d(3, 2, 2, stride=2,
# padding=1), then a (3, 3, 2, 2) weight assigned to it.
EXAMPLE3 = declared_vs_actual(2, (3, 3, 2, 2), (394, 358), stride=2, padding=1)
