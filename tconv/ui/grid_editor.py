"""A small grid of numbers edited cell by cell (``st.data_editor``), with size selectors.

Session state per grid ``name`` (plain values, no arrays):

- ``pg_{name}_base``: the values the editor starts from, as share-link text (``1,2;3,4``);
- ``pg_{name}_now``: the values after the learner's edits, written on every run;
- ``pg_{name}_v``: a version counter in the editor's key. Bumping it (preset, reset,
  randomize, link, resize) mounts a fresh editor on new values;
- ``pg_{name}_rows`` / ``pg_{name}_cols``: the size selectors.

Edits live in the editor's own state, so they survive every rerun that does not bump the
version (a parameter change, for example). When that state is gone (the learner visited
another page), the editor restarts from ``now``, so no edit is lost either.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from tconv.app.config import MAX_ABS_VALUE
from tconv.app.sharelink import decode_grid, encode_grid

PREFIX = "pg_"


def _key(name: str, part: str) -> str:
    return f"{PREFIX}{name}_{part}"


def sanitise(values, name: str) -> tuple[np.ndarray, list[str]]:
    """Make an edited grid safe to compute with.

    Every cell that is not a finite number (text, empty, NaN, inf) becomes 0, and every
    number beyond ±MAX_ABS_VALUE is clipped to it. Returns the float64 array and one
    warning per kind of repair, naming the cells as ``name[row, col]``.
    """
    raw = np.asarray(values, dtype=object)
    if raw.ndim != 2:
        raw = np.atleast_2d(raw)
    out = np.zeros(raw.shape, dtype=np.float64)
    bad, clipped = [], []
    for (r, c), v in np.ndenumerate(raw):
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = float("nan")
        if not np.isfinite(f):
            bad.append(f"{name}[{r}, {c}]")
        elif abs(f) > MAX_ABS_VALUE:
            clipped.append(f"{name}[{r}, {c}]")
            out[r, c] = float(np.clip(f, -MAX_ABS_VALUE, MAX_ABS_VALUE))
        else:
            out[r, c] = f
    notes = []
    if bad:
        notes.append(f"{', '.join(bad)}: empty or not a number, counted as 0.")
    if clipped:
        notes.append(
            f"{', '.join(clipped)}: beyond ±{MAX_ABS_VALUE:g}, clipped to ±{MAX_ABS_VALUE:g}."
        )
    return out, notes


def _store(name: str, values: np.ndarray) -> None:
    text = encode_grid(values)
    st.session_state[_key(name, "base")] = text
    st.session_state[_key(name, "now")] = text
    st.session_state[_key(name, "v")] = st.session_state.get(_key(name, "v"), 0) + 1


def load_grid(name: str, values) -> None:
    """Replace the grid's values and size (run it before the widgets, e.g. in a callback)."""
    values = np.asarray(values, dtype=np.float64)
    _store(name, values)
    st.session_state[_key(name, "rows")], st.session_state[_key(name, "cols")] = values.shape


def current_shape(name: str) -> tuple[int, int]:
    """The grid's size as the size selectors hold it."""
    return st.session_state[_key(name, "rows")], st.session_state[_key(name, "cols")]


def _resize(name: str, max_shape: tuple[int, int]) -> None:
    """Size-selector callback: keep the overlapping values, fill new cells with 0."""
    old = decode_grid(st.session_state[_key(name, "now")], max_shape)
    new = np.zeros(current_shape(name))
    h, w = min(old.shape[0], new.shape[0]), min(old.shape[1], new.shape[1])
    new[:h, :w] = old[:h, :w]
    _store(name, new)


def grid_editor(name: str, label: str, max_shape: tuple[int, int], help: str) -> np.ndarray:
    """Size selectors and an editable grid; returns the sanitised float64 values.

    ``load_grid(name, ...)`` must have run once before (it sets the initial values).
    """
    ss = st.session_state
    editor_key = _key(name, f"editor_{ss[_key(name, 'v')]}")
    if editor_key not in ss:  # a fresh editor: start from the latest values
        ss[_key(name, "base")] = ss[_key(name, "now")]
    st.markdown(f"**{label}**", help=help)
    cols = st.columns(2)
    for col, part, axis, limit in zip(
        cols, ("rows", "cols"), ("rows", "columns"), max_shape, strict=True
    ):
        col.number_input(
            f"{label.split()[0]} {axis}",
            min_value=1,
            max_value=limit,
            step=1,
            key=_key(name, part),
            on_change=_resize,
            args=(name, max_shape),
            persist_state="session",
            help=f"Number of {axis} (1 to {limit}). New cells start at 0.",
        )
    base = decode_grid(ss[_key(name, "base")], max_shape)
    number = st.column_config.NumberColumn(  # narrow enough for 8 columns in half a page
        min_value=-MAX_ABS_VALUE,
        max_value=MAX_ABS_VALUE,
        required=True,
        width=50 if base.shape[1] <= 6 else 44,
    )
    names = [str(j) for j in range(base.shape[1])]
    edited = st.data_editor(
        pd.DataFrame(base, columns=names),
        key=editor_key,
        column_config=dict.fromkeys(names, number),
        num_rows="fixed",
        hide_index=False,
        width="content",
    )
    values, notes = sanitise(edited.to_numpy(), name)
    for note in notes:
        st.warning(note, icon="⚠️")
    ss[_key(name, "now")] = encode_grid(values)
    return values
