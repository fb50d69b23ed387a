"""The PyTorch code the pages show: run it, and it gives tconv's numbers."""

import contextlib
import io
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tconv
from tconv.app.codegen import pytorch_code
from tconv.app.presets import PRESETS


def run_code(code: str):
    """exec the generated script; return its `y` (1, 1, H, W) and what it printed."""
    scope: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<generated>", "exec"), scope)
    return scope["y"].detach().numpy(), out.getvalue()


def check(x, k, bias=0.0, **params):
    plan = tconv.scatter_plan(x, k, bias=bias, **params)
    y, printed = run_code(pytorch_code(x, k, plan.params, bias))
    assert y.shape == (1, 1, *plan.output.shape)
    np.testing.assert_allclose(y[0, 0], plan.output, rtol=1e-12, atol=1e-9)
    assert f"torch.Size([1, 1, {plan.output.shape[0]}, {plan.output.shape[1]}])" in printed
    return plan


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_code_reproduces_every_preset(preset):
    c = preset.config
    check(
        c.x,
        c.kernel,
        c.bias,
        stride=c.stride,
        padding=c.padding,
        output_padding=c.output_padding,
        dilation=c.dilation,
    )


pairs = st.tuples(st.integers(1, 3), st.integers(1, 3))
values = st.floats(-1000, 1000, allow_nan=False, allow_infinity=False)


@st.composite
def configs(draw):
    x = np.array(
        draw(
            st.lists(st.lists(values, min_size=1, max_size=4), min_size=1, max_size=4).filter(
                lambda rows: len({len(r) for r in rows}) == 1
            )
        )
    )
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    k = np.array(draw(st.lists(values, min_size=kh * kw, max_size=kh * kw))).reshape(kh, kw)
    s, d = draw(pairs), draw(pairs)
    a = tuple(draw(st.integers(0, max(s[i], d[i]) - 1)) for i in range(2))
    p = draw(st.tuples(st.integers(0, 2), st.integers(0, 2)))
    bias = draw(st.one_of(st.just(0.0), values))
    return x, k, dict(stride=s, padding=p, output_padding=a, dilation=d), bias


@settings(max_examples=60)
@given(configs())
def test_code_reproduces_random_configurations(cfg):
    x, k, params, bias = cfg
    try:
        tconv.output_size(x.shape, k.shape, **params)
    except ValueError:
        assume(False)  # padding too large: no code to show
    check(x, k, bias, **params)


def test_code_uses_bias_only_when_nonzero():
    params = tconv.TConvParams.make(stride=2)
    x, k = np.ones((2, 2)), np.ones((2, 2))
    assert "bias=False" in pytorch_code(x, k, params, 0.0)
    code = pytorch_code(x, k, params, 1.5)
    assert "bias=True" in code and "fill_(1.5)" in code
    plan = check(x, k, 1.5, stride=2)
    assert plan.output.min() == 2.5


def test_generated_script_runs_on_its_own_and_prints_the_output():
    x = np.array([[0.0, 1.0], [2.0, 3.0]])
    k = np.array([[4.0, 1.0], [2.0, 3.0]])
    plan = tconv.scatter_plan(x, k, stride=2)
    code = pytorch_code(x, k, plan.params)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert "torch.Size([1, 1, 4, 4])" in done.stdout
    printed = [
        float(v)
        for v in done.stdout.split("tensor(")[1]
        .replace("[", " ")
        .replace("]", " ")
        .replace(",", " ")
        .split("dtype")[0]
        .split()
    ]
    assert printed == plan.output.ravel().tolist()
