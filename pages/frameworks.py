"""Frameworks: one transposed convolution in PyTorch, Keras 3, JAX, TensorFlow and ONNX —
the layer and the code of each, what "same" cuts, the weight layouts, values run live."""

import pandas as pd
import streamlit as st

from tconv.frameworks import (
    FORMS,
    Layer,
    Window,
    code,
    keras_form,
    onnx_form,
    reference,
    torch_window,
)
from tconv.ui import frameworks as fw
from tconv.ui.lesson import pick_config_row
from tconv.ui.router import ensure_routed
from tconv.ui.sharing import copy_box

ensure_routed()

SOURCES = {
    "PyTorch: this configuration's padding and output_padding": "torch",
    '"same" (Keras, JAX, TensorFlow; ONNX SAME_UPPER)': "same",
    '"valid" (Keras, JAX)': "valid",
    'ONNX auto_pad="SAME_LOWER"': "lower",
}
CODE = {
    "PyTorch": code.torch_code,
    "Keras 3": code.keras_code,
    "JAX": code.jax_code,
    "TensorFlow": code.tf_code,
    "ONNX": code.onnx_code,
}

st.title("Frameworks")
st.markdown(
    "Every framework computes the same **full canvas** (every input cell scatters its scaled "
    "kernel) and returns a **window** of it: a few rows and columns cut at the start and the "
    "end, or zeros added. Only the way to ask for the window differs: PyTorch's `padding` and "
    '`output_padding`, Keras\' `"same"`/`"valid"`, JAX\'s pads on the zero-inserted input, '
    "TensorFlow's `output_shape`, ONNX's `pads`. Pick the layer you have; each framework's "
    "equivalent below gives the **same numbers** — checked live."
)
cfg = pick_config_row("fw_config")
choice = st.radio(
    "The layer you have",
    list(SOURCES),
    key="fw_source",
    persist_state="session",
    help="The window every other framework must reproduce.",
)
live_on = st.toggle(
    "Run the frameworks live",
    value=True,
    key="fw_live",
    persist_state="session",
    help="Imports Keras, JAX, ONNX Runtime (and TensorFlow where installed) on "
    "this page only; the first run takes a few seconds.",
)

x, w = cfg.x[None, None].astype(float), cfg.kernel[None, None].astype(float)
if cfg.bias:
    st.caption("The bias is left out here: every framework adds it to every output cell alike.")
layer = Layer.make(1, 1, cfg.kernel.shape, cfg.stride, cfg.dilation)
window = {
    "torch": lambda: torch_window(cfg.padding, cfg.output_padding),
    "same": lambda: keras_form.window_of(layer, "same"),
    "valid": lambda: keras_form.window_of(layer, "valid"),
    "lower": lambda: onnx_form.window_of(layer, auto_pad="SAME_LOWER"),
}[SOURCES[choice]]()
full = reference(x, w, layer, Window())[0, 0]
out = window.size(full.shape)
if min(out) < 1:
    st.error("This window leaves no output for this input: pick a larger input or kernel.")
    st.stop()

st.subheader("1 · The window on the full canvas")
st.markdown(
    f"Full canvas **{full.shape[0]}×{full.shape[1]}** = (i − 1)·s + d·(k − 1) + 1 per axis; the "
    f"window keeps **{out[0]}×{out[1]}**: it {fw.cut_words(window, full.shape)} (hatched: cut)."
)
left, right = st.columns(2)
with left:
    fw.canvas(full, window, "this layer's window")
same = keras_form.window_of(layer, "same")
mirror = Window(window.hi, window.lo)
if mirror != window and same in (window, mirror) and min(*window.lo, *window.hi) >= 0:
    p = tuple(max(u, v) for u, v in zip(window.lo, window.hi, strict=True))
    a = tuple(abs(u - v) for u, v in zip(window.lo, window.hi, strict=True))
    look_alike = f"padding={p}, output_padding={a}"
    with right:
        fw.canvas(full, mirror, look_alike if window == same else '"same" (Keras, JAX, TF)')
    st.warning(
        "The total cut d·(k − 1) + 1 − s is odd, so one side loses one more: "
        '"same" (Keras, JAX, TensorFlow, ONNX SAME_UPPER) cuts the extra one at the **end**. '
        f"PyTorch's `{look_alike}` gives the same **shape** but cuts it at the start: every "
        "value shifted by one pixel (the bug Keras' torch backend had until keras#22876). "
        'PyTorch gets "same" with a slice after the layer; Keras gets PyTorch\'s window '
        "with a Cropping2D layer.",
        icon="⚠️",
    )

st.subheader("2 · Each framework's layer, code and verdict")
summary = st.container()
rows = []
for tab, (name, mod) in zip(st.tabs(list(FORMS)), FORMS.items(), strict=True):
    with tab:
        form = mod.express(layer, x.shape[-2:], window)
        fmt = "channels_last"
        if name == "Keras 3":
            fmt = st.radio(
                "data_format",
                ["channels_last", "channels_first"],
                horizontal=True,
                key="fw_keras_format",
                persist_state="session",
            )
        ok = fw.verdict(name, form, x, w, layer, window, fmt, run=live_on)
        if name == "TensorFlow" and ok == "not installed":
            st.caption(
                "TensorFlow is not a dependency of this app (tensorflow-cpu is 1.4 GB "
                "and takes about half a minute to import on a 2-core machine); its "
                "call is the documented equivalent of the Keras layer above."
            )
        if form.reason and form.supported:
            st.caption(form.reason + ".")
        st.markdown(f"**Output size** — `{mod.SIZE_RULE}`")
        st.markdown(f"**Weight** — {mod.WEIGHT}")
        if form.supported:
            args = (x, w, layer, form, fmt) if name == "Keras 3" else (x, w, layer, form)
            copy_box(CODE[name](*args), key=f"fw_code_{name}")
        rows.append({"framework": name, "layer": code.one_line(name, layer, form), "verdict": ok})
with summary:
    st.table(pd.DataFrame(rows).set_index("framework"))

st.subheader("3 · The weight in each framework")
st.markdown(
    "The same numbers need the same kernel taps. PyTorch and ONNX store the weight as "
    "`(C_in, C_out/groups, kH, kW)`; Keras and TensorFlow as `(kH, kW, C_out, C_in)` — a "
    "transpose, **no flip**. A flip appears only when the transposed convolution is written "
    "as an ordinary convolution over the zero-inserted input (the gather view): JAX's "
    "`transpose_kernel=True` does that flip itself; with `transpose_kernel=False` or "
    "`lax.conv_general_dilated` you pass the kernel rotated by 180°."
)
st.table(pd.DataFrame({"weight": {n: m.WEIGHT for n, m in FORMS.items()}}))
fw.kernels(cfg.kernel)
