"""Four views: scatter, gather, matrix and sub-pixel give one answer; transposed convolution
is conv2d's gradient, and it restores the shape, not the values."""

import numpy as np
import streamlit as st

from tconv.autograd_demo import gradient_demo, round_trip
from tconv.fourviews import agreement, four_views
from tconv.heatmap import heatmap_png
from tconv.ui.lesson import equal_badge, grid, pick_config
from tconv.ui.state import playground_link

SMALL_C = (25, 40)  # draw C number by number up to this many rows and columns


@st.cache_data(max_entries=16)
def views(x: np.ndarray, k: np.ndarray, s, p, a, d, b: float):
    return four_views(x, k, s, p, a, d, b)


@st.cache_data(max_entries=16)
def torch_demos(x: np.ndarray, k: np.ndarray, s, p, a, d):
    return gradient_demo(x, k, s, p, a, d), round_trip(k, x.shape, s, p, a, d)


@st.cache_data(max_entries=8)
def c_heatmap(c: np.ndarray) -> bytes:
    return heatmap_png(c, row_label="row = input cell x[r, c]", col_label="column = output cell")


def badges(v, view: str) -> None:
    if view != "scatter":
        equal_badge(v.vs_scatter(view), view, "scatter")
    equal_badge(v.vs_torch(view), view, "PyTorch")


st.title("Four ways to one answer")
st.markdown(
    "The same transposed convolution, computed four ways: **scatter** (each input cell pastes "
    "a scaled kernel), **gather** (each output cell reads a stretched input through a rotated "
    "kernel), **matrix** (y = Cᵀx) and **sub-pixel** (s×s small convolutions, interleaved). "
    "Every view is checked against the scatter result and PyTorch."
)
top = st.columns([2, 1])
with top[0]:
    cfg = pick_config("views_config")
with top[1]:
    st.write("")
    playground_link(cfg)

args = (cfg.x, cfg.kernel, cfg.stride, cfg.padding, cfg.output_padding, cfg.dilation)
try:
    v = views(*args, cfg.bias)
except ValueError as e:  # presets and decoded links are valid; keep the page usable anyway
    st.error(str(e))
    st.stop()
plan = v.scatter
(oh, ow), (fh, fw) = plan.output_shape, plan.full_shape
st.markdown(
    f"input **{cfg.x.shape[0]}×{cfg.x.shape[1]}**, kernel **{cfg.kernel.shape[0]}×"
    f"{cfg.kernel.shape[1]}**, stride {cfg.stride}, padding {cfg.padding}, output_padding "
    f"{cfg.output_padding}, dilation {cfg.dilation}, bias {cfg.bias:g} → output **{oh}×{ow}**"
)
cols = st.columns([1, 1, 2])
with cols[0]:
    grid(plan.x, "input x", 300)
with cols[1]:
    grid(plan.kernel, "kernel K", 300)
with cols[2]:
    grid(plan.output, f"the answer: {oh}×{ow}", 560)

tabs = st.tabs(["1 · Scatter", "2 · Gather", "3 · Matrix", "4 · Sub-pixel",
                "Gradient of conv2d", "Not an inverse"])  # fmt: skip

with tabs[0]:
    st.markdown(
        f"Input cell x[r, c] adds **x[r, c]·K** (the kernel as is) at rows r·s + u·d, columns "
        f"c·s + v·d of a **{fh}×{fw}** canvas. Padding then **crops** the hatched border; "
        "output_padding adds rows/columns at the bottom/right."
    )
    (top_, bot), (left, right) = plan.crop
    rr, cc = np.indices(plan.full_shape)
    cropped = (rr < top_) | (rr >= bot) | (cc < left) | (cc >= right)
    c1, c2 = st.columns(2)
    with c1:
        grid(plan.full, f"full canvas {fh}×{fw} (hatched: cropped)", 600, shade=cropped)
    with c2:
        grid(plan.output, f"scatter result {oh}×{ow}", 600)
    badges(v, "scatter")

with tabs[1]:
    g = v.gather
    st.markdown(
        f"**Step 1 — insert zeros.** Put s − 1 zeros between neighbouring input cells "
        f"(outlined: the input's own cells): {g.zero_inserted.shape[0]}×"
        f"{g.zero_inserted.shape[1]}."
    )
    st.markdown("**Step 2 — pad by d·(k − 1) − p** (plus output_padding at the bottom/right):")
    st.markdown("\n".join(f"- {line}" for line in g.pad_formulas()))
    if g.crops:
        st.warning(
            "A padding amount is negative: that side is **cropped** instead (hatched cells "
            "on the left are removed).",
            icon="✂️",
        )
    c1, c2 = st.columns(2)
    with c1:
        grid(g.zero_inserted, "zeros inserted", 560, shade=g.cropped_mask,
             highlight=g.input_cells)  # fmt: skip
    with c2:
        grid(g.padded, f"padded {g.padded.shape[0]}×{g.padded.shape[1]} (hatched: padding)",
             560, shade=g.is_padding, highlight=map(tuple, np.argwhere(g.is_input)))  # fmt: skip
    st.markdown("**Step 3 — rotate the kernel 180°** (and dilate it), then slide and sum:")
    st.badge("Kernel rotated 180°", icon="🔄", color="orange")
    k1, k2, k3 = st.columns(3)
    with k1:
        grid(plan.kernel, "K", 240)
    with k2:
        grid(g.rotated_kernel, "K rotated 180°", 240)
    with k3:
        if max(plan.params.dilation) > 1:
            grid(g.dilated_kernel, f"dilated by {plan.params.dilation}", 300)
    grid(g.output, f"gather result {oh}×{ow}", 600)
    badges(v, "gather")

with tabs[2]:
    m = v.matrix
    st.markdown("\n".join(f"- {line}" for line in m.shape_lines()))
    if m.C.shape[0] <= SMALL_C[0] and m.C.shape[1] <= SMALL_C[1]:
        grid(m.C, f"C: {m.C.shape[0]} × {m.C.shape[1]}", 1100)
        st.caption("Row r·W + c of C is input cell x[r, c]; column j·O + l is output y[j, l].")
    else:
        st.image(c_heatmap(m.C), caption=f"C: {m.C.shape[0]} × {m.C.shape[1]} (too big for "
                 "numbers; blue positive, orange negative, white zero)")  # fmt: skip
    c1, c2 = st.columns([1, 2])
    with c1:
        grid(m.x_flat[None], f"x flattened ({m.x_flat.size})", 500)
    with c2:
        if m.y_flat.size <= SMALL_C[1]:
            grid(m.y_flat[None], f"y = Cᵀx ({m.y_flat.size})", 1000)
    grid(m.output, f"y reshaped to {oh}×{ow}", 600)
    badges(v, "matrix")

with tabs[3]:
    sp = v.subpixel
    sh, sw = plan.params.stride
    st.markdown(
        f"Stride {sh}×{sw} splits the output into **{sh * sw} phases** (output row mod "
        f"{sh}, column mod {sw}). Each phase only ever receives some kernel taps: it is one "
        "small correlation of x with those taps rotated 180°. Interleave the phases and you "
        "have the answer, without multiplying a single inserted zero."
    )
    names = [f"phase {ph.phase}" for ph in sp.phases]
    pick = st.selectbox("Highlight a phase in the output", names, key="views_phase",
                        persist_state="session")  # fmt: skip
    chosen = sp.phases[names.index(pick) if pick in names else 0]
    for start in range(0, len(sp.phases), sw):
        row = st.columns(sw)
        for col, ph in zip(row, sp.phases[start : start + sw], strict=True):
            with col:
                st.markdown(
                    f"**phase {ph.phase}** · taps rows {list(ph.taps_h)}, cols "
                    f"{list(ph.taps_w)} · start {ph.start}, spacing {ph.dilation}"
                )
                if ph.kernel.size and ph.result.size:
                    grid(ph.kernel, "taps rotated", 200)
                    grid(ph.result, f"{ph.result.shape[0]}×{ph.result.shape[1]}", 300)
                else:
                    st.caption("no kernel tap lands here: zeros (plus bias)"
                               if ph.result.size else "no output cell in this phase")  # fmt: skip
    grid(sp.output, f"interleaved {oh}×{ow} (outlined: {pick})", 600, highlight=chosen.cells)
    badges(v, "subpixel")

grad, trip = torch_demos(*args)
with tabs[4]:
    st.markdown(
        "Take the conv2d with the same kernel, stride, padding and dilation, on an "
        f"{oh}×{ow} image z. torch **autograd** gives the gradient of sum(conv2d(z) · x) "
        "with respect to z. It is exactly the transposed convolution of x:"
    )
    c1, c2 = st.columns(2)
    with c1:
        grid(grad.gradient, "autograd: ∂ sum(conv2d(z)·x) / ∂z", 560)
    with c2:
        grid(grad.transposed, "torch conv_transpose2d(x, K)", 560)
    equal_badge(agreement(grad.gradient, grad.transposed), "gradient", "conv_transpose2d")

with tabs[5]:
    st.markdown(
        f"Start from an {oh}×{ow} image, conv2d it down with K to {cfg.x.shape[0]}×"
        f"{cfg.x.shape[1]}, then conv_transpose2d it back up with the same K. The **shape** "
        "comes back; the **values** do not. Transposed convolution is not an inverse "
        '("deconvolution" is a misnomer).'
    )
    c1, c2, c3 = st.columns(3)
    with c1:
        grid(trip.image, "image", 420)
    with c2:
        grid(trip.down, "conv2d(image, K)", 420)
    with c3:
        grid(trip.back, "conv_transpose2d(that, K)", 420)
    same = "the same shape" if trip.same_shape else "a different shape"
    st.info(f"{same.capitalize()} ({trip.back.shape[0]}×{trip.back.shape[1]}), other numbers: "
            f"max |image − result| = {trip.max_abs_diff:.3g}.", icon="↩️")  # fmt: skip
