"""Photo upsampling: a photo through a transposed convolution, its artifacts up close."""

import numpy as np
import streamlit as st

from tconv.photo.images import ImageError, png_bytes
from tconv.photo.workgate import PHOTO_GATE
from tconv.render.gridsvg import grid_svg
from tconv.ui import photo_controls as controls
from tconv.ui.photo_results import (
    announce_wait,
    load_sample,
    load_upload,
    photo_key,
    run,
    settle,
    show,
)
from tconv.ui.photo_settings import Layer
from tconv.ui.router import ensure_routed
from tconv.ui.safe_text import plain
from tconv.ui.sharing import copy_box
from tconv.ui.show import svg, torch_badge

ensure_routed()

MESSAGE_LENGTH = 1000  # an error message is shown whole, as plain text
CROP = 12  # output pixels on each side of the zoomed crop
TWIST = """
The seed article builds `nn.ConvTranspose2d(3, 2, kernel_size=2, stride=2, padding=1)`:
`out_channels=2`, so PyTorch creates a weight of shape **(3, 2, 2, 2)**. It then assigns
its own weight of shape **(3, 3, 2, 2)**, and the result has **3** channels, not 2.

The layer's forward pass calls `conv_transpose2d(x, self.weight, ...)` with whatever weight
it holds, and the layout is `(C_in, C_out / groups, kH, kW)`: the weight's second dimension
decides how many channels come out. The declared `out_channels` only shaped the initial
weight, which was replaced.

The **Seed's Example 3** preset rebuilds that layer: kernel 2, stride 2, padding 1, a
(3, 3, 2, 2) weight, so a 394×358 photo becomes 786×714 with 3 channels. Its weight values
are fixed ones of that shape (each output colour a positive mix of the three inputs), not
the article's.
"""


def hw(size) -> str:
    return f"{size[0]}×{size[1]}"


controls.init_state()
st.title("Photo upsampling")
st.markdown(
    "A transposed convolution with stride *s* makes a photo about *s* times larger: every "
    "input pixel pastes a scaled copy of the kernel into the output, *s* pixels from its "
    "neighbour's. Where the copies overlap unevenly, the photo shows a pattern."
)
controls.lost_upload_notice()  # after a server restart: the upload is gone, say so
with st.container(border=True):
    left, right = st.columns([1.25, 2], gap="large")  # "Sample | Upload" whole at 1024 px
    with left:
        choice = controls.source_picker()
        max_side = controls.max_side_input()
    with right:
        settings = controls.layer_controls()

if choice is None:
    st.info("Upload a photo above, or choose **Sample** to start with a bundled image.")
    st.stop()
key = photo_key(choice, max_side)
notice = st.empty()  # "waiting for a free slot" while the server is busy
PHOTO_GATE.reset_wait()
announce_wait(notice)
try:
    if choice[0] == "sample":
        photo = load_sample(choice[1], max_side)
    else:
        photo = load_upload(choice[1].digest, choice[1].data, max_side)
except ImageError as e:
    settle(notice)
    st.error(plain(str(e), MESSAGE_LENGTH), icon="🚫")  # may quote the file's bytes
    st.stop()
for note in photo.notes:
    st.info(note, icon="ℹ️")

layer = Layer.of(settings)
weight, groups, resample = layer.weight, layer.groups, layer.resample
announce_wait(notice)
try:
    res = run(key, layer.key, photo.pixels, layer)
except ValueError as e:  # parameters PyTorch rejects, or an output over the size limit
    settle(notice)
    st.error(str(e), icon="🚫")  # our own words and numbers
    st.stop()
settle(notice)

st.subheader(f"{hw(res.input_hw)} → {hw(res.output_hw)} (height × width)")
copy_box(res.formula + "\n# o = (i − 1)·s − 2·p + d·(k − 1) + a + 1", key="photo_formula")
cols = st.columns(2)
with cols[0]:
    show(photo.pixels, f"Original, {hw(res.input_hw)} ({photo.description})", key)
with cols[1]:
    show(res.image, f"Transposed convolution, {hw(res.output_hw)}", (key, layer.key))

mixing_text = (
    "every output colour sums all three input colours: **colours mix**."
    if groups == 1
    else "each colour has its own kernel: **colours stay apart**."
)
info, kernel = st.columns([2, 1])  # room for a 4×4 kernel beside an open sidebar
info.markdown(
    f"**Weight** shape `{res.weight_shape}` = (C_in, C_out / groups, kH, kW), "
    f"groups = {groups}: {mixing_text} Beside it, `weight[0, 0]`: the kernel from red to red "
    "(rounded to two decimals)."
)
with kernel:
    k_show = np.round(weight[0, 0], 2)  # two decimals fit the cells
    cell = max(28, min(44, 168 // max(k_show.shape)))
    svg(grid_svg(k_show, "weight[0, 0]", cell=cell), fit=True)
with st.expander("The seed's twist: it declared out_channels=2 and got 3 channels"):
    st.markdown(TWIST)
if res.clipped > 0.001:
    st.warning(
        f"{res.clipped:.1%} of the values fell outside 0–1 and were clipped (drawn black or "
        "white). "
        + ("Negative kernel weights do this." if res.normalised else "Try **Normalise**."),
        icon="⚠️",
    )

st.subheader("Up close: every pixel, and how many kernel taps it received")
fx, fy = controls.zoom_position()
(oh, ow), crop = res.output_hw, min(CROP, *res.output_hw)
r0, c0 = round(fy * (oh - crop)), round(fx * (ow - crop))
rows, cols_ = slice(r0, r0 + crop), slice(c0, c0 + crop)
where = f"rows {r0}–{r0 + crop - 1}, columns {c0}–{c0 + crop - 1}"
z = st.columns([1, 1, 1.7])  # the counts need the room: 12 cells with their numbers
with z[0]:
    controls.pixel_image(res.image[rows, cols_], f"Transposed convolution, {where}")
with z[1]:
    controls.pixel_image(res.pillow[rows, cols_], f"Pillow's ordinary {resample} resize")
with z[2]:
    svg(grid_svg(res.counts(rows, cols_), "Kernel taps per pixel", cell=22), fit=True)

verdict = res.verdict
box = {"even": st.success, "checkerboard": st.warning, "holes": st.error}[verdict.kind]
box(verdict.message, icon={"even": "✅", "checkerboard": "🏁", "holes": "🕳️"}[verdict.kind])
if res.edge_ratio < 0.99 and not res.normalised:
    st.warning(
        f"The borders are darker: a white image comes out at {res.edge_ratio:.0%} of its "
        "interior brightness in the corner, because fewer kernel taps reach the edge. "
        "Switch on **Normalise by the overlap** to remove it (zoom to 0 %, 0 % to see it).",
        icon="🔲",
    )
m = st.columns(3)
m[0].metric(
    "PSNR against Pillow",
    "identical (∞ dB)"
    if res.psnr_db == float("inf")
    else ("identical to rounding" if res.psnr_db > 100 else f"{res.psnr_db:.1f} dB"),
    help="Peak signal-to-noise ratio of the two results: above 40 dB the difference is "
    "invisible; identical images give infinity. Normalised bilinear is Pillow's bilinear.",
)
m[1].metric("tconv time", f"{res.tconv_ms:.0f} ms")
whole = res.checked_whole
m[2].metric(
    "torch time (float32)" if whole else "torch time, its windows",
    f"{res.torch_ms:.0f} ms",
    help=None if whole else "torch computes only the windows it checks (see below the badge).",
)
torch_badge(res.check)
st.caption(
    f"torch checked {res.checked}."
    + (
        ""
        if whole
        else " Each window is torch's own result on a crop of the photo, compared only "
        "where no pixel outside the crop reaches: there it sums the same terms as the whole "
        "result (in float32, the order of the sums may change the last digit)."
    )
)

st.download_button(
    "Download the result (PNG)",
    data=lambda: png_bytes(res.image),
    file_name=f"upsampled_{res.output_hw[0]}x{res.output_hw[1]}.png",
    mime="image/png",
    on_click="ignore",
    key="photo_download",
    icon="⬇️",
)
