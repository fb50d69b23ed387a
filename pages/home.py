"""Home: what transposed convolution is, the output-size formula, seed Example 1 live."""

import numpy as np
import streamlit as st

import tconv
from tconv.app.codegen import pytorch_code
from tconv.core.crosscheck import cross_check
from tconv.render.gridsvg import grid_svg
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.router import ensure_routed
from tconv.ui.show import code_expander, svg, torch_badge

ensure_routed()

X = np.array([[0.0, 1.0], [2.0, 3.0]])
K = np.array([[4.0, 1.0], [2.0, 3.0]])
STRIDE = 2


@st.cache_data(max_entries=4, hash_funcs=FULL_HASH)
def example(x: np.ndarray, k: np.ndarray, stride: int):
    plan = tconv.scatter_plan(x, k, stride=stride)
    check = cross_check(plan.output[None, None], x[None, None], k[None, None], stride=stride)
    return plan, check


st.title("Transposed Convolution Explorer")
st.markdown(
    """
A **transposed convolution** (PyTorch's `nn.ConvTranspose2d`) makes a small grid bigger.
Every input cell **scales the kernel** by its value and **adds** that copy into the output,
`stride` cells apart from its neighbour's copy. Where copies overlap, they sum.

It is *not* an inverse of convolution ("deconvolution" is a misnomer): it restores a
shape, not the values. It is the gradient of a convolution with respect to its input,
which is why decoders, GANs and segmentation networks use it to upsample.
"""
)

st.subheader("How big is the output?")
st.latex(r"o = (i - 1)\,s \;-\; 2p \;+\; d\,(k - 1) \;+\; a \;+\; 1")
st.markdown(
    "input size *i*, stride *s*, padding *p*, dilation *d*, kernel size *k*, "
    "output_padding *a*. Padding **crops** the result (it never pads the input); "
    "output_padding adds rows and columns at the bottom and right only."
)

st.subheader("Example: a 2×2 input, a 2×2 kernel, stride 2")
plan, check = example(X, K, STRIDE)
cols = st.columns([1, 1, 2])
with cols[0]:
    svg(grid_svg(plan.x, "input x"))
with cols[1]:
    svg(grid_svg(plan.kernel, "kernel K"))
with cols[2]:
    svg(grid_svg(plan.output, f"output {plan.output.shape[0]}×{plan.output.shape[1]}"))
i, k = X.shape[0], K.shape[0]
st.markdown(
    f"Output size: ({i} − 1)·{STRIDE} − 2·0 + 1·({k} − 1) + 0 + 1 = "
    f"**{plan.output.shape[0]}**. Each input cell pastes a scaled kernel into its own "
    f"2×2 block: x[1,0] = 2 pastes 2·K = [[8, 2], [4, 6]] into the bottom-left block."
)
torch_badge(check)
code_expander(
    "PyTorch code that reproduces this", "home_code", lambda: pytorch_code(X, K, plan.params)
)

st.subheader("Where to go next")
NEXT = [
    ("pages/lesson.py", "Guided lesson", "🧑‍🏫", "a 50-minute class path, one link per stop"),
    ("pages/playground.py", "Playground", "🧮", "build your own and watch it step by step"),
    ("pages/views.py", "Four views", "🔀", "scatter, gather, matrix Cᵀ and sub-pixel agree"),
    (
        "pages/channels.py",
        "Channels & groups",
        "🎨",
        "the weight layout (C_in, C_out/groups, kH, kW)",
    ),
    ("pages/shapes.py", "Shapes & solver", "📐", "which parameters give the size you want"),
    ("pages/practice.py", "Practice", "🎯", "exercises with instant feedback"),
    ("pages/photo.py", "Photo upsampling", "🖼️", "upsample a photo and see checkerboards"),
    ("pages/compare.py", "Compare", "⚖️", "two configurations side by side, stepping together"),
    (
        "pages/frameworks.py",
        "Frameworks",
        "🔁",
        "the same layer in PyTorch, Keras, JAX, TensorFlow and ONNX",
    ),
]
for path, label, icon, what in NEXT:
    st.page_link(path, label=f"**{label}**: {what}", icon=icon)
