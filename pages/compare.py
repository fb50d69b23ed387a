"""Compare: two configurations on the same input, stepping together, and what differs."""

import streamlit as st

from tconv.app.compare import frame_svg, frame_text, side, verdict_line
from tconv.app.config import Config
from tconv.render.gridsvg import cell_for, grid_svg
from tconv.render.player import extended_shape
from tconv.ui import compare as ui
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.router import ensure_routed
from tconv.ui.show import svg
from tconv.ui.state import playground_link

ensure_routed()


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=FULL_HASH)
def compute(name, x, kernel, stride, padding, output_padding, dilation):
    """One side, cached by content (plain arrays and ints in)."""
    return side(name, Config(x, kernel, stride, padding, output_padding, dilation))


def cell_size(shape, room: int = 270) -> int:
    """Cells sized so that a grid fills about half of a 1024 px page beside the sidebar."""
    return cell_for(max(shape), room, 18, 40)


st.title("Compare two configurations")
st.caption(
    "Two transposed convolutions on the same input: one step control moves both, then "
    "their outputs and overlap counts side by side."
)
ui.read_link()
ui.pair_picker()
# As wide as the page, so the editors inside get room for two sides.
with st.popover("✏️ Edit the input and both configurations", width="stretch"):
    x, x_errors, configs = ui.editors()
for message in x_errors:
    st.error(message, icon="🚫")
if x is None:
    st.info("No comparison to show: fix the input (✏️ Edit above; your text is kept).")
    st.stop()

sides, errors = {}, {}
for key in ui.SIDES:
    cfg, error = configs[key]
    if cfg is None:
        errors[key] = error
        continue
    p = cfg.params
    sides[key] = compute(
        key.upper(), x, cfg.kernel, p.stride, p.padding, p.output_padding, p.dilation
    )
if len(sides) == 2:
    a, b = sides["a"], sides["b"]
    st.info(verdict_line(a, b), icon="⚖️")
    ui.sync_url(a.config, b.config)

step = ui.step_controls(x.size)
# One cell size for both sides, so that the larger canvas also looks larger.
canvas_cell = min((cell_size(extended_shape(s.plan)) for s in sides.values()), default=30)
output_cell = min((cell_size(s.output_shape) for s in sides.values()), default=30)
for col, key in zip(st.columns(2, gap="medium"), ui.SIDES, strict=True):
    with col:
        if key in errors:
            st.error(errors[key], icon="🚫")
            continue
        s = sides[key]
        oh, ow = s.output_shape
        st.markdown(
            f"**{s.name}** · {ui.summary(s.config)} → **{oh}×{ow}**",
            help="k kernel, s stride, p padding, a output_padding, d dilation",
        )
        svg(frame_svg(s, step, canvas_cell), fit=True)
        st.caption(frame_text(s, step))

ui.about()
st.subheader("Outputs and overlap", divider="gray")
for col, key in zip(st.columns(2, gap="medium"), ui.SIDES, strict=True):
    if key not in sides:
        continue
    s = sides[key]
    oh, ow = s.output_shape
    with col:
        svg(grid_svg(s.plan.output, f"{s.name}: output {oh}×{ow}", cell=output_cell), fit=True)
        svg(grid_svg(s.overlap, f"{s.name}: taps per cell", cell=output_cell), fit=True)
        (st.success if s.verdict.kind == "even" else st.warning)(s.verdict.message)
        playground_link(s.config, f"Open {s.name} in the Playground")

if len(sides) == 2:
    st.subheader("Share", divider="gray")
    ui.share_link(sides["a"].config, sides["b"].config)
