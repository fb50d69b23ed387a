"""Widgets of the Compare page: two configurations on one input, one set of step controls.

Session state (plain values only):

- ``cmp_x``: the shared input as share-link text (``1,2;3,4``), edited in a text box;
- ``cmp_{a,b}_k``: each side's kernel as text; ``cmp_{a,b}_{s,p,a,d}``: its parameters;
- ``cmp_step``: the step both sides show (1-based), moved by one slider and four buttons;
- ``cmp_url``: the query this session last wrote, so a link is read only once.

Both sides are drawn by the server at the same step (a static SVG frame each), so they
can never drift apart: there is one step index and one set of controls.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from tconv.app.compare import (
    BY_NAME,
    DEFAULT,
    MAX_INPUT,
    MAX_KERNEL,
    PAIRS,
    SIDE_KEYS,
    SIDES,
    decode_pair,
    encode_pair,
    query_string,
)
from tconv.app.config import LIMITS, Config
from tconv.app.sharelink import decode_grid, encode_grid
from tconv.core.params import TConvParams
from tconv.ui.sharing import copy_box

STEP = "cmp_step"
WRITTEN = "cmp_url"
PAIR = "cmp_pair"
QUERY_KEYS = frozenset({"x", *(f"{p}_{k}" for p in SIDES for k in SIDE_KEYS)})
NAMES = {"s": "stride", "p": "padding", "a": "output_padding", "d": "dilation"}


def _key(side: str, part: str) -> str:
    return f"cmp_{side}_{part}"


def load(a: Config, b: Config, pair: str | None = None) -> None:
    """Put both configurations into the widgets (run before them, e.g. in a callback)."""
    ss = st.session_state
    ss["cmp_x"] = encode_grid(a.x)
    for side, cfg in zip(SIDES, (a, b), strict=True):
        ss[_key(side, "k")] = encode_grid(cfg.kernel)
        for key, name in NAMES.items():
            ss[_key(side, key)] = int(getattr(cfg, name)[0])
    ss[PAIR] = pair
    ss[STEP] = 1


def _load_pair() -> None:
    name = st.session_state.get(PAIR)
    if name in BY_NAME:
        load(BY_NAME[name].a, BY_NAME[name].b, name)


def read_link() -> None:
    """Load the configurations in the URL, once (not the ones this page wrote itself).

    A bad part falls back (see :func:`tconv.app.compare.decode_pair`) with one warning that
    names the side; the other side is loaded as linked.
    """
    query = {k: v for k, v in st.query_params.to_dict().items() if k in QUERY_KEYS}
    if not query or query == st.session_state.get(WRITTEN):
        if "cmp_x" not in st.session_state:
            load(DEFAULT.a, DEFAULT.b, DEFAULT.name)
        return
    a, b, warnings = decode_pair(query, (DEFAULT.a, DEFAULT.b))
    load(a, b)
    st.session_state[WRITTEN] = query
    if warnings:
        items = "\n".join(f"- {w}" for w in warnings)
        st.warning(f"**Parts of this link could not be used:**\n{items}", icon="⚠️")


def pair_picker() -> None:
    st.selectbox(
        "Ready-made comparison",
        [p.name for p in PAIRS],
        index=None,
        key=PAIR,
        on_change=_load_pair,
        placeholder="Choose a comparison…",
        persist_state="session",
        help="Loads both sides (and their shared input).",
    )


def _grid_input(label: str, key: str, max_shape, help: str) -> tuple[np.ndarray | None, str]:
    text = st.text_input(label, key=key, help=help, persist_state="session")
    try:
        return decode_grid(text, max_shape), ""
    except (ValueError, OverflowError) as e:
        return None, (
            f"{label}: {e}. Write rows separated by ';' and numbers by ',', e.g. 1,2;3,4 "
            f"(up to {max_shape[0]}×{max_shape[1]})."
        )


def editors() -> tuple[np.ndarray | None, list[str], dict]:
    """The shared input and each side's kernel and parameters.

    Returns the input (None when unusable), the input's error messages and, per side,
    ``(Config | None, error message)``. Nothing the teacher typed is changed.
    """
    x, x_error = _grid_input(
        "Input x (shared)",
        "cmp_x",
        MAX_INPUT,
        "Rows separated by ';', numbers by ','. Both sides scatter this input.",
    )
    sides: dict = {}
    for col, side in zip(st.columns(2, gap="medium"), SIDES, strict=True):
        with col:
            k, k_error = _grid_input(
                f"Kernel {side.upper()}",
                _key(side, "k"),
                MAX_KERNEL,
                "Rows separated by ';', numbers by ','.",
            )
            values = {}
            cells = st.columns(2) * 2
            for cell, (key, name) in zip(cells, NAMES.items(), strict=True):
                lo, hi = LIMITS[name]
                values[name] = cell.number_input(
                    f"{name} {key}", lo, hi, step=1, key=_key(side, key), persist_state="session"
                )
            sides[side] = (k, values, k_error)
    out = {}
    for side, (k, values, error) in sides.items():
        label = f"Configuration {side.upper()}"
        if error:
            out[side] = (None, error)
            continue
        try:
            params = TConvParams.make(**values)
            if x is not None:
                params.output_size(x.shape, k.shape)
        except ValueError as e:
            out[side] = (None, f"{label}: PyTorch would refuse this: {e}.")
            continue
        pairs = {name: (v, v) for name, v in values.items()}
        cfg = Config(x=x if x is not None else np.zeros((1, 1)), kernel=k, **pairs)
        out[side] = (cfg, "")
    return x, [x_error] if x_error else [], out


def summary(cfg: Config) -> str:
    """One short line: ``k 3×3 · s 2 · p 0 · a 0 · d 1``."""
    kh, kw = cfg.kernel.shape
    return (
        f"k {kh}×{kw} · s {cfg.stride[0]} · p {cfg.padding[0]} · a {cfg.output_padding[0]} "
        f"· d {cfg.dilation[0]}"
    )


def about() -> None:
    """The ready-made comparison's explanation, if one is loaded."""
    if st.session_state.get(PAIR) in BY_NAME:
        st.caption(f"**{st.session_state[PAIR]}.** {BY_NAME[st.session_state[PAIR]].about}")


def _move(to: str, n: int) -> None:
    now = st.session_state.get(STEP, 1)
    st.session_state[STEP] = {"first": 1, "prev": now - 1, "next": now + 1, "last": n}[to]
    st.session_state[STEP] = min(max(st.session_state[STEP], 1), n)


def step_controls(n: int) -> int:
    """One step for both sides: first / previous / a slider / next / last. Returns it."""
    ss = st.session_state
    ss[STEP] = min(max(int(ss.get(STEP, 1)), 1), n)
    buttons = {  # label, help, keyboard shortcut
        "first": ("«", "First step", None),
        "prev": ("‹", "Previous step", "Left"),
        "next": ("›", "Next step", "Right"),
        "last": ("»", "Last step", None),
    }

    def button(to: str) -> None:
        icon, help, key = buttons[to]
        st.button(
            icon,
            key=f"cmp_{to}",
            on_click=_move,
            args=(to, n),
            shortcut=key,
            help=f"{help} (the {key} arrow key)" if key else help,
        )

    # One row that never stacks, even on a phone: « ‹ [slider] › »
    with st.container(horizontal=True, wrap=False, vertical_alignment="center"):
        button("first")
        button("prev")
        if n > 1:
            st.slider("Step (both sides)", 1, n, key=STEP, label_visibility="collapsed")
        else:
            st.caption("One input cell: one step.")
        button("next")
        button("last")
    return ss[STEP]


def sync_url(a: Config, b: Config) -> None:
    """Write both sides into the URL, so the address bar is always a share link."""
    query = encode_pair(a, b)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    st.session_state[WRITTEN] = query


def share_link(a: Config, b: Config) -> None:
    base = st.context.url or "compare"
    copy_box(f"{base}?{query_string(a, b)}", key="cmp_share")
    st.caption("Copy this link: opening it restores both configurations and the input.")
