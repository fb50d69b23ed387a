"""A small app for the step player's browser tests (not a page of the product).

Mounts :func:`tconv.ui.player.step_player` for the seed's Example 1, for a case with
padding, output_padding, dilation and a bias, and for the Playground's largest canvas
(41x41), so the browser tests exercise the player on its own, whatever the Playground page
around it looks like.
"""

import numpy as np
import streamlit as st

import tconv
from tconv.ui.export import export_buttons
from tconv.ui.player import step_player

st.set_page_config(page_title="Step player test", layout="wide")

st.subheader("Example 1")
bias = 1.0 if st.toggle("Add a bias of 1", key="bias_toggle") else 0.0
example = tconv.scatter_plan(
    np.array([[0.0, 1.0], [2.0, 3.0]]), np.array([[4.0, 1.0], [2.0, 3.0]]), stride=2, bias=bias
)
step_player(example, key="example1")

st.subheader("Padded")
padded = tconv.scatter_plan(
    np.array([[1.0, 2.0, 0.0], [-1.0, 3.0, 1.0], [2.0, 0.0, 1.0]]),
    np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.0], [1.0, -1.0, 1.0]]),
    stride=2,
    padding=1,
    output_padding=1,
    dilation=1,
    bias=0.5,
)
step_player(padded, key="padded")
export_buttons(padded, key="export")

st.subheader("Largest")
# The Playground's largest canvas (8x8 input, 5x5 kernel, stride 4, dilation 3): 41x41.
rng = np.random.default_rng(1)
largest = tconv.scatter_plan(
    rng.integers(-3, 4, (8, 8)).astype(float),
    rng.integers(-2, 3, (5, 5)).astype(float),
    stride=4,
    dilation=3,
)
step_player(largest, key="largest")
