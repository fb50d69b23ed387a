"""Widgets of the Photo upsampling page: the image source, the layer's settings, and a
small image shown with hard pixel edges.

Every widget has a ``photo_*`` key (tests find them by it) and keeps its value across
pages. Choosing a kernel preset loads the padding (and for Example 3 the stride and the
channel mode) that the preset is meant for; the learner may change them afterwards.
The custom kernel reuses the Playground's grid editor (:mod:`tconv.ui.grid_editor`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

import numpy as np
import streamlit as st

from tconv.photo.images import (
    MAX_SIDE,
    MAX_UPLOAD_MB,
    SAMPLES,
    UPLOAD_LIMIT,
    UPLOAD_TYPES,
    bytes_digest,
    png_bytes,
)
from tconv.photo.upsample_kernels import COLOUR_MATRICES, PRESETS, preset_padding
from tconv.ui.grid_editor import grid_editor, load_grid
from tconv.ui.photo_settings import Settings
from tconv.ui.safe_text import plain
from tconv.ui.upload_store import held_file_id, read_and_release

PRESET_LABELS = {
    "nearest": "Nearest (k = s, ones)",
    "bilinear": "Bilinear (k = 2s, padding s/2)",
    "example3": "Seed's Example 3 (k 2, s 2, p 1, 3×3×2×2)",
    "random": "Random (positive)",
    "custom": "Custom (edit the kernel)",
}
CHANNELS = {False: "Per-channel (groups = 3)", True: "Full mixing (groups = 1)"}
DEFAULTS = {
    "photo_source": "Sample",
    "photo_sample": SAMPLES[0],
    "photo_max_side": MAX_SIDE,
    "photo_preset": "bilinear",
    "photo_mixing": False,
    "photo_colour": next(iter(COLOUR_MATRICES)),
    "photo_stride": 2,
    "photo_padding": 1,
    "photo_output_padding": 0,
    "photo_dilation": 1,
    "photo_kernel_size": 3,
    "photo_seed": 0,
    "photo_normalise": False,
    "photo_zoom_x": 50,
    "photo_zoom_y": 50,
}
KERNEL_GRID = "photo_kernel"  # the grid editor's name for the custom kernel


def init_state() -> None:
    """Put every default into session state once (widgets are created without ``value``)."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    if f"pg_{KERNEL_GRID}_v" not in st.session_state:
        load_grid(KERNEL_GRID, np.ones((3, 3)))


def _apply_preset() -> None:
    ss = st.session_state
    if ss["photo_preset"] == "example3":  # the seed's layer: stride 2, a full weight
        ss["photo_stride"], ss["photo_mixing"] = 2, True
    elif ss["photo_preset"] in ("nearest", "bilinear"):  # resizing keeps colours apart
        ss["photo_mixing"] = False
    ss["photo_padding"] = preset_padding(ss["photo_preset"], ss["photo_stride"])
    ss["photo_output_padding"], ss["photo_dilation"] = 0, 1


def _follow_stride() -> None:
    if st.session_state["photo_preset"] in ("nearest", "bilinear"):
        _apply_preset()


KEPT = "photo_kept_upload"  # the last upload of this session (a KeptUpload)


@dataclass(frozen=True)
class KeptUpload:
    """An upload kept for the session; its digest (computed once) keys the caches."""

    name: str
    data: bytes
    digest: str
    file_id: str = ""  # Streamlit's id of the upload: a new id is a new upload


UPLOAD_MARK = "upload"  # URL parameter while an upload is in use: the start of its digest


def _forget_upload() -> None:
    st.session_state.pop(KEPT, None)
    st.query_params.pop(UPLOAD_MARK, None)


def lost_upload_notice() -> None:
    """The URL marks an upload the session does not hold (the server restarted): say so."""
    if st.session_state.get(KEPT) is None and st.query_params.get(UPLOAD_MARK):
        st.warning(
            "Your uploaded photo is no longer on the server (it restarted, or your session "
            "ended), so it cannot be shown. Upload it again, or go on with a sample.",
            icon="⚠️",
        )
        st.button("OK", key="photo_lost_ok", on_click=_forget_upload)


# The sample photo's name alone in the select box: "Photo (Grace Hopper)" was cut short at
# 1024 px with the sidebar open.
SAMPLE_LABELS = {SAMPLES[0]: "Grace Hopper"}


def source_picker():
    """Return ``("sample", name)``, ``("upload", KeptUpload)`` or ``None`` (nothing uploaded)."""
    source = st.segmented_control(
        "Image",
        ["Sample", "Upload"],
        key="photo_source",
        required=True,
        persist_state="session",
    )
    if source == "Sample":
        name = st.selectbox(
            "Sample image",
            SAMPLES,
            key="photo_sample",
            format_func=lambda name: SAMPLE_LABELS.get(name, name),
            persist_state="session",
            help="A public-domain photo from matplotlib (Grace Hopper), or a pattern that "
            "makes artifacts easy to see.",
        )
        return "sample", name
    upload = st.file_uploader(
        "Upload a photo",
        type=list(UPLOAD_TYPES),
        key="photo_upload",
        max_upload_size=MAX_UPLOAD_MB,
        help=f"PNG, JPEG, WebP, BMP, GIF or TIFF, up to {UPLOAD_LIMIT}. It stays in memory, "
        "never on disk.",
    )
    # The uploader forgets its file on another page: the session keeps the only copy.
    kept = st.session_state.get(KEPT)
    if upload is not None and (kept is None or kept.file_id != upload.file_id):
        data = read_and_release(upload)
        st.session_state[KEPT] = KeptUpload(upload.name, data, bytes_digest(data), upload.file_id)
    elif kept is not None and held_file_id(upload, "photo_upload") != kept.file_id:
        name = kept.name
        c1, c2 = st.columns([3, 1], vertical_alignment="center")
        c1.caption(f"Using your earlier upload **{plain(name)}**; upload a file to replace it.")
        c2.button("Forget it", key="photo_forget", on_click=_forget_upload)
    kept = st.session_state.get(KEPT)
    if kept is not None and st.query_params.get(UPLOAD_MARK) != kept.digest[:12]:
        st.query_params[UPLOAD_MARK] = kept.digest[:12]  # survives a server restart
    return ("upload", kept) if kept is not None else None


def max_side_input() -> int:
    return int(
        st.number_input(
            "Largest side (px)",
            min_value=16,
            max_value=2048,
            step=64,
            key="photo_max_side",
            persist_state="session",
            help="Larger inputs are downscaled first (Lanczos), so the page stays fast.",
        )
    )


def layer_controls() -> Settings:
    """Kernel preset, channel mode, stride, padding, output_padding, dilation, normalise."""
    preset = st.selectbox(
        "Kernel",
        PRESETS,
        format_func=PRESET_LABELS.get,
        key="photo_preset",
        on_change=_apply_preset,
        persist_state="session",
    )
    mixing = st.radio(
        "Channels",
        [False, True],
        format_func=CHANNELS.get,
        key="photo_mixing",
        persist_state="session",
        help="Per-channel: each colour has its own kernel, colours stay apart. Full "
        "mixing: every output colour sums all three input colours.",
    )
    colour = next(iter(COLOUR_MATRICES))
    if mixing and preset != "example3":
        colour = st.selectbox(
            "Colour mixing",
            list(COLOUR_MATRICES),
            key="photo_colour",
            persist_state="session",
            help="The 3×3 matrix M; weight[ci, co] = M[ci, co] · K.",
        )
    c1, c2 = st.columns(2)
    stride = c1.slider(
        "Stride s", 1, 4, key="photo_stride", on_change=_follow_stride, persist_state="session"
    )
    padding = c2.number_input(
        "Padding p",
        0,
        16,
        key="photo_padding",
        persist_state="session",
        help="Crops p rows and columns from every side of the result.",
    )
    output_padding = c1.number_input(
        "output_padding a",
        0,
        3,
        key="photo_output_padding",
        persist_state="session",
        help="Adds a rows and columns at the bottom and right; must be below s or d.",
    )
    dilation = c2.number_input(
        "Dilation d",
        1,
        4,
        key="photo_dilation",
        persist_state="session",
        help="Spaces the kernel taps d pixels apart.",
    )
    size, seed, custom = 3, 0, None
    if preset == "random":
        size = c1.number_input(
            "Kernel size k", 1, 8, key="photo_kernel_size", persist_state="session"
        )
        seed = c2.number_input("Seed", 0, 9999, key="photo_seed", persist_state="session")
    elif preset == "custom":
        custom = grid_editor(
            KERNEL_GRID, "Kernel K", (8, 8), help="The same kernel is used for each colour."
        )
    normalise = st.toggle(
        "Normalise by the overlap",
        key="photo_normalise",
        persist_state="session",
        help="Divide each output pixel by what a white image gives there (for a kernel of "
        "ones: the overlap count). Removes dark borders and uneven-overlap patterns.",
    )
    return Settings(
        preset,
        bool(mixing),
        colour,
        int(stride),
        int(padding),
        int(output_padding),
        int(dilation),
        bool(normalise),
        int(size),
        int(seed),
        custom,
    )


def zoom_position() -> tuple[float, float]:
    """Where the zoomed crop sits, as fractions (across, down) of the free range."""
    c1, c2 = st.columns(2)
    x = c1.slider("Zoom: across (%)", 0, 100, key="photo_zoom_x", persist_state="session")
    y = c2.slider("Zoom: down (%)", 0, 100, key="photo_zoom_y", persist_state="session")
    return x / 100, y / 100


def pixel_image(image: np.ndarray, caption: str) -> None:
    """Show a small uint8 (H, W, 3) image at the column's width with hard pixel edges.

    An inline PNG scaled by the browser with ``image-rendering: pixelated`` (nearest
    neighbour), so every pixel stays a crisp square however large it is drawn.
    """
    data = base64.b64encode(png_bytes(image)).decode()
    text = escape(caption)
    st.markdown(
        f'<figure style="margin:0"><img src="data:image/png;base64,{data}" alt="{text}" '
        'style="width:100%;object-fit:contain;image-rendering:pixelated;display:block">'
        '<figcaption style="text-align:center;color:inherit;opacity:0.8;font-size:0.875rem;'
        f'padding-top:0.3rem">{text}</figcaption></figure>',
        unsafe_allow_html=True,
    )
