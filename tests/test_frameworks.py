"""tconv.frameworks without the frameworks: windows, each framework's spelling of them
(both directions), and PyTorch (torch is a project dependency) on random configurations."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.frameworks import FORMS, extra_text, jax_form, keras_form, onnx_form, tf_form, torch_form
from tconv.frameworks.form import same_cut
from tconv.frameworks.live import run_torch
from tconv.frameworks.window import Layer, Window, apply_window, reference, torch_window
from tests.frameworks_cases import cases

K3S2 = Layer.make(kernel=3, stride=2)


def test_window_of_pytorch_padding():
    assert torch_window(1, 1) == Window((1, 1), (0, 0))
    assert torch_window((2, 0), (0, 1)) == Window((2, 0), (2, -1))


def test_apply_window_cuts_and_pads():
    full = np.arange(16.0).reshape(1, 1, 4, 4)
    out = apply_window(full, Window((1, -1), (-2, 2)))
    assert out.shape == (1, 1, 5, 3)
    np.testing.assert_array_equal(out[0, 0, :3], [[0, 4, 5], [0, 8, 9], [0, 12, 13]])
    assert not out[0, 0, 3:].any()


def test_same_kernel3_stride2_cuts_the_last_row_and_column_everywhere():
    win = keras_form.window_of(K3S2, "same")
    assert win == Window((0, 0), (1, 1))
    assert jax_form.window_of(K3S2, "SAME") == win
    assert tf_form.window_of(K3S2, (4, 4), (8, 8), "SAME") == win
    assert onnx_form.window_of(K3S2, auto_pad="SAME_UPPER") == win
    assert onnx_form.window_of(K3S2, auto_pad="SAME_LOWER") == Window((1, 1), (0, 0))
    form = torch_form.express(K3S2, (4, 4), win)
    assert form["padding"] == (0, 0) and form["output_padding"] == (0, 0)
    assert form.extra == win and extra_text(form.extra) == ("cut the last row; cut the last column")


def test_padding1_output_padding1_is_same_shape_but_other_values():
    """The one-pixel shift of Keras' torch backend before keras#22876."""
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 1, 4, 4)), rng.standard_normal((1, 1, 3, 3))
    same = reference(x, w, K3S2, keras_form.window_of(K3S2, "same"))
    shifted = reference(x, w, K3S2, torch_window(1, 1))
    assert same.shape == shifted.shape == (1, 1, 8, 8)
    assert not np.allclose(same, shifted)
    np.testing.assert_allclose(same[..., 1:, 1:], shifted[..., :-1, :-1])


def test_keras_and_tensorflow_refuse_groups_and_say_why():
    layer = Layer.make(2, 2, 3, 2, 1, groups=2)
    for form in (
        keras_form.express(layer, (3, 3), Window()),
        tf_form.express(layer, (3, 3), Window()),
    ):
        assert not form.supported and "groups" in form.reason


def test_tensorflow_and_keras_refuse_dilation_with_stride():
    layer = Layer.make(kernel=3, stride=(1, 2), dilation=(2, 1))
    for form in (tf_form.express(layer, (3, 3), Window()),
                 keras_form.express(layer, (3, 3), Window())):  # fmt: skip
        assert not form.supported and "dilation" in form.reason


def test_keras_window_outside_its_padding_uses_a_cropping_layer():
    form = keras_form.express(K3S2, (3, 3), Window((1, 0), (0, 0)))
    assert form.supported and form.needs_extra and form["padding"] == "valid"
    assert "Cropping2D" in form.reason


@settings(max_examples=60)
@given(cases())
def test_every_spelling_gives_back_its_window(case):
    x, _, layer, win = case
    size = x.shape[-2:]
    for name, mod in FORMS.items():
        form = mod.express(layer, size, win)
        if not form.supported:
            continue
        if name == "PyTorch":
            back = torch_window(form["padding"], form["output_padding"])
        elif name == "Keras 3":
            back = keras_form.window_of(layer, form["padding"], form["output_padding"])
        elif name == "JAX":
            back = jax_form.window_of(layer, form["padding"])
        elif name == "TensorFlow":
            back = tf_form.window_of(layer, size, form["output_shape"], form["padding"])
        else:
            back = onnx_form.window_of(layer, form["pads"], form["output_padding"])
        done = back.then(form.extra)
        assert done == win, (name, form)


@settings(max_examples=60)
@given(cases())
def test_pytorch_spelling_matches_tconv(case):
    x, w, layer, win = case
    form = torch_form.express(layer, x.shape[-2:], win)
    np.testing.assert_allclose(run_torch(x, w, layer, form), reference(x, w, layer, win),
                               atol=1e-4)  # fmt: skip


def test_layer_rejects_bad_groups():
    with pytest.raises(ValueError, match="groups"):
        Layer.make(3, 2, groups=2)


def test_the_library_imports_no_framework_until_a_runner_is_called():
    """Other pages must not pay for Keras/JAX/ONNX: importing the package, its code writer
    and its live runners (without calling them) imports none of them."""
    probe = (
        "import sys, tconv.frameworks, tconv.frameworks.code, tconv.frameworks.live\n"
        "print(sorted(m for m in ('keras', 'jax', 'onnx', 'onnxruntime', 'tensorflow') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parents[1])  # fmt: skip
    assert out.stdout.strip() == "[]"


def test_a_window_of_only_added_zeros_is_refused_where_the_call_would_be_empty():
    layer = Layer.make(kernel=1, stride=(2, 1))
    win = Window((-1, 0), (7, 0))  # a 4-row input's 7-row canvas: one zero row, nothing else
    assert not win.keeps_canvas(layer.full((4, 1)))
    for mod in (keras_form, tf_form, onnx_form):
        form = mod.express(layer, (4, 1), win)
        assert not form.supported and "no cell" in form.reason


@given(st.integers(-8, 40))
def test_same_cut_is_centred_with_the_odd_cell_at_the_end(total):
    start, end = same_cut(total)
    assert start + end == total
    if total >= 0:
        assert end - start in (0, 1)
    else:
        assert start == 0  # a canvas shorter than i·s only gains zeros at the end
