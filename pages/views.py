"""Four views: scatter, gather, matrix and sub-pixel give one answer; transposed convolution
is conv2d's gradient, and it restores the shape, not the values."""

import streamlit as st

from tconv.ui.lesson import pick_config_row, row
from tconv.ui.router import ensure_routed
from tconv.ui.views_data import views
from tconv.ui.views_tabs import VIEWS, view_args
from tconv.views.fourviews import VIEW_TABS

ensure_routed()

st.title("Four ways to one answer")
st.markdown(
    "The same transposed convolution, computed four ways: **scatter** (each input cell pastes "
    "a scaled kernel), **gather** (each output cell reads a stretched input through a rotated "
    "kernel), **matrix** (y = Cᵀx) and **sub-pixel** (s×s small convolutions, interleaved). "
    "Every view is checked against the scatter result and PyTorch."
)
cfg = pick_config_row("views_config")

try:
    v = views(*view_args(cfg), cfg.bias)
except ValueError as e:  # presets and decoded links are valid; keep the page usable anyway
    st.error(str(e))
    st.stop()
plan = v.scatter
(oh, ow), (ih, iw) = plan.output_shape, cfg.x.shape
st.markdown(
    f"input **{ih}×{iw}**, kernel **{cfg.kernel.shape[0]}×{cfg.kernel.shape[1]}**, stride "
    f"{cfg.stride}, padding {cfg.padding}, output_padding {cfg.output_padding}, dilation "
    f"{cfg.dilation}, bias {cfg.bias:g} → output **{oh}×{ow}**"
)
row(
    (plan.x, "input x"),
    (plan.kernel, "kernel K"),
    (plan.output, f"the answer {oh}×{ow}"),
    widths=[1, 1, 2],
)


# Only the open view is built: the tabs rerun the page when the reader switches, and the
# largest link used to send 51 grids (2.2 MB of SVG) for six views at once. The open view's
# name is in the URL (``view=``), so a link can open a view.
tabs = st.tabs(list(VIEW_TABS), key="view", bind="query-params")
for tab, view in zip(tabs, VIEWS, strict=True):
    if tab.open:
        with tab:
            view(v, cfg)
