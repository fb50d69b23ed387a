"""Playground: build a small transposed convolution and watch it happen, number by number."""

import numpy as np
import streamlit as st

import tconv
from tconv.app.codegen import pytorch_code
from tconv.app.config import MAX_INPUT, MAX_KERNEL, Config
from tconv.app.presets import BY_NAME, PRESETS, random_grids
from tconv.app.sharelink import decode, encode
from tconv.core.crosscheck import cross_check
from tconv.core.fmt import fmt
from tconv.render.gridsvg import grid_svg
from tconv.render.player import step_texts
from tconv.ui import controls, sharing
from tconv.ui import grid_editor as grids
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.export import export_buttons
from tconv.ui.lesson import GAP, NARROW_PAGE
from tconv.ui.player import step_player
from tconv.ui.router import ensure_routed
from tconv.ui.show import code_expander, lazy_expander, svg, torch_badge
from tconv.ui.state import current_config, set_current_config

ensure_routed()

# Result grids: cells whose digits are 14 px (tconv.gridsvg sizes them 0.34 of the cell,
# 0.26 for labels of 4+ characters); 34 px of index gutter and margins around a grid.
READABLE_CELL, READABLE_CELL_LONG, GRID_EDGE = 42, 54, 34
SOURCE = "pg_source"  # the last configuration loaded (share-link text): what Reset restores


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=FULL_HASH)
def compute(x, kernel, stride, padding, output_padding, dilation, bias):
    """The scatter plan and torch's verdict for one configuration (cached by content)."""
    plan = tconv.scatter_plan(x, kernel, stride, padding, output_padding, dilation, bias)
    check = cross_check(
        plan.output[None, None],
        x[None, None],
        kernel[None, None],
        bias=np.array([bias]),
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
    )
    return plan, check


def load(cfg: Config, preset: str | None = None, params: bool = True) -> None:
    """Replace the grids and the parameters (presets, reset, share links)."""
    grids.load_grid("x", cfg.x)
    grids.load_grid("k", cfg.kernel)
    if params:
        controls.load_params(cfg)
    st.session_state[SOURCE] = encode(cfg)
    st.session_state["pg_preset"] = preset  # the preset box names what was loaded


def load_preset() -> None:
    name = st.session_state["pg_preset"]
    if name in BY_NAME:
        load(BY_NAME[name].config, name)


def reset() -> None:
    load(decode(st.session_state[SOURCE])[0], st.session_state.get("pg_preset"))


def present_requested() -> bool:
    """A link with ``present=1`` opens the player in Present mode (read once per session)."""
    if "pg_present_link" not in st.session_state:
        st.session_state["pg_present_link"] = st.query_params.get("present") == "1"
    return st.session_state["pg_present_link"]


def result_grids(ours: np.ndarray, theirs: np.ndarray) -> None:
    """tconv's output and torch's, with digits readable from the back of a room (14 px):
    side by side when both fit beside the sidebar of a 1024 px screen, else one tab each;
    a grid wider than the page keeps its size and scrolls sideways (a window of it)."""
    oh, ow = ours.shape
    labels = max(len(fmt(v)) for v in (*ours.flat, *theirs.flat))
    cell = READABLE_CELL if labels < 4 else READABLE_CELL_LONG
    items = [(ours, f"output y ({oh}×{ow})"), (theirs, "torch")]
    if GRID_EDGE + ow * cell <= (NARROW_PAGE - GAP) // 2:
        for col, (values, title) in zip(st.columns(2), items, strict=True):
            with col:
                svg(grid_svg(values, title, cell=cell))
        return
    for tab, (values, title) in zip(st.tabs(["tconv: output y", "torch"]), items, strict=True):
        with tab:
            svg(grid_svg(values, title, cell=cell))
    if GRID_EDGE + ow * cell > NARROW_PAGE:
        st.caption(
            f"{oh}×{ow} cells at a readable size: scroll sideways for the rest (on a "
            "narrow screen), or walk the step player's Result frame above."
        )


def output_size(values: dict, x_shape, k_shape) -> None:
    """Section 3: the output-size formula, then written out per axis with these numbers."""
    st.subheader("3 · Output size")
    for line in (controls.FORMULA, *controls.formula_latex(values, x_shape, k_shape)):
        st.latex(line)
    st.caption(
        "i input size, k kernel size, s stride, p padding, d dilation, a output_padding; "
        "H counts rows, W columns."
    )


def randomize() -> None:
    x, k = random_grids(grids.current_shape("x"), grids.current_shape("k"))
    grids.load_grid("x", x)
    grids.load_grid("k", k)
    st.session_state["pg_preset"] = None  # no longer that preset's numbers


st.title("Playground")
st.markdown(
    "Every input cell **pastes a copy of the kernel, scaled by its value**, into the output; "
    "copies `stride` cells apart **add up** where they overlap. Edit any number or parameter "
    "and everything below follows."
)
reconnecting = sharing.reconnecting(controls.widget_keys())  # the browser's values win
present = present_requested()  # before the URL is rewritten
linked = sharing.link_config()
if linked is not None:
    load(linked, params=not reconnecting)
elif SOURCE not in st.session_state:
    load(current_config())

# Lecture layout: the parameters live in the sidebar, so that on a 1024x768 projector (the
# sidebar open) they stay in view beside the step player, which fits the screen below them.
st.subheader("1 · Numbers")
left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
preset = left.selectbox(
    "Preset",
    [p.name for p in PRESETS],
    index=None,
    key="pg_preset",
    on_change=load_preset,
    placeholder="Choose a preset…",
    persist_state="session",
    help="Loads a ready-made configuration: its grids and its parameters.",
)
mid.button(
    "↺ Reset",
    key="pg_reset",
    on_click=reset,
    help="Undo every edit since the last preset or link was loaded.",
    width="stretch",
)
right.button(
    "🎲 Random",
    key="pg_randomize",
    on_click=randomize,
    width="stretch",
    help="Random integers from −3 to 3 in both grids, same sizes.",
)
if preset:
    st.caption(BY_NAME[preset].about)
tab_x, tab_k = st.tabs(["Input x", "Kernel K"])  # one editor at a time: whole at 1024 px
with tab_x:
    x = grids.grid_editor(
        "x",
        "Input x",
        MAX_INPUT,
        "The small grid being upsampled. Each cell scales one "
        "copy of the kernel. Double-click a cell to edit it.",
    )
with tab_k:
    k = grids.grid_editor(
        "k",
        "Kernel K",
        MAX_KERNEL,
        "The weights pasted for every input cell, as they are "
        "(not flipped). Its size and the dilation set each copy's footprint.",
    )
with st.sidebar, st.container(key="sidebar_first"):  # above the page list (app.py)
    values = controls.parameter_controls(compact=True)

st.subheader("2 · Step by step")
params = controls.check(values, x.shape, k.shape)
if params is None:
    st.info("No output to show: change the parameters in the sidebar (see the red message).")
    output_size(values, x.shape, k.shape)
    st.stop()
cfg = Config(x=x, kernel=k, **values)
set_current_config(cfg)
sharing.sync_url(cfg)
plan, check = compute(
    x, k, params.stride, params.padding, params.output_padding, params.dilation, cfg.bias
)
step_player(plan, key="player", present=present)
st.caption(
    "Parameters: in the sidebar (☰ on a phone). Keys: press ? for the list; P presents the "
    "player alone on the whole screen, Esc leaves."
)
lazy_expander(  # a long list: sent and rendered only while open (the edit stays light)
    "Steps in words (all steps listed)",
    "pg_steps",
    lambda: st.markdown("\n".join(f"{n}. {text}" for n, text in enumerate(step_texts(plan), 1))),
)
export_buttons(plan, key="export")

output_size(values, x.shape, k.shape)
st.subheader("4 · Result, checked against PyTorch")
result_grids(plan.output, check.torch_output[0, 0])
torch_badge(check)
code_expander(
    "PyTorch code for this configuration",
    "pg_code",
    lambda: pytorch_code(x, k, params, cfg.bias),
)

st.subheader("5 · Share")
sharing.share_link(cfg)
st.caption("Add `&present=1` to the link to open it straight into Present mode.")
