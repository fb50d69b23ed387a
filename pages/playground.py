"""Playground: build a small transposed convolution and watch it happen, number by number."""

import numpy as np
import streamlit as st

import tconv
from tconv.app.codegen import pytorch_code
from tconv.app.config import MAX_INPUT, MAX_KERNEL, Config
from tconv.app.presets import BY_NAME, PRESETS, random_grids
from tconv.app.sharelink import decode, encode
from tconv.core.crosscheck import cross_check
from tconv.render.player import step_texts
from tconv.ui import controls, sharing
from tconv.ui import grid_editor as grids
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.export import export_buttons
from tconv.ui.lesson import grid, grid_row
from tconv.ui.player import step_player
from tconv.ui.router import ensure_routed
from tconv.ui.show import code_expander, torch_badge
from tconv.ui.state import current_config, set_current_config

ensure_routed()

SOURCE = "pg_source"  # the last configuration loaded (share-link text): what Reset restores


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=FULL_HASH)
def compute(x, kernel, stride, padding, output_padding, dilation, bias):
    """The scatter plan and torch's verdict for one configuration (cached by content)."""
    plan = tconv.scatter_plan(x, kernel, stride, padding, output_padding, dilation, bias)
    check = cross_check(
        plan.output[None, None], x[None, None], kernel[None, None], bias=np.array([bias]),
        stride=stride, padding=padding, output_padding=output_padding, dilation=dilation,
    )  # fmt: skip
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
linked = sharing.link_config()
if linked is not None:
    load(linked, params=not reconnecting)
elif SOURCE not in st.session_state:
    load(current_config())

left, right = st.columns(2, gap="large")
with left:
    st.subheader("1 · Numbers")
    preset = st.selectbox(
        "Preset", [p.name for p in PRESETS], index=None, key="pg_preset", on_change=load_preset,
        placeholder="Choose a preset…", persist_state="session",
        help="Loads a ready-made configuration: its grids and its parameters.",
    )  # fmt: skip
    if preset:
        st.caption(BY_NAME[preset].about)
    c1, c2 = st.columns(2)
    c1.button("↺ Reset", key="pg_reset", on_click=reset, help="Undo every edit since the "
              "last preset or link was loaded.", width="stretch")  # fmt: skip
    c2.button("🎲 Randomize", key="pg_randomize", on_click=randomize, width="stretch",
              help="Random integers from −3 to 3 in both grids, same sizes.")  # fmt: skip
    x = grids.grid_editor(
        "x", "Input x", MAX_INPUT, "The small grid being upsampled. Each cell scales one "
        "copy of the kernel. Double-click a cell to edit it.",
    )  # fmt: skip
    k = grids.grid_editor(
        "k", "Kernel K", MAX_KERNEL, "The weights pasted for every input cell, as they are "
        "(not flipped). Its size and the dilation set each copy's footprint.",
    )  # fmt: skip
    st.subheader("2 · Parameters")
    values = controls.parameter_controls()
    params = controls.check(values, x.shape, k.shape)

with right:
    st.subheader("3 · Output size")
    for line in (controls.FORMULA, *controls.formula_latex(values, x.shape, k.shape)):
        st.latex(line)
    st.caption(
        "i input size, k kernel size, s stride, p padding, d dilation, a output_padding; "
        "H counts rows, W columns."
    )
    if params is None:
        st.info("No output to show: change the parameters on the left (see the red message).")
        st.stop()
    cfg = Config(x=x, kernel=k, **values)
    set_current_config(cfg)
    sharing.sync_url(cfg)
    plan, check = compute(
        x, k, params.stride, params.padding, params.output_padding, params.dilation, cfg.bias
    )
    oh, ow = plan.output_shape
    st.subheader("4 · Result, checked against PyTorch")
    ours, theirs = (plan.output, f"output y ({oh}×{ow})"), (check.torch_output[0, 0], "torch")
    if ow <= 5:  # side by side while both stay readable
        grid_row(ours, theirs, max_width=180, fit=True)
    else:
        for tab, item in zip(st.tabs(["tconv: output y", "torch"]), (ours, theirs), strict=True):
            with tab:
                grid(*item, max_width=460, fit=True)
        if ow > 20:
            st.caption(
                f"{oh}×{ow} cells, shrunk to fit this column: the step player's Result "
                "frame below shows every number."
            )
    torch_badge(check)
    code_expander(
        "PyTorch code for this configuration",
        "pg_code",
        lambda: pytorch_code(x, k, params, cfg.bias),
    )

st.subheader("5 · Step by step")
step_player(plan, key="player")
with st.expander("Steps in words (all steps listed)", expanded=False):
    st.markdown("\n".join(f"{n}. {text}" for n, text in enumerate(step_texts(plan), 1)))
export_buttons(plan, key="export")
st.subheader("6 · Share")
sharing.share_link(cfg)
