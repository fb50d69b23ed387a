"""The matrix view: transposed convolution is multiplication by the transpose of a
convolution's matrix.

An ordinary ``conv2d`` with kernel K, stride s, padding p and dilation d is linear, so on an
``o_h x o_w`` image y it is a matrix C of shape ``(i_h*i_w, o_h*o_w)``::

    conv2d(y).flatten() == C @ y.flatten()        (row-major flattening)

Row ``r`` of C holds the kernel's taps at the columns of the cells its window covers:
``C[(r_h, r_w), (j_h, j_w)] = K[u, v]`` where ``j = r*s + u*d - p`` per axis. The transposed
convolution with the same K, s, p, d is ``y = C^T x``, which is why it has its name.

output_padding: conv2d maps every size ``o = (i-1)*s - 2p + d(k-1) + 1 + a`` with
``0 <= a < s`` to the same i (the division by the stride rounds down), so the transposed
convolution needs ``a`` to say which o it means. (When ``a >= s``, allowed because
``a < d``, conv2d of that o has extra rows at the end; only the first i rows of C are used.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tconv.core.params import TConvParams, as_pair, conv_output_size, single_channel


def conv_matrix(
    input_shape_of_conv, kernel, stride=1, padding=0, dilation=1, output_shape=None
) -> np.ndarray:
    """The matrix C of ``conv2d`` (cross-correlation, as in PyTorch) on an ``o_h x o_w`` image.

    Returns C of shape ``(i_h*i_w, o_h*o_w)`` with ``conv2d(y).flatten() == C @ y.flatten()``,
    where ``(i_h, i_w)`` is :func:`conv_output_size`. ``output_shape`` keeps only the first
    ``output_shape`` rows/columns of conv2d's output (the top-left part).
    """
    k = np.asarray(kernel, dtype=np.float64)
    o = as_pair(input_shape_of_conv, "input_shape_of_conv")
    s, p, d = as_pair(stride, "stride"), as_pair(padding, "padding"), as_pair(dilation, "dilation")
    i = conv_output_size(o, k.shape, s, p, d) if output_shape is None else tuple(output_shape)
    c = np.zeros((i[0] * i[1], o[0] * o[1]))
    # j = r*s + u*d - p per axis; keep (r, u) pairs whose j lies inside the image
    rows = [
        [(r, u, r * s[ax] + u * d[ax] - p[ax]) for r in range(i[ax]) for u in range(k.shape[ax])]
        for ax in range(2)
    ]
    for rh, u, jh in rows[0]:
        if not 0 <= jh < o[0]:
            continue
        for rw, v, jw in rows[1]:
            if 0 <= jw < o[1]:
                c[rh * i[1] + rw, jh * o[1] + jw] += k[u, v]
    return c


@dataclass(frozen=True)
class MatrixView:
    """``y = C^T x`` for a single-channel transposed convolution.

    C : (i_h*i_w, o_h*o_w), the matrix of conv2d on an o_h x o_w image
    x_flat : (i_h*i_w,), the input flattened row by row
    y_flat : (o_h*o_w,), ``C.T @ x_flat + bias``
    output : y_flat reshaped to (o_h, o_w)
    conv_shape : conv2d's full output size for an o_h x o_w image; larger than the input
        only when output_padding >= stride (then only the first rows/columns of it are C's)
    """

    x: np.ndarray
    kernel: np.ndarray
    params: TConvParams
    bias: float
    C: np.ndarray
    x_flat: np.ndarray
    y_flat: np.ndarray
    output: np.ndarray
    conv_shape: tuple[int, int]

    @property
    def input_shape(self) -> tuple[int, int]:
        return self.x.shape

    @property
    def output_shape(self) -> tuple[int, int]:
        return self.output.shape

    def shape_lines(self) -> list[str]:
        """The shapes written out, one line each, for the page."""
        (ih, iw), (oh, ow) = self.input_shape, self.output_shape
        lines = [
            f"conv2d (same kernel, stride, padding, dilation) maps a {oh}×{ow} image to "
            f"{self.conv_shape[0]}×{self.conv_shape[1]}: C has shape "
            f"({ih}·{iw}) × ({oh}·{ow}) = {ih * iw} × {oh * ow}",
            f"x: {ih}×{iw} → flattened, {ih * iw} numbers",
            f"y = Cᵀ x: ({oh * ow} × {ih * iw}) · ({ih * iw}) = {oh * ow} numbers → "
            f"reshaped to {oh}×{ow}",
        ]
        a, s = self.params.output_padding, self.params.stride
        if self.conv_shape != self.input_shape:
            lines.append(
                f"output_padding {a} is not below the stride {s} (allowed because it is "
                "below the dilation): conv2d's output has extra rows/columns at the end, and "
                f"only its first {ih}×{iw} cells (the first rows of C) are used"
            )
        elif any(a):
            lo = [max(1, o - a_ax) for o, a_ax in zip(self.output_shape, a, strict=True)]
            hi = [
                o - a_ax + s_ax - 1 for o, a_ax, s_ax in zip(self.output_shape, a, s, strict=True)
            ]
            lines.append(
                f"output_padding {a} chooses which size comes back: conv2d maps every image "
                f"from {lo[0]}×{lo[1]} to {hi[0]}×{hi[1]} onto {ih}×{iw}"
            )
        return lines


def matrix_view(
    x, kernel, stride=1, padding=0, output_padding=0, dilation=1, bias=0.0
) -> MatrixView:
    """The matrix view of ``conv_transpose2d(x[None, None], kernel[None, None], ...)``."""
    x, k, params, out_shape = single_channel(
        x, kernel, stride, padding, output_padding, dilation, bias
    )
    conv_shape = conv_output_size(
        out_shape, k.shape, params.stride, params.padding, params.dilation
    )
    c = conv_matrix(out_shape, k, params.stride, params.padding, params.dilation, x.shape)
    x_flat = x.reshape(-1)
    y_flat = c.T @ x_flat + float(bias)
    for a in (c, y_flat):
        a.setflags(write=False)
    return MatrixView(
        x=x,
        kernel=k,
        params=params,
        bias=float(bias),
        C=c,
        x_flat=x_flat,
        y_flat=y_flat,
        output=y_flat.reshape(out_shape),
        conv_shape=conv_shape,
    )
