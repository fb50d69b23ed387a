"""The Four views page's data: its cached computations and the agreement badges."""

from __future__ import annotations

import numpy as np
import streamlit as st

from tconv.render.heatmap import heatmap_png
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.lesson import equal_badge
from tconv.views.autograd_demo import gradient_demo, round_trip
from tconv.views.fourviews import FourViews, four_views


@st.cache_data(max_entries=16, hash_funcs=FULL_HASH)
def views(x: np.ndarray, k: np.ndarray, s, p, a, d, b: float) -> FourViews:
    return four_views(x, k, s, p, a, d, b)


@st.cache_data(max_entries=16, hash_funcs=FULL_HASH)
def torch_demos(x: np.ndarray, k: np.ndarray, s, p, a, d):
    return gradient_demo(x, k, s, p, a, d), round_trip(k, x.shape, s, p, a, d)


@st.cache_data(max_entries=8, hash_funcs=FULL_HASH)
def c_heatmap(c: np.ndarray) -> bytes:
    return heatmap_png(c, row_label="row = input cell x[r, c]", col_label="column = output cell")


def badges(v: FourViews, view: str) -> None:
    """The view's agreement with the scatter result (other views) and with PyTorch."""
    if view != "scatter":
        equal_badge(v.vs_scatter(view), view, "scatter")
    equal_badge(v.vs_torch(view), view, "PyTorch")


def bullets(lines) -> str:
    return "\n".join(f"- {line}" for line in lines)
