"""Channels and groups: the weight tensor's layout, every output channel as a sum of
single-channel transposed convolutions, and the seed's Example 3 twist."""

import numpy as np
import streamlit as st

from tconv.app.config import Config
from tconv.core.crosscheck import cross_check
from tconv.core.tolerance import agreement
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.lesson import equal_badge, grid, grid_row, per_line, pick_config_row
from tconv.ui.router import ensure_routed
from tconv.ui.sharing import copy_box
from tconv.ui.show import torch_badge
from tconv.ui.state import playground_link
from tconv.views.autograd_demo import layer_with_replaced_weight
from tconv.views.channels import (
    EXAMPLE3,
    decompose,
    layout_text,
    make_input,
    make_weight,
    valid_groups,
)

ensure_routed()

CHOICES = [1, 2, 3, 4]
SIGN = '<div style="font-size:1.8rem;text-align:center">{}</div>'  # centred by its column


@st.cache_data(max_entries=16, hash_funcs=FULL_HASH)
def run(x: np.ndarray, w: np.ndarray, bias, s, p, a, d, groups: int):
    dec = decompose(x, w, bias, s, p, a, groups, d)
    return dec, cross_check(dec.output, x, w, bias, s, p, a, groups, d)


@st.cache_data(max_entries=4, hash_funcs=FULL_HASH)
def example3_layer(bias: bool):
    """The article's layer, run by torch on a photo-sized 3×394×358 input."""
    return layer_with_replaced_weight(2, np.ones((3, 3, 2, 2)), EXAMPLE3.input_hw, 2, 1, bias=bias)


st.title("Channels & groups")
st.markdown(
    "Real layers have many channels. PyTorch stores a `ConvTranspose2d` weight as "
    "**(C_in, C_out / groups, kH, kW)** (the reverse of `Conv2d`): `w[i, j]` is the kernel "
    "that input channel *i* scatters into output channel *j* of its group. Each output "
    "channel is a **sum of single-channel transposed convolutions**, one per input channel "
    "of its group."
)
cfg = pick_config_row("ch_config")
st.caption(
    f"Sizes from this configuration: input {cfg.x.shape[0]}×{cfg.x.shape[1]}, kernel "
    f"{cfg.kernel.shape[0]}×{cfg.kernel.shape[1]}, stride {cfg.stride}, padding {cfg.padding}, "
    f"output_padding {cfg.output_padding}, dilation {cfg.dilation}. The input (and the weight, "
    "unless 'ones') holds small random integers drawn from the seed."
)

c = st.columns([1, 1, 1, 1.1, 1.9])  # room for "bias b[j] = j + 1" on a 1024 px screen
c_in = c[0].selectbox("C_in", CHOICES, index=1, key="ch_cin", persist_state="session")
c_out = c[1].selectbox("C_out", CHOICES, index=1, key="ch_cout", persist_state="session")
options = valid_groups(c_in, c_out)
was = st.session_state.get("ch_groups")
if was not in options:
    st.session_state.pop("ch_groups", None)
groups = c[2].selectbox(
    "groups",
    options,
    key="ch_groups",
    persist_state="session",
    help="groups must divide both C_in and C_out; only those values are offered.",
)
mode = c[3].radio("weight", ["random integers", "ones"], key="ch_mode", persist_state="session")
seed = c[4].number_input("seed", 0, 9999, 0, key="ch_seed", persist_state="session")
use_bias = c[4].checkbox("bias b[j] = j + 1", key="ch_bias", persist_state="session")
if was is not None and was not in options:  # the field changed: say so
    st.info(
        f"groups changed from {was} to {groups}: groups must divide both C_in = {c_in} and "
        f"C_out = {c_out}.",
        icon="ℹ️",
    )
left_out = [g for g in CHOICES if g not in options and g <= max(c_in, c_out)]
if left_out:
    st.caption(
        f"groups {', '.join(map(str, left_out))} not offered: each must divide both "
        f"C_in = {c_in} and C_out = {c_out}."
    )

x = make_input(c_in, cfg.x.shape, seed)
w = make_weight(c_in, c_out, groups, cfg.kernel.shape, "ones" if mode == "ones" else "random", seed)
bias = np.arange(1.0, c_out + 1) if use_bias else None
try:
    dec, check = run(x, w, bias, cfg.stride, cfg.padding, cfg.output_padding, cfg.dilation, groups)
except ValueError as e:
    st.error(str(e))
    st.stop()
cin_g, cout_g = c_in // groups, c_out // groups

st.subheader(f"The weight: shape (C_in, C_out/groups, kH, kW) = {dec.weight_shape}")
st.markdown(layout_text(c_in, c_out, groups))
weights = [
    [(x[i], f"x[{i}]")]
    + [(w[i, j], f"w[{i}, {j}] → y[{i // cin_g * cout_g + j}]") for j in range(cout_g)]
    for i in range(c_in)
]
n = per_line([item for line in weights for item in line], 200, 1 + cout_g)
for i, items in enumerate(weights):
    if groups > 1 and i % cin_g == 0:
        st.markdown(f"**group {i // cin_g}**")
    for at in range(0, len(items), n):
        line = items[at : at + n]
        grid_row(*line, *[None] * (n - len(line)), max_width=200, fit=True)

st.subheader("Each output channel is a sum of single-channel transposed convolutions")
st.caption(
    "⋆ is a single-channel transposed convolution with the page's stride, padding, "
    "output_padding and dilation: exactly what the Playground shows."
)
for ch in dec.channels:
    names = [f"x[{t.channel}] ⋆ w[{t.channel}, {t.column}]" for t in ch.terms]
    bias_text = f" + b[{ch.index}]" if bias is not None else ""
    group = f" (group {ch.group})" if groups > 1 else ""
    st.markdown(f"**y[{ch.index}]**{group} = " + " + ".join(names) + bias_text)
    items = [(t.result, name) for t, name in zip(ch.terms, names, strict=True)]
    items.append((ch.total, f"y[{ch.index}]"))
    signs = ["+"] * (len(ch.terms) - 1) + [f"+ {ch.bias:g} =" if use_bias else "=", ""]
    n = per_line(items, 240, len(items), share=3 / 3.5)  # a grid and its sign: 3 + 0.5
    for at in range(0, len(items), n):  # the sum wraps onto lines of n grids
        cols = st.columns([3, 0.5] * n, vertical_alignment="center")
        line = zip(items[at : at + n], signs[at : at + n], strict=True)
        for k, ((values, title), sign) in enumerate(line):
            with cols[2 * k]:
                grid(values, title, 240, fit=True)
            if sign:
                cols[2 * k + 1].markdown(SIGN.format(sign), unsafe_allow_html=True)
first = dec.channels[0].terms[0]
playground_link(
    Config(
        x=x[first.channel],
        kernel=w[first.channel, first.column],
        stride=cfg.stride,
        padding=cfg.padding,
        output_padding=cfg.output_padding,
        dilation=cfg.dilation,
    ),
    label=f"Open the term x[{first.channel}] ⋆ w[{first.channel}, {first.column}] in the "
    "Playground",
)
equal_badge(
    agreement(np.array([c.total for c in dec.channels]), dec.output),
    "sum of terms",
    "conv_transpose2d",
)
torch_badge(check)

st.subheader("The seed's Example 3: the weight decides, not out_channels")
st.markdown(
    "The article builds `nn.ConvTranspose2d(3, 2, kernel_size=2, stride=2, padding=1)` — "
    "**2** output channels declared — and then assigns a weight of shape **(3, 3, 2, 2)**. "
    "PyTorch reads C_out from the weight: C_out = weight.shape[1] × groups."
)
st.info(EXAMPLE3.explanation(), icon="🎨")
copy_box(  # wraps: the whole layer in view on a 1024 px projector
    "layer = nn.ConvTranspose2d(3, 2, kernel_size=2, stride=2, padding=1, bias=False)\n"
    "layer.weight = nn.Parameter(torch.ones(3, 3, 2, 2))  # (C_in, C_out, kH, kW)\n"
    "layer(torch.rand(1, 3, 394, 358)).shape",
    key="ch_example3",
)
run_nb, run_b = example3_layer(False), example3_layer(True)
st.markdown(
    f"Run live by torch on a 3×394×358 input: `layer.out_channels` still says "
    f"**{run_nb.declared_out_channels}**, the weight is {run_nb.weight_shape}, and the output "
    f"is **{run_nb.output_shape}**: {run_nb.output_shape[1]} channels."
)
st.warning(
    f"With the default `bias=True` the layer keeps a bias of the declared size 2, and torch "
    f"refuses: *{run_b.error}*",
    icon="⚠️",
)
st.caption(
    "Which weight keeps an RGB photo's colours apart? A diagonal one (w[i, j] = 0 for i ≠ j), "
    "or groups = 3: each colour channel is then upsampled on its own. A full weight mixes them."
)
