"""The Pillow export of the step player: GIF frames and the final PNG."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

import tconv
from tconv.render.frames import _Painter, _palette_image, animation_gif, final_png, render_frame
from tconv.render.frames_layout import MAX_GIF_WIDTH, layout
from tconv.render.palette import ADDED, BLUE, VERMILLION
from tconv.render.player import player_payload

X1 = np.array([[0.0, 1.0], [2.0, 3.0]])
K1 = np.array([[4.0, 1.0], [2.0, 3.0]])


def padded_plan():
    return tconv.scatter_plan(
        np.arange(9.0).reshape(3, 3) - 3, np.ones((3, 3)), stride=2, padding=1, output_padding=1
    )


def colours(img: Image.Image) -> set:
    return {c for _, c in img.getcolors(maxcolors=1 << 20)}


def test_gif_decodes_with_one_frame_per_step_plus_the_result():
    plan = padded_plan()
    data = animation_gif(plan, ms_per_frame=500, last_frame_ms=2000)
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF"
    assert gif.n_frames == len(plan.steps) + 1 == 10
    assert gif.size[0] <= MAX_GIF_WIDTH
    assert gif.info.get("loop") == 0
    gif.seek(0)
    assert gif.info["duration"] == 500
    gif.seek(gif.n_frames - 1)
    assert gif.info["duration"] == 2000


def test_gif_frames_match_render_frame():
    plan = padded_plan()
    gif = Image.open(io.BytesIO(animation_gif(plan)))
    for f in (0, 4, 9):
        gif.seek(f)
        frame = gif.convert("RGB")
        ref = render_frame(plan, f)
        assert frame.size == ref.size
        # the GIF maps anti-aliased text edges to a fixed palette: compare closely, not exactly
        diff = np.asarray(ImageChops.difference(frame, ref)).max(axis=2)
        assert (diff > 60).mean() < 0.002, f


def test_incremental_frames_equal_frames_drawn_alone():
    plan = tconv.scatter_plan(X1, np.ones((3, 3)), stride=1, padding=1, dilation=2, bias=0.5)
    painter = _Painter(plan)
    frames = list(painter.frames())
    assert len(frames) == len(plan.steps) + 1
    for f, img in enumerate(frames):
        assert ImageChops.difference(img, painter.frame(f)).getbbox() is None, f


def test_frames_show_the_step_highlight_and_the_output_frame():
    plan = padded_plan()
    step = render_frame(plan, 3)
    assert {ADDED, VERMILLION, BLUE} <= colours(step)
    result = render_frame(plan, len(plan.steps))
    painter = _Painter(plan)
    panels = result.crop((0, painter.header_h, result.width, painter.height - 40))  # no legend
    assert VERMILLION not in colours(panels)  # no step highlighted on the Result
    assert BLUE in colours(panels)
    # the frames differ from step to step
    assert ImageChops.difference(render_frame(plan, 2), step).getbbox() is not None


def test_final_png_is_the_gifs_last_frame():
    """Two export paths: the PNG draws the Result alone, the GIF draws every frame in turn
    (incrementally) and quantizes them; the PNG quantized the same way is the GIF's last."""
    plan = padded_plan()
    png = Image.open(io.BytesIO(final_png(plan)))
    assert png.format == "PNG"
    gif = Image.open(io.BytesIO(animation_gif(plan)))
    assert gif.n_frames == len(plan.steps) + 1
    gif.seek(gif.n_frames - 1)
    quantized = png.convert("RGB").quantize(palette=_palette_image(), dither=Image.Dither.NONE)
    assert gif.size == png.size
    assert ImageChops.difference(quantized.convert("RGB"), gif.convert("RGB")).getbbox() is None


def test_render_frame_rejects_a_bad_index():
    with pytest.raises(IndexError):
        render_frame(tconv.scatter_plan(X1, K1, stride=2), 5)


@pytest.mark.parametrize(
    ("x_shape", "k_shape", "stride", "dilation"),
    [
        ((2, 2), (2, 2), 2, 1),
        ((8, 8), (3, 3), 2, 1),
        ((8, 8), (5, 5), 4, 3),
        ((1, 8), (5, 1), 1, 1),
    ],
)
def test_every_size_fits_the_gif_width(x_shape, k_shape, stride, dilation):
    plan = tconv.scatter_plan(np.ones(x_shape), np.ones(k_shape), stride=stride, dilation=dilation)
    lay = layout(player_payload(plan))
    assert lay.cy >= 14
    img = render_frame(plan, 0)
    assert img.width <= MAX_GIF_WIDTH
    # the canvas panel is drawn completely: its right edge is inside the image
    painter = _Painter(plan)
    x0, _, c = painter._canvas_origin()
    assert x0 + painter.ew * c < img.width


@settings(max_examples=25)
@given(
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 4),
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(0, 2),
    st.integers(1, 2),
    st.sampled_from([1.0, -0.125, 12345.678]),
)
def test_any_small_configuration_draws(ih, iw, kh, kw, s, p, d, scale):
    x = np.arange(ih * iw, dtype=float).reshape(ih, iw) * scale
    k = np.ones((kh, kw)) - 2 * np.eye(kh, kw)
    try:
        plan = tconv.scatter_plan(x, k, stride=s, padding=p, output_padding=s - 1, dilation=d)
    except ValueError:
        assume(False)  # padding too large for this size: the page shows the error instead
    first, last = render_frame(plan, 0), render_frame(plan, len(plan.steps))
    assert first.size == last.size and first.width <= MAX_GIF_WIDTH
    assert Image.open(io.BytesIO(final_png(plan))).size == last.size
