"""The Four views page's six tabs, each drawn from the page's computed views (``v``, from
:func:`tconv.ui.views_data.views`) and its configuration (``cfg``). The page builds only the
open tab (pages/views.py)."""

import numpy as np
import streamlit as st

from tconv.core.tolerance import agreement
from tconv.ui.lesson import GAP, NARROW_PAGE, equal_badge, grid, row, wide
from tconv.ui.views_data import badges, bullets, c_heatmap, torch_demos

SMALL_C = (25, 40)  # draw C number by number up to this many rows and columns


def view_args(cfg) -> tuple:
    """The arguments of :func:`tconv.ui.views_data.views` and ``torch_demos``."""
    return cfg.x, cfg.kernel, cfg.stride, cfg.padding, cfg.output_padding, cfg.dilation


def scatter_view(v, cfg) -> None:
    """The scatter view: every input cell pastes a scaled kernel into the full canvas."""
    plan = v.scatter
    (oh, ow), (fh, fw) = plan.output_shape, plan.full_shape
    st.markdown(
        f"Input cell x[r, c] adds **x[r, c]·K** (the kernel as is) at rows r·s + u·d, columns "
        f"c·s + v·d of a **{fh}×{fw}** canvas. Padding then **crops** the hatched border; "
        "output_padding adds rows/columns at the bottom/right."
    )
    (top_, bottom), (left, right) = plan.crop
    rr, cc = np.indices(plan.full_shape)
    cropped = (rr < top_) | (rr >= bottom) | (cc < left) | (cc >= right)
    row(
        (plan.full, f"full canvas {fh}×{fw} (hatched: cropped)", dict(shade=cropped)),
        (plan.output, f"scatter result {oh}×{ow}"),
    )
    badges(v, "scatter")


def gather_view(v, cfg) -> None:
    """The gather view: zeros inserted, padded, the rotated kernel slid over it."""
    plan = v.scatter
    oh, ow = plan.output_shape
    g = v.gather
    st.markdown(
        "**Step 1 — insert s − 1 zeros** between neighbouring input cells (outlined: the "
        "input's own cells). **Step 2 — pad by d·(k − 1) − p** on each side, plus "
        "output_padding at the bottom/right:\n" + bullets(g.pad_formulas())
    )
    if g.crops:
        st.warning(
            "A padding amount is negative: that side is **cropped** instead (the "
            "hatched cells of the zero-inserted input are removed).",
            icon="✂️",
        )
    zi, pd = g.zero_inserted.shape, g.padded.shape
    st.markdown(
        "**Step 3 — rotate the kernel 180°** (and dilate it), slide it over the "
        "padded input and sum: each output cell *gathers* one window."
    )
    st.badge("Kernel rotated 180°", icon="🔄", color="orange")
    c1, c2 = st.columns(2)
    at_r = c1.number_input(
        "Follow output row", 0, oh - 1, 0, key="views_gather_r", persist_state="session"
    )
    at_c = c2.number_input(
        "Follow output column", 0, ow - 1, 0, key="views_gather_c", persist_state="session"
    )
    at_r, at_c = min(int(at_r), oh - 1), min(int(at_c), ow - 1)
    window = [rc for rc, _, _ in g.window(at_r, at_c)]
    row(
        (
            g.zero_inserted,
            f"zeros inserted {zi[0]}×{zi[1]}",
            dict(shade=g.cropped_mask, highlight=g.input_cells),
        ),
        (
            g.padded,
            f"padded {pd[0]}×{pd[1]} (hatched: padding)",
            dict(shade=g.is_padding, highlight=window),
        ),
    )
    kernels = [(plan.kernel, "K"), (g.rotated_kernel, "K rotated")]  # short: full size
    if max(plan.params.dilation) > 1:
        kernels.append((g.dilated_kernel, "dilated"))
    row(
        *kernels,
        (g.output, f"gather result {oh}×{ow}", dict(highlight=[(at_r, at_c)])),
        widths=[1] * len(kernels) + [2],
    )
    st.markdown(f"**y[{at_r}, {at_c}]** = {g.window_sum(at_r, at_c)} (the outlined window)")
    badges(v, "gather")


def matrix_view(v, cfg) -> None:
    """The matrix view: y = Cᵀx."""
    (oh, ow), iw = v.scatter.output_shape, cfg.x.shape[1]
    m = v.matrix
    st.markdown(bullets(m.shape_lines()))
    if m.C.shape[0] <= SMALL_C[0] and m.C.shape[1] <= SMALL_C[1]:
        wide(m.C, f"C: {m.C.shape[0]} × {m.C.shape[1]} (blank: 0)", blank_zeros=True)
        st.caption(
            f"Row r·{iw} + c of C belongs to input cell x[r, c], column j·{ow} + l "
            "to output cell y[j, l]. Each row holds the kernel's taps."
        )
    else:
        st.image(
            c_heatmap(m.C),
            caption=f"C: {m.C.shape[0]} × {m.C.shape[1]}, too big for "
            "numbers: blue positive, orange negative, white zero",
        )
    wide(m.x_flat[None], f"x flattened ({m.x_flat.size})")
    if m.y_flat.size <= SMALL_C[1]:
        wide(m.y_flat[None], f"y = Cᵀx ({m.y_flat.size})")
    grid(m.output, f"y reshaped to {oh}×{ow}", fit=True)
    badges(v, "matrix")


def subpixel_view(v, cfg) -> None:
    """The sub-pixel view: s·s small correlations, interleaved."""
    plan = v.scatter
    oh, ow = plan.output_shape
    sp = v.subpixel
    sh, sw = plan.params.stride
    st.markdown(
        f"Stride {sh}×{sw} splits the output into **{sh * sw} phases** (output row mod "
        f"{sh}, column mod {sw}). Each phase only ever receives some of the kernel's taps: it "
        "is one small correlation of x with those taps rotated 180°. Interleave the phases "
        "(a *pixel shuffle*) and you have the answer, without multiplying a single inserted "
        "zero: this is how fast implementations compute it."
    )
    names = [f"phase {ph.phase}" for ph in sp.phases]
    pick = st.selectbox(
        "Highlight a phase in the output", names, key="views_phase", persist_state="session"
    )
    chosen = sp.phases[names.index(pick) if pick in names else 0]
    for col, ph in zip(st.columns(2) * len(sp.phases), sp.phases, strict=False):
        with col:
            extra = f" · window starts at x{list(ph.start)}" if any(ph.start) else ""
            extra += f" · taps {ph.dilation} apart" if max(ph.dilation) > 1 else ""
            st.markdown(
                f"**phase {ph.phase}**: output rows {list(ph.rows)}, cols "
                f"{list(ph.cols)} · uses K rows {list(ph.taps_h)}, cols "
                f"{list(ph.taps_w)}{extra}"
            )
            if ph.kernel.size and ph.result.size:
                row(
                    (ph.kernel, "taps, rotated"),
                    (ph.result, "x ⋆ taps"),
                    max_width=240,
                    room=(NARROW_PAGE - GAP) // 2,
                )
            else:
                st.caption(
                    "no kernel tap lands here: zeros (plus bias)"
                    if ph.result.size
                    else "no output cell in this phase"
                )
    grid(sp.output, f"interleaved {oh}×{ow} (outlined: {pick})", highlight=chosen.cells, fit=True)
    badges(v, "subpixel")


def gradient_view(v, cfg) -> None:
    """Transposed convolution is the gradient of conv2d (torch autograd)."""
    oh, ow = v.scatter.output_shape
    grad, _ = torch_demos(*view_args(cfg))
    st.markdown(
        f"Take the conv2d with the same kernel, stride, padding and dilation, on an {oh}×{ow} "
        "image z. torch **autograd** gives the gradient of sum(conv2d(z) · x) with respect to "
        "z. It is exactly the transposed convolution of x:"
    )
    row(
        (grad.gradient, "autograd: ∂ sum(conv2d(z)·x) / ∂z"),
        (grad.transposed, "torch conv_transpose2d(x, K)"),
    )
    equal_badge(agreement(grad.gradient, grad.transposed), "gradient", "conv_transpose2d")


def inverse_view(v, cfg) -> None:
    """conv2d then conv_transpose2d restores the shape, not the values."""
    (oh, ow), (ih, iw) = v.scatter.output_shape, cfg.x.shape
    _, trip = torch_demos(*view_args(cfg))
    st.markdown(
        f"Start from an {oh}×{ow} image, conv2d it down with K to {ih}×{iw}, then "
        "conv_transpose2d it back up with the same K. The **shape** comes back; the "
        '**values** do not. Transposed convolution is not an inverse ("deconvolution" is a '
        "misnomer)."
    )
    row(
        (trip.image, "image"),
        (trip.down, "conv2d(image, K)"),
        (trip.back, "conv_transpose2d(…, K)"),
        max_width=360,
    )
    same = "the same shape" if trip.same_shape else "a different shape"
    st.info(
        f"{same.capitalize()} ({trip.back.shape[0]}×{trip.back.shape[1]}), other numbers: "
        f"max |image − result| = {trip.max_abs_diff:.3g}.",
        icon="↩️",
    )


VIEWS = (scatter_view, gather_view, matrix_view, subpixel_view, gradient_view, inverse_view)
