"""Hypothesis strategies shared by the framework tests: a layer, an input and a window
written the way one of the frameworks would write it."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from tconv.frameworks import jax_form, keras_form, onnx_form, torch_form
from tconv.frameworks.window import Layer, Window


@st.composite
def layers(draw, groups=True) -> Layer:
    g = draw(st.sampled_from([1, 1, 2])) if groups else 1
    pair = lambda lo, hi: draw(st.tuples(st.integers(lo, hi), st.integers(lo, hi)))  # noqa: E731
    return Layer.make(g * draw(st.integers(1, 2)), g * draw(st.integers(1, 2)), pair(1, 4),
                      pair(1, 3), pair(1, 2), g)  # fmt: skip


@st.composite
def windows(draw, layer: Layer, size) -> Window:
    """A window from one framework's own arguments, or any window leaving an output."""
    full = layer.full(size)
    source = draw(st.sampled_from(["torch", "keras", "jax", "onnx", "any"]))
    if source == "torch":
        m = [max(s, d) for s, d in zip(layer.stride, layer.dilation, strict=True)]
        a = tuple(draw(st.integers(0, m[n] - 1)) for n in (0, 1))
        p = tuple(draw(st.integers(0, max((full[n] + a[n] - 1) // 2, 0))) for n in (0, 1))
        win = torch_form.window_of(p, a)
    elif source == "keras":
        padding = draw(st.sampled_from(["valid", "same"]))
        op = draw(st.none() | st.tuples(*(st.integers(0, s - 1) for s in layer.stride)))
        win = keras_form.window_of(layer, padding, op)
    elif source == "jax":
        win = jax_form.window_of(layer, draw(st.sampled_from(["SAME", "VALID"])))
    elif source == "onnx":
        win = onnx_form.window_of(layer, auto_pad=draw(st.sampled_from(onnx_form.AUTO_PADS)))
    else:
        lo = tuple(draw(st.integers(-2, full[n] - 1)) for n in (0, 1))
        hi = tuple(draw(st.integers(-2, full[n] - 1 - lo[n])) for n in (0, 1))
        win = Window(lo, hi)
    if min(win.size(full)) < 1 or not win.keeps_canvas(full):
        win = Window((0, 0), (0, 0))
    return win


@st.composite
def cases(draw, groups=True):
    """(x, weight, layer, window): x (N, C_in, H, W), weight in PyTorch's layout."""
    layer = draw(layers(groups))
    size = tuple(draw(st.integers(1, 4)) for _ in range(2))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.integers(-4, 5, (draw(st.integers(1, 2)), layer.in_channels, *size)).astype(float)
    w = rng.integers(-3, 4, layer.weight_shape).astype(float)
    return x, w, layer, draw(windows(layer, size))
