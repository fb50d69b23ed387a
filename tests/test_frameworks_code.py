"""The generated code runs as shown and prints tconv's numbers, for every framework.

Each framework's scripts run in one fresh Python process (one import of the framework),
one after another; every script prints the output's shape and its values."""

import ast
import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

from tconv.frameworks import FORMS, code, keras_form
from tconv.frameworks.window import Layer, Window, reference, torch_window

RNG = np.random.default_rng(7)
MARK = "=== next script ==="


def case(layer: Layer, size, window: Window, n=1):
    x = RNG.integers(-4, 5, (n, layer.in_channels, *size)).astype(float)
    w = RNG.integers(-3, 4, layer.weight_shape).astype(float) / 2
    return x, w, layer, window


K3S2 = Layer.make(1, 1, kernel=3, stride=2)
CASES = [
    case(K3S2, (3, 4), keras_form.window_of(K3S2, "same")),  # torch needs a slice
    case(Layer.make(1, 2, kernel=(2, 3), stride=(2, 1)), (2, 3), torch_window((1, 0), (1, 0))),
    case(
        Layer.make(2, 4, kernel=3, stride=2, dilation=(1, 2), groups=2),
        (3, 2),
        torch_window((1, 2), (1, 1)),
        n=2,
    ),
    case(Layer.make(1, 1, kernel=(1, 2), stride=3), (2, 2), Window((-1, 1), (-3, 0))),  # zeros
]
SCRIPTS = {
    "PyTorch": ("torch", lambda x, w, ly, f: [code.torch_code(x, w, ly, f)]),
    "Keras 3": (
        "keras",
        lambda x, w, ly, f: [
            code.keras_code(x, w, ly, f, fmt) for fmt in ("channels_last", "channels_first")
        ],
    ),
    "JAX": ("jax", lambda x, w, ly, f: [code.jax_code(x, w, ly, f)]),
    "TensorFlow": ("tensorflow", lambda x, w, ly, f: [code.tf_code(x, w, ly, f)]),
    "ONNX": ("onnxruntime", lambda x, w, ly, f: [code.onnx_code(x, w, ly, f)]),
}


def run_scripts(scripts, tmp_path) -> list[str]:
    paths = []
    for n, text in enumerate(scripts):
        paths.append(tmp_path / f"script{n}.py")
        paths[-1].write_text(text)
    driver = (
        f"import runpy, sys\nfor p in sys.argv[1:]:\n    print({MARK!r})\n    runpy.run_path(p)\n"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(
        [sys.executable, "-c", driver, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.split(MARK + "\n")[1:]


@pytest.mark.parametrize("framework", list(SCRIPTS))
def test_generated_code_prints_tconvs_numbers(framework, tmp_path):
    module, make = SCRIPTS[framework]
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed")
    scripts, wanted = [], []
    for x, w, layer, win in CASES:
        form = FORMS[framework].express(layer, x.shape[-2:], win)
        if not form.supported:
            continue
        made = make(x, w, layer, form)
        scripts += made
        wanted += [np.round(reference(x, w, layer, win), 4)] * len(made)
    assert scripts, "every case unsupported: the test would check nothing"
    outputs = run_scripts(scripts, tmp_path)
    assert len(outputs) == len(scripts)
    for out, want, script in zip(outputs, wanted, scripts, strict=True):
        shape_line, values_line = out.strip().splitlines()[-2:]
        assert ast.literal_eval(shape_line.replace("torch.Size", "")) == want.shape, script
        np.testing.assert_allclose(
            np.array(ast.literal_eval(values_line)), want, atol=2e-4, err_msg=script
        )
