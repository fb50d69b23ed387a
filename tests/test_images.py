"""tconv.photo.images: safe decoding of uploads, every mode to float RGB, samples, encoding."""

import io
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tconv.photo import images
from tconv.photo.images import SAMPLES, ImageError, decode, png_bytes, sample
from tests import images_factory as f


@pytest.mark.parametrize("name", list(f.BAD))
def test_bad_files_raise_a_readable_image_error(name):
    factory, words = f.BAD[name]
    _, data, _ = factory()
    with pytest.raises(ImageError) as info:
        decode(data)
    assert words in str(info.value).lower()
    assert isinstance(info.value, ValueError)


def test_bomb_is_small_and_rejected_before_decoding():
    _, data, _ = f.bomb_png()
    assert len(data) < 200
    with pytest.raises(ImageError, match="400.0 megapixels"):
        decode(data)  # how fast: bench/app_library.py


def test_configurable_pixel_limit():
    data = f.png_declaring(3000, 2000)  # 6 Mpx declared, the data is only a few bytes
    with pytest.raises(ImageError, match="more than the 5-megapixel limit"):
        decode(data, max_pixels=5_000_000)
    with pytest.raises(ImageError, match="truncated"):  # under the limit: decoded, broken
        decode(data, max_pixels=7_000_000)


def test_pillow_decompression_bomb_warning_counts_as_an_error():
    data = f.png_declaring(10000, 10000)  # 100 Mpx: Pillow warns (it raises above 179 Mpx)
    assert 10000 * 10000 > Image.MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ImageError, match="decompression bomb"):
            decode(data, max_pixels=10**9)


def test_formats_outside_the_list_are_refused():
    ppm = f.encode(Image.new("RGB", (4, 4)), "PPM")
    with pytest.raises(ImageError, match="Supported formats"):
        decode(ppm)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF"])
def test_every_supported_format_decodes(fmt):
    a = f.rgb_array(24, 36)
    photo = decode(f.encode(Image.fromarray(a), fmt))
    assert photo.pixels.shape == (24, 36, 3) and photo.pixels.dtype == np.float32
    assert 0.0 <= photo.pixels.min() and photo.pixels.max() <= 1.0
    assert photo.description.startswith(fmt)
    if fmt in ("PNG", "BMP", "TIFF"):  # lossless: exact
        np.testing.assert_allclose(photo.pixels, a / 255.0, atol=1e-6)


def test_sixteen_bit_png_is_scaled_by_65535():
    _, data, _ = f.png16()
    assert Image.open(io.BytesIO(data)).mode.startswith("I")
    photo = decode(data)
    np.testing.assert_allclose(photo.pixels[0, :, 0], np.linspace(0, 1, 64), atol=1e-5)
    assert photo.pixels[0, -1, 0] == pytest.approx(1.0)  # 65535 is white, not 255-clipped
    assert any("16-bit" in n for n in photo.notes)


def test_palette_transparency_is_composited_on_white():
    _, data, _ = f.palette_with_transparency()
    px = decode(data).pixels
    np.testing.assert_allclose(px[:, :20], 1.0)  # transparent index -> white, not black
    np.testing.assert_allclose(px[:, 20:], np.broadcast_to([1.0, 0.0, 0.0], (20, 20, 3)))


def test_rgba_is_composited_on_white():
    _, data, _ = f.rgba_png()
    photo = decode(data)
    np.testing.assert_allclose(photo.pixels[:, :20], 1.0)
    np.testing.assert_allclose(photo.pixels[:, 20:], np.broadcast_to([0, 0, 1.0], (20, 20, 3)))
    assert any("white" in n for n in photo.notes)


def test_cmyk_jpeg_becomes_rgb_red():
    _, data, _ = f.cmyk_jpeg()
    photo = decode(data)
    mean = photo.pixels.reshape(-1, 3).mean(axis=0)
    assert mean[0] > 0.9 and mean[1] < 0.1 and mean[2] < 0.1, mean
    assert any("CMYK" in n for n in photo.notes)


def test_greyscale_is_copied_to_three_channels():
    _, data, _ = f.greyscale_png()
    px = decode(data).pixels
    assert px.shape == (16, 64, 3)
    np.testing.assert_array_equal(px[..., 0], px[..., 1])
    np.testing.assert_array_equal(px[..., 0], px[..., 2])
    np.testing.assert_allclose(px[0, :, 0], np.arange(0, 256, 4) / 255.0, atol=1e-6)


def test_animation_uses_its_first_frame():
    _, data, _ = f.animated_gif()
    photo = decode(data)
    np.testing.assert_allclose(photo.pixels.reshape(-1, 3).mean(axis=0), [1, 0, 0], atol=0.02)
    assert any("3 frames" in n for n in photo.notes)


def test_exif_orientation_turns_the_photo_upright():
    _, data, _ = f.exif_rotated_jpeg()
    assert Image.open(io.BytesIO(data)).size == (60, 30)  # stored sideways
    photo = decode(data)
    assert photo.pixels.shape == (60, 30, 3)  # shown upright: 60 high, 30 wide
    assert photo.source_size == (60, 30)
    top, bottom = photo.pixels[:8].mean(axis=(0, 1)), photo.pixels[-8:].mean(axis=(0, 1))
    assert top[0] > 0.9 and top[1] < 0.2  # the red band is on top after turning clockwise
    assert bottom.min() > 0.9
    assert any("EXIF" in n for n in photo.notes)


def test_one_pixel_image():
    _, data, _ = f.one_pixel()
    px = decode(data).pixels
    np.testing.assert_allclose(px, [[[0.0, 128 / 255, 1.0]]], atol=1e-6)


def test_float_and_int32_images_are_stretched_or_scaled():
    fl = np.linspace(-2, 2, 50, dtype=np.float32).reshape(5, 10)
    photo = decode(f.encode(Image.fromarray(fl), "TIFF"))
    assert photo.pixels.min() == 0.0 and photo.pixels.max() == 1.0
    big = (np.arange(20, dtype=np.int32).reshape(4, 5) * 10**7).astype(np.int32)
    photo = decode(f.encode(Image.fromarray(big), "TIFF"))
    assert photo.pixels.max() == 1.0 and any("stretched" in n for n in photo.notes)


def test_large_photo_is_downscaled_with_a_note():
    _, data, _ = f.photo_jpeg(600, 2400)
    photo = decode(data, max_side=512)
    assert photo.pixels.shape == (128, 512, 3)
    assert photo.source_size == (600, 2400)
    assert any("Downscaled from 600×2400 to 128×512" in n for n in photo.notes)


@pytest.mark.slow  # a 12 Mpx JPEG: seconds of encoding and decoding, kept out of `make quick`
def test_twelve_megapixel_jpeg_decodes_to_the_picture():
    _, data, _ = f.photo_jpeg(3000, 4000)
    photo = decode(data, max_side=1024)  # how fast: bench/app_library.py
    assert photo.pixels.shape == (768, 1024, 3)
    # the draft (DCT) decode and the Lanczos resize keep the picture: compare with Pillow
    ref = np.asarray(Image.open(io.BytesIO(data)).resize((1024, 768)), np.float32) / 255
    assert np.abs(photo.pixels - ref).mean() < 0.02


def test_samples():
    for name in SAMPLES:
        photo = sample(name)
        assert photo.pixels.ndim == 3 and photo.pixels.shape[2] == 3, name
        assert photo.pixels.dtype == np.float32
        assert 0 <= photo.pixels.min() and photo.pixels.max() <= 1
    assert sample(SAMPLES[0]).pixels.shape == (600, 512, 3)
    board = sample("Checkerboard").pixels[..., 0]
    assert set(np.unique(board)) == {0.0, 1.0} and board[0, 0] != board[0, 8]
    assert sample("Gradient").pixels[0, 0, 0] < sample("Gradient").pixels[0, -1, 0]
    assert sample("Checkerboard", max_side=64).pixels.shape == (64, 64, 3)
    with pytest.raises(ImageError):
        sample("Mona Lisa")


def test_png_round_trip_and_enlarge():
    a = f.rgb_array(7, 9)
    back = np.asarray(Image.open(io.BytesIO(png_bytes(a))))
    np.testing.assert_array_equal(back, a)
    big = images.enlarge(a, 3)
    assert big.shape == (21, 27, 3)
    np.testing.assert_array_equal(big[::3, ::3], a)
    np.testing.assert_array_equal(images.to_uint8(np.array([[[-1, 0.5, 2]]])), [[[0, 128, 255]]])


FORMATS = ["PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF"]
SEEDS = {fmt: f.encode(Image.fromarray(f.rgb_array(12, 16)), fmt) for fmt in FORMATS}


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns about the damage it skips
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    fmt=st.sampled_from(FORMATS),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
    cut=st.integers(0, 10**6),
)
def test_damaged_files_give_a_photo_or_an_image_error_never_anything_else(fmt, edits, cut):
    data = bytearray(SEEDS[fmt])
    for pos, value in edits:
        data[pos % len(data)] = value
    data = bytes(data[: max(1, cut % (len(data) + 1))])
    try:
        photo = decode(data, max_side=64)
    except ImageError as e:
        assert str(e)
        return
    assert photo.pixels.dtype == np.float32 and photo.pixels.ndim == 3
    assert photo.pixels.shape[2] == 3 and max(photo.pixels.shape[:2]) <= 64
    assert np.isfinite(photo.pixels).all()
    assert photo.pixels.min() >= 0 and photo.pixels.max() <= 1


def test_a_16_bit_greyscale_bomb_decodes_in_bounded_memory():
    """A 12.5-megapixel 16-bit PNG (a few KB): Pillow cannot reduce() this mode, and a
    float64 copy of the whole image cost 8 bytes a pixel (100 MB here, 1.9 GB for the
    issue's 8000×6250 file). Now it is shrunk strip by strip: NumPy's peak stays a few MB
    (Pillow's own decoded image, 2 bytes a pixel, is not counted by tracemalloc)."""
    import tracemalloc

    data = f.encode(Image.new("I;16", (4000, 3125), 30000), "PNG")
    assert len(data) < 100_000
    tracemalloc.start()
    try:
        photo = decode(data, max_side=256)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert photo.size == (200, 256)
    np.testing.assert_allclose(photo.pixels, 30000 / 65535, rtol=1e-6)
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("mode", ["I;16", "I;16B", "1", "P", "I", "F", "L", "RGBA"])
def test_every_mode_shrinks_like_a_box_filter(mode):
    """The shrink at decode time averages factor × factor boxes in every mode (those
    Pillow's reduce() refuses included), edges cut boxes included."""
    rng = np.random.default_rng(3)
    h, w = 37, 50  # factor 4 for max_side 12: boxes cut at the bottom and the right
    if mode in ("I;16", "I;16B"):
        values = rng.integers(0, 65536, (h, w)).astype(np.uint16)
        im = Image.frombytes(
            mode, (w, h), values.astype("<u2" if mode == "I;16" else ">u2").tobytes()
        )
        grey = values / 65535.0
    elif mode == "1":
        grey = rng.integers(0, 2, (h, w)).astype(np.float64)
        im = Image.fromarray(grey.astype(bool))
    else:
        grey = rng.integers(0, 256, (h, w)) / 255.0
        im = Image.fromarray((grey * 255).astype(np.uint8)).convert(mode)
        if mode in ("I", "F"):
            im = Image.fromarray((grey * 255).astype(np.float32)).convert(mode)
            im = im.point(lambda v: v / 255.0) if mode == "F" else im
    from tconv.photo.images import _shrink_to_rgb

    out = _shrink_to_rgb(im, 4, 1, [])
    assert out.shape[:2] == (10, 13)
    if mode in ("I;16", "I;16B"):
        box = np.add.reduceat(np.add.reduceat(grey, range(0, w, 4), 1), range(0, h, 4))
        counts = np.outer(np.diff([*range(0, h, 4), h]), np.diff([*range(0, w, 4), w]))
        np.testing.assert_allclose(out[..., 0], box / counts, atol=1e-5)
    np.testing.assert_allclose(out[..., 0], out[..., 2])  # grey stays grey


def test_display_jpeg_is_at_most_the_display_width_and_takes_float_pixels():
    from tconv.photo.images import DISPLAY_WIDTH, display_jpeg, to_uint8

    assert DISPLAY_WIDTH == 1024
    rng = np.random.default_rng(0)
    big = rng.random((3072, 2048, 3), dtype=np.float32)
    shown = Image.open(io.BytesIO(display_jpeg(big)))
    assert shown.format == "JPEG" and shown.size == (1024, 1536)  # (width, height)
    assert display_jpeg(big) == display_jpeg(to_uint8(big))  # float pixels: converted first
    small = to_uint8(rng.random((300, 500, 3)))
    assert Image.open(io.BytesIO(display_jpeg(small))).size == (500, 300)  # never enlarged
    flat = np.full((2000, 3000, 3), 0.5, np.float32)  # the shrink averages: grey stays grey
    grey = np.asarray(Image.open(io.BytesIO(display_jpeg(flat))))
    assert grey.shape == (683, 1024, 3) and np.abs(grey.astype(int) - 128).max() <= 1
