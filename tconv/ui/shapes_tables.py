"""The tables of the Shapes & solver page, as pandas objects and rows (no widgets).

The numbers come from :mod:`tconv.arith.shapes` and :mod:`tconv.arith.solver`; this module only
formats them: short marks that keep the stride × padding table narrow, the guide's
relationships one row each, the solver's answers with a Playground link where one fits.
"""

from __future__ import annotations

import pandas as pd

from tconv.app.config import playground_config
from tconv.app.sharelink import query_string
from tconv.arith import shapes
from tconv.arith.solver import solve

SHORT = {shapes.IMPOSSIBLE: "—", shapes.BAD_OUTPUT_PADDING: "✗ a"}  # in the size table
KIND_MARK = {"even": "🟩", "checkerboard": "🟨", "holes": "🟥"}


def size_table(table, stride: int, padding: int):
    """The stride × padding table as a styled frame, the current cell in bold on blue."""
    rows, cols = [f"s = {v}" for v in table.strides], [f"p = {q}" for q in table.paddings]
    df = pd.DataFrame(table.cells, index=rows, columns=cols)
    # short marks keep all nine paddings in view; they are not greyed out: no grey reads at
    # 4.5:1 on both the light and the dark theme's background
    style = df.style.format(lambda v: SHORT.get(v, v))
    if stride in table.strides and padding in table.paddings:
        here = pd.IndexSlice[f"s = {stride}", f"p = {padding}"]
        cell = {"background-color": "#cce3f0", "color": "#1a1a1a", "font-weight": "bold"}
        style = style.set_properties(here, **cell)  # dark ink on light blue in either theme
    return style


def relationship_row(r) -> dict:
    """One of the guide's relationships (:func:`tconv.arith.shapes.relationships`) as a row."""
    back = f"{r.conv_output} → {r.transpose_output}"
    return {
        "#": r.number,
        "case": r.name,
        "Conv2d: n → o": f"s={r.stride}, p={r.padding}: {r.conv_input} → {r.conv_output}",
        "as a stride-1 conv": f"{r.stretched} cells, p' = {r.direct_padding}",
        "guide's rule": r.rule,
        "ConvTranspose2d: o → n": back + (f" (a={r.output_padding})" if r.output_padding else ""),
    }


def relationship_table(rels) -> pd.DataFrame:
    """The guide's relationships, indexed by their number."""
    return pd.DataFrame([relationship_row(r) for r in rels]).set_index("#")


def solver_rows(src: int, dst: int, **limits) -> list[dict]:
    """The solver's answers as table rows, with a Playground link where one fits."""
    rows = []
    for x in solve(src, dst, **limits):
        args = (x.kernel, x.stride, x.padding, x.output_padding, x.dilation)
        pg = playground_config(src, *args)
        rows.append(
            {
                "overlap": f"{KIND_MARK[x.overlap]} {x.overlap}",
                **dict(zip(("k", "s", "p", "a", "d"), args, strict=True)),
                "check": shapes.formula_line(src, *args),
                "Playground": f"playground?{query_string(pg)}" if pg else "",
            }
        )
    return rows
