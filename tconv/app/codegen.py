"""PyTorch code that reproduces a configuration, for the learner to copy and run."""

from __future__ import annotations

import numpy as np

from tconv.core.params import TConvParams


def _num(v: float) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def _grid(a: np.ndarray, indent: str) -> str:
    rows = [indent + "[" + ", ".join(_num(v) for v in row) + "]" for row in a]
    return "[\n" + ",\n".join(rows) + ",\n" + indent[:-4] + "]"


def _arg(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else str(tuple(pair))


def pytorch_code(x, kernel, params: TConvParams, bias: float | None = None) -> str:
    """Return a runnable script that prints torch's result for a 2D input and kernel.

    The input becomes (1, 1, H, W) and the weight (1, 1, kH, kW): (C_in, C_out, kH, kW).
    """
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(kernel, dtype=np.float64)
    kh, kw = k.shape
    use_bias = bias is not None and float(bias) != 0.0
    lines = [
        "import torch",
        "import torch.nn as nn",
        "",
        "# float64 throughout, so that the printed numbers are exactly tconv's",
        f"x = torch.tensor({_grid(x, ' ' * 4)}, dtype=torch.float64)"
        f".reshape(1, 1, {x.shape[0]}, {x.shape[1]})",
        f"kernel = torch.tensor({_grid(k, ' ' * 4)}, dtype=torch.float64)",
        "",
        "tconv = nn.ConvTranspose2d(",
        "    in_channels=1,",
        "    out_channels=1,",
        f"    kernel_size={_arg((kh, kw))},",
        f"    stride={_arg(params.stride)},",
        f"    padding={_arg(params.padding)},",
        f"    output_padding={_arg(params.output_padding)},",
        f"    dilation={_arg(params.dilation)},",
        f"    bias={use_bias},",
        "    dtype=torch.float64,",
        ")",
        "with torch.no_grad():",
        f"    # weight layout: (in_channels, out_channels, kH, kW) = (1, 1, {kh}, {kw})",
        f"    tconv.weight.copy_(kernel.reshape(1, 1, {kh}, {kw}))",
    ]
    if use_bias:
        lines.append(f"    tconv.bias.fill_({_num(bias)})")
    lines += [
        "    y = tconv(x)",
        "",
        "print(y.shape)  # (1, 1, H_out, W_out)",
        "print(y[0, 0])",
    ]
    return "\n".join(lines) + "\n"
