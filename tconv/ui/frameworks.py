"""Widgets of the Frameworks page: the window drawn on the full canvas, the live run of
each framework (cached, libraries imported only here, on first use) and its verdict."""

from __future__ import annotations

import numpy as np
import streamlit as st

from tconv.frameworks import FORMS, Form, Layer, Window, extra_text, live, reference
from tconv.render.gridsvg import grid_svg
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.gc_freeze import freeze_after_import
from tconv.ui.lesson import fit_cell
from tconv.ui.show import svg

INSTALL = {
    "PyTorch": "torch",
    "Keras 3": "keras",
    "JAX": "jax",
    "TensorFlow": "tensorflow-cpu",
    "ONNX": "onnx onnxruntime",
}


def canvas(full: np.ndarray, window: Window, title: str, max_width: int = 420) -> None:
    """The full canvas (2D), grown by any zeros the window adds, with the cells the window
    cuts hatched."""
    h, w = full.shape
    top, left = max(-window.lo[0], 0), max(-window.lo[1], 0)
    big = np.zeros((h + top + max(-window.hi[0], 0), w + left + max(-window.hi[1], 0)))
    big[top : top + h, left : left + w] = full
    keep = np.zeros(big.shape, bool)
    (r0, c0), (oh, ow) = (top + window.lo[0], left + window.lo[1]), window.size(full.shape)
    keep[r0 : r0 + oh, c0 : c0 + ow] = True
    svg(grid_svg(big, title, cell=fit_cell(big.shape, max_width), shade=~keep), fit=True)


def cut_words(window: Window, full) -> str:
    """Which rows and columns of the full canvas the window cuts or adds, in words."""
    parts = []
    for n, (axis, many) in enumerate((("row", "rows"), ("column", "columns"))):
        lo, hi = window.axis(n)
        cut = [f"{axis} {j}" for j in range(max(lo, 0))]
        cut += [f"{axis} {j}" for j in range(full[n] - max(hi, 0), full[n])]
        add = (-lo if lo < 0 else 0) + (-hi if hi < 0 else 0)
        text = ("cuts " + ", ".join(cut)) if cut else f"keeps all {many}"
        parts.append(text + (f" and adds {add} zero {many if add > 1 else axis}" if add else ""))
    return "; ".join(parts)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=FULL_HASH)
def run_live(
    framework: str, x: np.ndarray, w: np.ndarray, layer: tuple, window: tuple, data_format: str
) -> tuple[np.ndarray | None, str]:
    """(values, error) of one framework on these numbers; keyed by the arrays' contents
    and plain tuples."""
    ly, win = Layer(*layer), Window(*window)
    form = FORMS[framework].express(ly, x.shape[-2:], win)
    try:
        if framework == "Keras 3":
            return live.run_keras(x, w, ly, form, data_format), ""
        return live.RUNNERS[framework](x, w, ly, form), ""
    except Exception as e:  # a framework's own refusal, shown to the learner as text
        return None, f"{type(e).__name__}: {e}"
    finally:  # the library just imported leaves the collector's scans (tconv/ui/gc_freeze.py)
        freeze_after_import(live.MODULES[framework])


def key_of(layer: Layer, window: Window) -> tuple[tuple, tuple]:
    return (
        (
            layer.in_channels,
            layer.out_channels,
            layer.kernel,
            layer.stride,
            layer.dilation,
            layer.groups,
        ),
        (window.lo, window.hi),
    )


def verdict(
    framework: str,
    form: Form,
    x,
    w,
    layer: Layer,
    window: Window,
    data_format: str = "channels_last",
    run: bool = True,
) -> str:
    """Show the framework's verdict; return it as one short word for the overview."""
    if not form.supported:
        st.warning(f"**Cannot express this window.** {form.reason}.", icon="🚫")
        return "cannot"
    if not run:
        st.info("Live checks are off.", icon="⏸️")
        return "not run"
    if not live.installed(framework):
        st.info(
            f"**Not run here**: {framework} is not installed (`pip install "
            f"{INSTALL[framework]}`). The code is the documented equivalent.",
            icon="ℹ️",
        )
        return "not installed"
    with st.spinner(f"Running {framework} (its first import can take a few seconds)…"):
        got, error = run_live(framework, x, w, *key_of(layer, window), data_format)
    if error:
        st.error(f"**{framework} raised an error** on these numbers:", icon="❌")
        st.text(error[:600])
        return "error"
    want = reference(x, w, layer, window)
    if got.shape != want.shape:
        st.error(
            f"**Different shape**: {framework} gives {got.shape[-2:]}, tconv {want.shape[-2:]}.",
            icon="❌",
        )
        return "differs"
    diff = float(np.max(np.abs(got - want))) if want.size else 0.0
    ok = diff <= 1e-4 * max(1.0, float(np.max(np.abs(want))))
    box = st.success if ok else st.error
    box(
        f"**{'Same numbers as' if ok else 'Differs from'} tconv**, run live: max |{framework} "
        f"− tconv| = {diff:.2g} (float32). Output {got.shape[-2]}×{got.shape[-1]}"
        + (f"; after the extra step: {extra_text(form.extra)}." if form.needs_extra else "."),
        icon="✅" if ok else "❌",
    )
    return "same ✅" if ok else "differs ❌"


def kernels(kernel: np.ndarray) -> None:
    """The kernel as PyTorch (and Keras, TF, ONNX) store it, beside the 180° rotation a
    convolution over the zero-inserted input needs."""
    k = np.asarray(kernel, dtype=float)
    cell = fit_cell(k.shape, 260)
    left, right = st.columns(2)
    with left:
        svg(grid_svg(k, "weight[0, 0] (no flip)", cell=cell), fit=True)
    with right:
        svg(grid_svg(k[::-1, ::-1], "rotated 180° (gather view)", cell=cell), fit=True)
