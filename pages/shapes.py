"""Shapes & solver: the output-size formula term by term, stride × padding, the round trip
through conv2d, the guide's relationships, the inverse solver and checkerboards."""

import streamlit as st

from tconv.app.config import playground_config
from tconv.arith import shapes
from tconv.render.gridsvg import cell_for, grid_svg
from tconv.ui import shapes_follow as follow
from tconv.ui import shapes_tables as tables
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.lesson import NARROW_PAGE
from tconv.ui.router import ensure_routed
from tconv.ui.show import svg
from tconv.ui.state import current_config, playground_link

ensure_routed()

VERDICT_BOX = {"even": st.success, "checkerboard": st.warning, "holes": st.error}
SOLVE_MAX_B = 1024  # the largest o the six inputs can give is 544


def number(col, label: str, key: str, lo: int, hi: int, default: int, help: str, **kw) -> int:
    v = min(max(default, lo), hi)
    return col.number_input(label, lo, hi, v, 1, key=key, help=help, persist_state="session", **kw)


def link_or_note(cfg, label: str) -> None:
    if cfg is None:
        st.caption("Outside the Playground's limits (input ≤ 8, kernel ≤ 5, padding ≤ 6).")
    else:
        playground_link(cfg, label)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=FULL_HASH)
def solver_rows(src: int, dst: int, **limits) -> list[dict]:
    return tables.solver_rows(src, dst, **limits)


cfg = current_config()
st.title("Shapes & solver")
st.markdown(
    "Every axis of a transposed convolution follows one formula. Here it is taken apart, "
    "run backwards, and checked for the overlap behind **checkerboard artifacts**. "
    "The values start from your Playground configuration (its height axis)."
)
st.button("↺ Load the Playground's configuration", key="shapes_load", on_click=follow.load_current)
widths = [1, 1, 1, 1, 1.6, 1]  # "output_padding a" on one line beside an open sidebar
top = zip(st.columns(widths), follow.TOP, follow.playground_values(), strict=True)
i, k, s, p, a, d = (
    number(c, label, key, lo, hi, v, h, on_change=follow.follow_top)
    for c, (key, label, lo, hi, h), v in top
)

tabs = st.tabs(["📏 Formula", "🔁 Round trip & the guide", "🧩 Inverse solver", "🏁 Checkerboards"])
o = None
with tabs[0]:
    st.latex(r"o = \underbrace{(i-1)\,s + d\,(k-1) + 1}_{F\text{: full canvas}} \;-\; 2p \;+\; a")
    try:
        terms = shapes.formula_terms(i, k, s, p, a, d)
    except ValueError as e:
        st.error(str(e), icon="🚫")
    else:
        o = terms[-1].value
        st.markdown(f"#### {shapes.formula_line(i, k, s, p, a, d)}")
        if o < 1:
            st.error(f"o = {o}: the padding crops away the whole canvas. Reduce p.", icon="🚫")
            o = None
        rows = [{"term": t.term, "value": t.value, "what it means": t.explanation} for t in terms]
        st.dataframe(rows, hide_index=True, key="shapes_terms")
        pg = playground_config(i, k, s, p, a, d, x=cfg.x, kernel=cfg.kernel)
        link_or_note(pg, "Open this configuration in the Playground")
    st.markdown(f"**Output size for every stride × padding** (i = {i}, k = {k}, a = {a}, d = {d})")
    table = shapes.stride_padding_table(i, k, a, d, paddings=range(0, 9))
    st.dataframe(tables.size_table(table, s, p), key="shapes_table")
    st.caption(
        "—: impossible, the crop leaves no cell. ✗ a: output_padding too large, PyTorch needs "
        "a < s or a < d."
    )

with tabs[1]:
    st.markdown(
        "A `Conv2d` with the same k, s, p, d goes the other way: "
        r"$n \mapsto \lfloor (n + 2p - \hat k)/s \rfloor + 1$, with $\hat k = d(k-1)+1$. "
        "The floor sends several sizes to one; **output_padding** says which to return to."
    )
    try:
        rt = shapes.round_trip(i, k, s, p, d)
    except ValueError as e:
        st.error(str(e), icon="🚫")
    else:
        names = " and ".join(str(n) for n in rt.sizes)
        st.markdown(f"`Conv2d(k={k}, s={s}, p={p}, d={d})` maps **{names}** all to **{i}**:")
        rows = [
            {"n": n, "Conv2d(n)": i, "a = (n + 2p − k̂) mod s": pad, f"ConvTranspose2d({i}, a)": n}
            for n, pad in zip(rt.sizes, rt.output_paddings, strict=True)
        ]
        st.dataframe(rows, hide_index=True, key="shapes_round_trip")
        if a in rt.output_paddings:
            back = rt.sizes[rt.output_paddings.index(a)]
            st.markdown(f"Your output_padding a = {a} picks **{back}**, the formula's o.")
    st.markdown(
        f"##### The guide's relationships (Dumoulin & Visin) for k = {k}, d = {d}: "
        f"k̂ = d(k − 1) + 1 = {d * (k - 1) + 1}"
    )
    rels = shapes.relationships(k, s, p, d, size=o or i)
    # a static table wraps its text: all six columns stay in view on a 1024 px projector
    st.table(tables.relationship_table(rels))
    st.caption(
        "`ConvTranspose2d` takes the convolution's own k, s, p, d. The guide writes the same "
        "thing as a stride-1 convolution with padding p' = k̂ − p − 1 over the input "
        "stretched by s − 1 zeros between cells. "
        + " ".join(f"Relationship {r.number}: {r.note}." for r in rels if r.note)
    )

with tabs[2]:
    st.markdown("Which `(k, s, p, a, d)` turn size **A** into size **B**? Even overlap first.")
    c = st.columns([1, 1, 4])
    src = number(c[0], "from size A", "shapes_solve_i", 1, 64, i, "The input size.")
    dst = number(
        c[1], "to size B", "shapes_solve_o", 1, SOLVE_MAX_B, o or 2 * i, "The output size."
    )
    st.caption(follow.solver_caption(src, dst, i, o))
    with c[2].expander("Limits"):
        lc = st.columns(4)
        lim = {
            "max_kernel": number(lc[0], "largest k", "shapes_max_k", 1, 9, 7, "Kernel limit."),
            "max_stride": number(lc[1], "largest s", "shapes_max_s", 1, 8, 4, "Stride limit."),
            "max_padding": number(lc[2], "largest p", "shapes_max_p", 0, 16, 6, "Padding."),
            "max_dilation": number(lc[3], "largest d", "shapes_max_d", 1, 4, 3, "Dilation."),
        }
    found = solver_rows(src, dst, **lim)
    if not found:
        st.warning(f"No choice within these limits maps {src} to {dst}. Raise a limit.")
    else:
        even = sum(row["overlap"].endswith("even") for row in found)
        st.markdown(f"**{len(found)} choices** map {src} → {dst}, {even} with even overlap:")
        st.dataframe(
            found,
            hide_index=True,
            key="shapes_solutions",
            height=min(38 + 35 * len(found), 420),
            column_config={  # narrow k..d columns: the links stay in view at 1024 px
                "Playground": st.column_config.LinkColumn(display_text="open ↗"),
                **{n: st.column_config.NumberColumn(width=38) for n in ("k", "s", "p", "a", "d")},
            },
        )
        st.caption(
            "The links load a ones input and a ones kernel, so the output counts the overlap. "
            "Rows without a link are beyond the Playground's limits (input ≤ 8, kernel ≤ 5)."
        )

with tabs[3]:
    st.markdown(
        "With a ones input and a ones kernel, each output cell counts the kernel taps landing "
        "on it. **The rule**: even when s divides k, a checkerboard otherwise, holes when k < s "
        "(with dilation, also when gcd(d, s) > 1). Hatched borders always ramp up."
    )
    c = st.columns([0.4] + [1] * len(follow.EXAMPLES), vertical_alignment="center")
    c[0].markdown("**Try:**")
    for n, (col, (name, args)) in enumerate(zip(c[1:], follow.EXAMPLES.items(), strict=True)):
        col.button(
            name, key=f"shapes_try_{n}", on_click=follow.show_example, args=args, width="stretch"
        )
    c = st.columns(3)
    bk = number(c[0], "kernel k", "shapes_cb_k", 1, 7, min(k, 7), "Kernel size (up to 7 here).")
    bs = number(c[1], "stride s", "shapes_cb_s", 1, 4, min(s, 4), "Stride (up to 4 here).")
    bd = number(c[2], "dilation d", "shapes_cb_d", 1, 3, min(d, 3), "Dilation (up to 3 here).")
    st.caption(follow.checkerboard_caption((bk, bs, bd), (k, s, d)))
    cb = shapes.checkerboard(bk, bs, bd)
    VERDICT_BOX[cb.verdict.kind](f"**{cb.verdict.message}**  \n{cb.rule}")
    cell = cell_for(len(cb.counts_1d), NARROW_PAGE, 14, 40)  # the narrow screen
    row_title = f"1D: taps per cell along a row ({cb.size} inputs)"
    svg(
        grid_svg(cb.counts_1d[None, :], row_title, cell=cell, shade=cb.border_1d[None, :]), fit=True
    )
    svg(grid_svg(cb.counts_2d, "2D: row × column", cell=cell, shade=cb.border_2d), fit=True)
    link_or_note(playground_config(cb.size, bk, bs, dilation=bd), "See it in the Playground")
