"""The real frameworks against tconv, values not only shapes: Keras 3 (JAX backend), JAX,
ONNX (onnxruntime and onnx's reference evaluator), TensorFlow where installed, on random
configurations (per-axis, dilation, output_padding, groups, odd and even kernels, "same"
and "valid"). Each framework's spelling of a window must give tconv's numbers."""

import os

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tconv.frameworks import jax_form, keras_form, onnx_form, tf_form
from tconv.frameworks.live import run_jax, run_keras, run_onnx, run_tf
from tconv.frameworks.window import Layer, reference
from tests.frameworks_cases import cases

os.environ.setdefault("KERAS_BACKEND", "jax")
K3S2 = Layer.make(1, 1, kernel=3, stride=2)


def close(got, want):
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, atol=1e-3, rtol=1e-4)


def same_case():
    """Keras' "same", kernel 3, stride 2: the case keras#22876 fixed in its torch backend."""
    x = np.arange(1.0, 17.0).reshape(1, 1, 4, 4)
    w = np.array([[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]]]])
    return x, w, keras_form.window_of(K3S2, "same")


@settings(max_examples=20)  # Keras builds and compiles a layer per example: the slow one
@given(cases(groups=False), st.sampled_from(["channels_last", "channels_first"]))
def test_keras_gives_tconvs_values(case, data_format):
    pytest.importorskip("keras")
    x, w, layer, win = case
    form = keras_form.express(layer, x.shape[-2:], win)
    assume(form.supported)  # strides with dilation: refused (tested in test_frameworks)
    close(run_keras(x, w, layer, form, data_format), reference(x, w, layer, win))


def test_keras_same_kernel3_stride2_cuts_the_last_row():
    pytest.importorskip("keras")
    x, w, win = same_case()
    form = keras_form.express(K3S2, (4, 4), win)
    assert form.one_call and form["padding"] == "same" and form["output_padding"] is None
    got = run_keras(x, w, K3S2, form)
    close(got, reference(x, w, K3S2, win))
    full = reference(x, w, K3S2, win.__class__((0, 0), (0, 0)))
    close(got, full[..., :-1, :-1])


@settings(max_examples=40)
@given(cases())
def test_jax_gives_tconvs_values(case):
    pytest.importorskip("jax")
    x, w, layer, win = case
    form = jax_form.express(layer, x.shape[-2:], win)
    close(run_jax(x, w, layer, form), reference(x, w, layer, win))


def test_jax_same_kernel3_stride2():
    pytest.importorskip("jax")
    x, w, win = same_case()
    form = jax_form.express(K3S2, (4, 4), win)
    assert form["padding"] == "SAME"
    close(run_jax(x, w, K3S2, form), reference(x, w, K3S2, win))


@settings(max_examples=40)
@given(cases(), st.booleans())
def test_onnx_gives_tconvs_values(case, runtime):
    pytest.importorskip("onnxruntime" if runtime else "onnx")
    x, w, layer, win = case
    assume(runtime or not reference_group_bug(layer))
    form = onnx_form.express(layer, x.shape[-2:], win)
    close(run_onnx(x, w, layer, form, runtime=runtime), reference(x, w, layer, win))


def reference_group_bug(layer) -> bool:
    """onnx.reference's ConvTranspose mis-slices a grouped weight: with groups > 1 it works
    only depthwise (C_in = C_out = groups) and fails otherwise (onnxruntime is right)."""
    return layer.groups > 1 and not layer.in_channels == layer.out_channels == layer.groups


def test_onnx_reference_evaluator_fails_on_grouped_weights_unless_depthwise():
    """A known limitation kept visible: when an onnx release fixes it, this test fails and
    the page's ONNX note can go."""
    pytest.importorskip("onnx")
    layer = Layer.make(2, 4, kernel=1, groups=2)
    x, w = np.ones((1, 2, 1, 1)), np.ones(layer.weight_shape)
    form = onnx_form.express(
        layer, (1, 1), reference_window := onnx_form.window_of(layer, (0,) * 4)
    )
    close(run_onnx(x, w, layer, form), reference(x, w, layer, reference_window))
    with pytest.raises(ValueError):
        run_onnx(x, w, layer, form, runtime=False)
    for c_in, c_out in ((4, 4), (4, 2)):
        other = Layer.make(c_in, c_out, kernel=1, groups=2)
        with pytest.raises(ValueError):
            run_onnx(
                np.ones((1, c_in, 1, 1)),
                np.ones(other.weight_shape),
                other,
                onnx_form.express(other, (1, 1), reference_window),
                runtime=False,
            )
    depthwise = Layer.make(2, 2, kernel=1, groups=2)
    wd = np.array([[[[2.0]]], [[[3.0]]]])
    close(
        run_onnx(
            np.ones((1, 2, 1, 1)),
            wd,
            depthwise,
            onnx_form.express(depthwise, (1, 1), reference_window),
            runtime=False,
        ),
        wd.reshape(1, 2, 1, 1),
    )


@settings(max_examples=30)
@given(cases(), st.sampled_from(onnx_form.AUTO_PADS), st.booleans())
def test_onnx_auto_pad_windows(case, auto_pad, runtime):
    """SAME_UPPER cuts the odd one at the end, SAME_LOWER at the start; where the kernel's
    span is shorter than the stride, onnxruntime departs from the operator's o = i*s."""
    pytest.importorskip("onnxruntime" if runtime else "onnx")
    x, w, layer, _ = case
    assume(runtime or not reference_group_bug(layer))
    win = onnx_form.window_of(layer, auto_pad=auto_pad, onnxruntime=runtime)
    got = run_onnx(x, w, layer, None, auto_pad=auto_pad, runtime=runtime)
    close(got, reference(x, w, layer, win))


@settings(max_examples=20)
@given(cases())
def test_tensorflow_gives_tconvs_values(case):
    pytest.importorskip("tensorflow", reason="tensorflow-cpu is not a project dependency")
    x, w, layer, win = case
    form = tf_form.express(layer, x.shape[-2:], win)
    assume(form.supported)  # groups, dilation beyond SAME/VALID: refused, with the reason
    close(run_tf(x, w, layer, form), reference(x, w, layer, win))


def test_onnxruntime_same_upper_with_kernel_shorter_than_stride_is_the_full_canvas():
    pytest.importorskip("onnxruntime")
    layer = Layer.make(1, 1, kernel=1, stride=2)
    x, w = np.array([[[[1.0, 2.0]]]]), np.ones((1, 1, 1, 1))
    spec = onnx_form.window_of(layer, auto_pad="SAME_UPPER")
    assert spec.size(layer.full((1, 2))) == (2, 4)  # i*s, as the operator's text says
    got = run_onnx(x, w, layer, None, auto_pad="SAME_UPPER")
    assert got.shape[-2:] == (1, 3)  # the full canvas: (i-1)*s + 1
    close(
        run_onnx(x, w, layer, None, auto_pad="SAME_UPPER", runtime=False),
        reference(x, w, layer, spec),
    )
