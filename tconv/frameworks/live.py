"""Run one window in the real frameworks (imported here lazily, on first use only).

Each runner takes ``x`` (N, C_in, H, W), PyTorch's weight (C_in, C_out/groups, kH, kW), the
:class:`Layer` and the framework's :class:`Form`, and returns the output as a float64
(N, C_out, H_out, W_out) array, the form's extra cut or pad done. Inputs go in as float32
(every framework's default). Keras runs on its JAX backend (``KERAS_BACKEND=jax`` unless
the environment chose another).
"""

from __future__ import annotations

import importlib.util
import os

import numpy as np

from tconv.frameworks.form import Form
from tconv.frameworks.jax_form import grouped_kernel, pads_of
from tconv.frameworks.window import Layer, apply_window

MODULES = {
    "PyTorch": "torch",
    "Keras 3": "keras",
    "JAX": "jax",
    "TensorFlow": "tensorflow",
    "ONNX": "onnxruntime",
    "ONNX reference": "onnx",
}


def installed(framework: str) -> bool:
    """Whether the framework's package can be imported (without importing it)."""
    return importlib.util.find_spec(MODULES[framework]) is not None


def _f32(a) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(a, dtype=np.float32))


def _done(y, form: Form) -> np.ndarray:
    return apply_window(np.asarray(y, dtype=np.float64), form.extra)


def run_torch(x, weight, layer: Layer, form: Form) -> np.ndarray:
    import torch
    import torch.nn.functional as F

    with torch.no_grad():
        y = F.conv_transpose2d(
            torch.from_numpy(_f32(x)),
            torch.from_numpy(_f32(weight)),
            stride=layer.stride,
            padding=form["padding"],
            output_padding=form["output_padding"],
            groups=layer.groups,
            dilation=layer.dilation,
        )
    return _done(y.numpy(), form)


def keras_version() -> str:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    return f"{keras.__version__} ({keras.backend.backend()} backend)"


def run_keras(x, weight, layer: Layer, form: Form, data_format="channels_last") -> np.ndarray:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras

    last = data_format == "channels_last"
    op = form["output_padding"]
    conv = keras.layers.Conv2DTranspose(
        layer.out_channels,
        layer.kernel,
        strides=layer.stride,
        padding=form["padding"],
        output_padding=op,
        dilation_rate=layer.dilation,
        data_format=data_format,
        use_bias=False,
    )
    xin = _f32(x).transpose(0, 2, 3, 1) if last else _f32(x)
    conv.build(xin.shape)
    conv.set_weights([_f32(weight).transpose(2, 3, 1, 0)])
    y = np.asarray(conv(xin))
    return _done(y.transpose(0, 3, 1, 2) if last else y, form)


def run_jax(x, weight, layer: Layer, form: Form) -> np.ndarray:
    from jax import lax

    spec = ("NCHW", "OIHW", "NCHW")
    if layer.groups == 1:
        y = lax.conv_transpose(
            _f32(x),
            _f32(weight),
            layer.stride,
            form["padding"],
            rhs_dilation=layer.dilation,
            dimension_numbers=spec,
            transpose_kernel=True,
        )
    else:
        y = lax.conv_general_dilated(
            _f32(x),
            _f32(grouped_kernel(weight, layer.groups)),
            (1, 1),
            pads_of(layer, form["padding"]),
            lhs_dilation=layer.stride,
            rhs_dilation=layer.dilation,
            dimension_numbers=spec,
            feature_group_count=layer.groups,
        )
    return _done(y, form)


def run_tf(x, weight, layer: Layer, form: Form) -> np.ndarray:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    pads = form["padding"]
    pads = pads if isinstance(pads, str) else [[0, 0], *map(list, pads), [0, 0]]
    out = [x.shape[0], *form["output_shape"], layer.out_channels]
    y = tf.nn.conv2d_transpose(
        _f32(x).transpose(0, 2, 3, 1),
        _f32(weight).transpose(2, 3, 1, 0),
        out,
        list(layer.stride),
        pads,
        dilations=list(layer.dilation),
    )
    return _done(y.numpy().transpose(0, 3, 1, 2), form)


def onnx_model(x_shape, weight, layer: Layer, form: Form, auto_pad: str | None = None):
    """A one-node ONNX model (ConvTranspose with the form's pads, or ``auto_pad``)."""
    from onnx import TensorProto, helper, numpy_helper

    attrs = dict(
        kernel_shape=list(layer.kernel),
        strides=list(layer.stride),
        dilations=list(layer.dilation),
        group=layer.groups,
    )
    if auto_pad:
        attrs["auto_pad"] = auto_pad
    else:
        attrs.update(pads=list(form["pads"]), output_padding=list(form["output_padding"]))
    node = helper.make_node("ConvTranspose", ["x", "w"], ["y"], **attrs)
    graph = helper.make_graph(
        [node],
        "tconv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x_shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        initializer=[numpy_helper.from_array(_f32(weight), "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 10
    return model


def run_onnx(x, weight, layer: Layer, form: Form, *, auto_pad=None, runtime=True) -> np.ndarray:
    """ONNX through onnxruntime (``runtime=True``) or onnx's reference evaluator (whose
    ConvTranspose, in onnx 1.23, handles groups > 1 only depthwise: C_in = C_out = groups)."""
    model = onnx_model(np.shape(x), weight, layer, form, auto_pad)
    if runtime:
        import onnxruntime

        onnxruntime.set_default_logger_severity(3)  # errors raise; no console log
        sess = onnxruntime.InferenceSession(
            model.SerializeToString(), providers=["CPUExecutionProvider"]
        )
        y = sess.run(None, {"x": _f32(x)})[0]
    else:
        from onnx.reference import ReferenceEvaluator

        y = ReferenceEvaluator(model).run(None, {"x": _f32(x)})[0]
    return np.asarray(y, dtype=np.float64) if auto_pad else _done(y, form)


RUNNERS = {
    "PyTorch": run_torch,
    "Keras 3": run_keras,
    "JAX": run_jax,
    "TensorFlow": run_tf,
    "ONNX": run_onnx,
}
