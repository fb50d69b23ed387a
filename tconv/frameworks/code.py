"""Runnable scripts, one per framework, that print the same numbers for one window.

Every script builds the input ``x`` (N, C_in, H, W) and PyTorch's weight (C_in,
C_out/groups, kH, kW) from literals, converts the weight to the framework's layout, runs
the framework's layer or call, does the extra cut or pad its :class:`Form` asks for, and
prints the output's shape and values in PyTorch's (N, C, H, W) layout, rounded to 4
decimals. The test suite executes them.
"""

from __future__ import annotations

import numpy as np

from tconv.frameworks.form import Form, extra_text
from tconv.frameworks.jax_form import pads_of
from tconv.frameworks.window import Layer, Window

PRINT = ["print(y.shape)", "print(np.round(y, 4).tolist())"]


def _lit(a) -> str:
    def num(v):
        v = float(v)
        return str(int(v)) + ".0" if v.is_integer() and abs(v) < 1e15 else repr(v)

    def walk(a):
        if a.ndim == 1:
            return "[" + ", ".join(num(v) for v in a) + "]"
        return "[" + ", ".join(walk(b) for b in a) + "]"

    return walk(np.asarray(a, dtype=np.float64))


def _head(x, weight, imports: list[str]) -> list[str]:
    x, w = np.asarray(x), np.asarray(weight)
    return [
        *imports,
        "",
        f"x = np.array({_lit(x)}, dtype=np.float32)  # (N, C_in, H, W) = {x.shape}",
        f"weight = np.array({_lit(w)}, dtype=np.float32)  "
        f"# PyTorch layout (C_in, C_out/groups, kH, kW) = {w.shape}",
        "",
    ]


def _pair(p) -> str:
    return str(p[0]) if p[0] == p[1] else str(tuple(p))


def _slices(extra: Window) -> str:
    """A NumPy/torch slice of the last two axes doing the positive part of ``extra``."""
    parts = []
    for n in (0, 1):
        lo, hi = max(extra.lo[n], 0), max(extra.hi[n], 0)
        parts.append(f"{lo or ''}:{-hi if hi else ''}")
    return f"[:, :, {parts[0]}, {parts[1]}]"


def _zeros(extra: Window) -> tuple[int, int, int, int]:
    """Zeros to add (top, bottom, left, right): the negative part of ``extra``."""
    return (max(-extra.lo[0], 0), max(-extra.hi[0], 0), max(-extra.lo[1], 0), max(-extra.hi[1], 0))


def torch_code(x, weight, layer: Layer, form: Form) -> str:
    c_in, c_out = layer.in_channels, layer.out_channels
    lines = _head(
        x, weight, ["import numpy as np", "import torch", "import torch.nn.functional as F"]
    )
    lines += [
        f"layer = torch.nn.ConvTranspose2d({c_in}, {c_out}, kernel_size={_pair(layer.kernel)}, "
        f"stride={_pair(layer.stride)},",
        f"    padding={_pair(form['padding'])}, output_padding={_pair(form['output_padding'])}, "
        f"dilation={_pair(layer.dilation)}, groups={layer.groups}, bias=False)",
        "with torch.no_grad():",
        "    layer.weight.copy_(torch.from_numpy(weight))  # the same layout: no conversion",
        "    y = layer(torch.from_numpy(x))",
        "# the same numbers: F.conv_transpose2d(x, weight, stride=..., padding=..., "
        "output_padding=..., groups=..., dilation=...)",
    ]
    if form.needs_extra:
        lines.append(f"# {extra_text(form.extra)} (no padding argument can do it)")
        if any(v > 0 for v in (*form.extra.lo, *form.extra.hi)):
            lines.append(f"y = y{_slices(form.extra)}")
        top, bottom, left, right = _zeros(form.extra)
        if top or bottom or left or right:
            lines.append(f"y = F.pad(y, ({left}, {right}, {top}, {bottom}))")
    return "\n".join([*lines, "y = y.numpy()", *PRINT]) + "\n"


def keras_code(x, weight, layer: Layer, form: Form, data_format="channels_last") -> str:
    c_in = layer.in_channels
    h, w = np.asarray(x).shape[-2:]
    last = data_format == "channels_last"
    lines = ["import os", "", 'os.environ["KERAS_BACKEND"] = "jax"  # before importing keras', ""]
    lines += _head(x, weight, ["import keras", "import numpy as np"])
    op = form["output_padding"]
    lines += [
        f"layer = keras.layers.Conv2DTranspose({layer.out_channels}, "
        f"kernel_size={_pair(layer.kernel)}, strides={_pair(layer.stride)},",
        f'    padding="{form["padding"]}", output_padding={op if op is None else _pair(op)}, '
        f'dilation_rate={_pair(layer.dilation)}, data_format="{data_format}", use_bias=False)',
        f"layer.build({(None, h, w, c_in) if last else (None, c_in, h, w)})",
        "layer.set_weights([weight.transpose(2, 3, 1, 0)])  # Keras kernel: (kH, kW, C_out, C_in)",
        f"y = layer({'x.transpose(0, 2, 3, 1)' if last else 'x'})"
        f"{'  # channels_last: (N, H, W, C)' if last else '  # channels_first: (N, C, H, W)'}",
    ]
    if form.needs_extra:
        e = form.extra
        lines.append(f"# {extra_text(e)}")
        cut = tuple((max(e.lo[n], 0), max(e.hi[n], 0)) for n in (0, 1))
        if any(map(any, cut)):
            lines.append(f'y = keras.layers.Cropping2D({cut}, data_format="{data_format}")(y)')
        top, bottom, left, right = _zeros(e)
        if top or bottom or left or right:
            lines.append(
                f"y = keras.layers.ZeroPadding2D((({top}, {bottom}), ({left}, {right})), "
                f'data_format="{data_format}")(y)'
            )
    lines.append(
        "y = np.asarray(y)" + (".transpose(0, 3, 1, 2)  # as (N, C, H, W)" if last else "")
    )
    return "\n".join([*lines, *PRINT]) + "\n"


def jax_code(x, weight, layer: Layer, form: Form) -> str:
    lines = _head(x, weight, ["import numpy as np", "from jax import lax"])
    pads = form["padding"]
    shown = f'"{pads}"' if isinstance(pads, str) else str(tuple(pads))
    if layer.groups == 1:
        lines += [
            f"y = lax.conv_transpose(x, weight, strides={tuple(layer.stride)}, padding={shown},",
            f"    rhs_dilation={tuple(layer.dilation)}, "
            'dimension_numbers=("NCHW", "OIHW", "NCHW"), transpose_kernel=True)',
            "# transpose_kernel=True: PyTorch's weight as is (O = C_in, I = C_out); JAX flips it",
        ]
    else:
        g, (c_in, c_out_g, kh, kw) = layer.groups, layer.weight_shape
        lines += [
            "# conv_transpose has no groups: a convolution over the zero-inserted input, with the",
            "# kernel regrouped to (C_out, C_in/groups, kH, kW) and flipped",
            f"kernel = weight.reshape({g}, {c_in // g}, {c_out_g}, {kh}, {kw})"
            ".transpose(0, 2, 1, 3, 4)",
            f"kernel = kernel.reshape({g * c_out_g}, {c_in // g}, {kh}, {kw})[:, :, ::-1, ::-1]",
            f"y = lax.conv_general_dilated(x, kernel, window_strides=(1, 1), "
            f"padding={tuple(pads_of(layer, pads))},",
            f"    lhs_dilation={tuple(layer.stride)}, rhs_dilation={tuple(layer.dilation)}, "
            f'dimension_numbers=("NCHW", "OIHW", "NCHW"), feature_group_count={g})',
        ]
    return "\n".join([*lines, "y = np.asarray(y)", *PRINT]) + "\n"


def tf_code(x, weight, layer: Layer, form: Form) -> str:
    n = np.asarray(x).shape[0]
    oh, ow = form["output_shape"]
    pads = form["padding"]
    shown = f'"{pads}"' if isinstance(pads, str) else str([[0, 0], *map(list, pads), [0, 0]])
    lines = _head(x, weight, ["import numpy as np", "import tensorflow as tf"])
    lines += [
        "y = tf.nn.conv2d_transpose(",
        "    x.transpose(0, 2, 3, 1),  # NHWC (the CPU kernel has no NCHW)",
        "    weight.transpose(2, 3, 1, 0),  # filters (kH, kW, C_out, C_in)",
        f"    output_shape=[{n}, {oh}, {ow}, {layer.out_channels}],",
        f"    strides={list(layer.stride)}, padding={shown}, dilations={list(layer.dilation)})",
    ]
    top, bottom, left, right = _zeros(form.extra)
    if top or bottom or left or right:
        lines += [
            f"# {extra_text(form.extra)}",
            f"y = tf.pad(y, [[0, 0], [{top}, {bottom}], [{left}, {right}], [0, 0]])",
        ]
    return (
        "\n".join([*lines, "y = y.numpy().transpose(0, 3, 1, 2)  # as (N, C, H, W)", *PRINT]) + "\n"
    )


def onnx_code(x, weight, layer: Layer, form: Form) -> str:
    lines = _head(
        x,
        weight,
        [
            "import numpy as np",
            "import onnx",
            "import onnxruntime",
            "from onnx import TensorProto, helper, numpy_helper",
        ],
    )
    top, bottom, left, right = _zeros(form.extra)
    pad = top or bottom or left or right
    p, a = form["pads"], form["output_padding"]
    window = Window((p[0], p[1]), (p[2] - a[0], p[3] - a[1])).then(form.extra)
    out = [np.shape(x)[0], layer.out_channels, *window.size(layer.full(np.shape(x)[-2:]))]
    lines += [
        f'node = helper.make_node("ConvTranspose", ["x", "w"], ["{"t" if pad else "y"}"],',
        f"    kernel_shape={list(layer.kernel)}, strides={list(layer.stride)}, "
        f"dilations={list(layer.dilation)}, group={layer.groups},",
        f"    pads={list(form['pads'])}, output_padding={list(form['output_padding'])})",
    ]
    if form["auto_pad"]:
        lines.append(f'# the same window: auto_pad="{form["auto_pad"]}" instead of pads')
    nodes, inits = "[node]", '[numpy_helper.from_array(weight, "w")]'
    if pad:
        lines += [
            f"# {extra_text(form.extra)}",
            'pad = helper.make_node("Pad", ["t", "pads"], ["y"])',
            f"pads = np.array([0, 0, {top}, {left}, 0, 0, {bottom}, {right}], dtype=np.int64)",
        ]
        nodes, inits = (
            "[node, pad]",
            '[numpy_helper.from_array(weight, "w"), numpy_helper.from_array(pads, "pads")]',
        )
    lines += [
        f'graph = helper.make_graph({nodes}, "tconv", '
        '[helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],',
        f'    [helper.make_tensor_value_info("y", TensorProto.FLOAT, {out})], initializer={inits})',
        'model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])',
        "model.ir_version = 10",
        "onnx.checker.check_model(model)",
        "session = onnxruntime.InferenceSession(model.SerializeToString(), "
        'providers=["CPUExecutionProvider"])',
        'y = session.run(None, {"x": x})[0]',
        "# or: from onnx.reference import ReferenceEvaluator; "
        'y = ReferenceEvaluator(model).run(None, {"x": x})[0]',
    ]
    return "\n".join([*lines, *PRINT]) + "\n"


def one_line(framework: str, layer: Layer, form: Form) -> str:
    """The framework's layer or call in one line (for the overview table)."""
    if not form.supported:
        return "—"
    k, s, d = _pair(layer.kernel), _pair(layer.stride), _pair(layer.dilation)
    extra = [f"dilation={d}"] if max(layer.dilation) > 1 else []
    if framework == "PyTorch":
        text = (
            f"ConvTranspose2d(k={k}, stride={s}, padding={_pair(form['padding'])}, "
            f"output_padding={_pair(form['output_padding'])}{', ' if extra else ''}"
            f"{', '.join(extra)})"
        )
    elif framework == "Keras 3":
        op = form["output_padding"]
        text = (
            f'Conv2DTranspose(k={k}, strides={s}, padding="{form["padding"]}"'
            f"{'' if op is None else ', output_padding=' + _pair(op)}"
            f"{', dilation_rate=' + d if extra else ''})"
        )
    elif framework == "JAX":
        pads = form["padding"]
        shown = f'"{pads}"' if isinstance(pads, str) else str(tuple(pads))
        text = f"{form['call']}(strides={s}, padding={shown})"
    elif framework == "TensorFlow":
        pads = form["padding"]
        shown = f'"{pads}"' if isinstance(pads, str) else str(list(map(list, pads)))
        text = f"conv2d_transpose(output_shape={list(form['output_shape'])}, padding={shown})"
    else:
        text = (
            f"ConvTranspose(pads={list(form['pads'])}, "
            f"output_padding={list(form['output_padding'])})"
        )
        if form["auto_pad"]:
            text += f' = auto_pad="{form["auto_pad"]}"'
    return text + (f" + {extra_text(form.extra)}" if form.needs_extra else "")
