"""Photos in and out: safe decoding of uploaded bytes, sample images, PNG encoding.

Every image leaves this module as a float32 RGB array in [0, 1] of shape (H, W, 3) (rows
first, like NumPy and PyTorch's (C, H, W) after a transpose), with plain-words notes on
what was done to it. Anything that cannot be used raises :class:`ImageError`, whose
message is written for a learner and can be shown as is.

Defences, in order: empty input; the declared size is checked *before* decoding (a small
file can declare a huge image: a "decompression bomb"); Pillow's own
``DecompressionBombWarning`` counts as an error; damaged or truncated data; EXIF
orientation (the photo is turned upright); the first frame of an animation; explicit
conversion of every mode (grey, palette with transparency, alpha composited on white,
CMYK, 16- and 32-bit integers, floats); finally a downscale to a largest side.

Why one module over 300 lines: one idea, turning untrusted bytes into a safe float RGB array;
the limits, the decoding and the mode conversions are checked together, in order.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, UnidentifiedImageError

FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF", "TIFF")
UPLOAD_TYPES = ("png", "jpg", "jpeg", "webp", "bmp", "gif", "tif", "tiff")
MAX_UPLOAD_MB = 25  # upload limit; .streamlit/config.toml's server.maxUploadSize says the same
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024  # Streamlit's "MB" are binary (MiB)
UPLOAD_LIMIT = f"{MAX_UPLOAD_MB} MB"  # the one wording of the limit, as Streamlit shows it
MAX_PIXELS = 50_000_000  # declared width * height accepted before decoding
MAX_SIDE = 1024  # default largest side after the downscale
SAMPLES = ("Photo (Grace Hopper)", "Checkerboard", "Thin lines", "Gradient")
LANCZOS = Image.Resampling.LANCZOS


class ImageError(ValueError):
    """An input that cannot be used as a photo; the message is meant for the learner."""


def array_digest(a: np.ndarray) -> str:
    """A full cryptographic digest of an array: BLAKE2b-256 of its shape, dtype and every
    byte. Two arrays share it only if they are equal (unlike Streamlit's own hash, which
    reads 100 000 sampled positions of a large array)."""
    a = np.ascontiguousarray(a)
    h = hashlib.blake2b(digest_size=32)
    h.update(repr((a.shape, a.dtype.str)).encode())
    h.update(memoryview(a).cast("B"))
    return h.hexdigest()


def bytes_digest(data: bytes) -> str:
    """BLAKE2b-256 of an upload's bytes: its identity in caches and in session state."""
    return hashlib.blake2b(data, digest_size=32).hexdigest()


@dataclass(frozen=True, eq=False)
class Photo:
    """A decoded image: ``pixels`` float32 (H, W, 3) in [0, 1], and what was done to it.

    ``digest`` is :func:`array_digest` of ``pixels``, computed once when the photo is made,
    so that caches keyed on it never hash the pixels again.
    """

    pixels: np.ndarray
    notes: tuple[str, ...] = ()
    source_size: tuple[int, int] = (0, 0)  # (height, width) before any downscale
    description: str = ""  # e.g. "JPEG, mode RGB"
    digest: str = ""

    def __post_init__(self):
        self.pixels.setflags(write=False)  # the digest must stay true
        if not self.digest:
            object.__setattr__(self, "digest", array_digest(self.pixels))

    @property
    def size(self) -> tuple[int, int]:
        """(height, width) of ``pixels``."""
        return self.pixels.shape[0], self.pixels.shape[1]


def decode(data: bytes, max_side: int = MAX_SIDE, max_pixels: int = MAX_PIXELS) -> Photo:
    """Decode uploaded bytes into a :class:`Photo` (float32 RGB in [0, 1], (H, W, 3)).

    Raises :class:`ImageError` for empty, unreadable, damaged, oversized or otherwise
    unusable input, with a message that says what is wrong and what to try.
    """
    if not data:
        raise ImageError("The file is empty (0 bytes). Choose a photo file.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageError(
            f"The file is {len(data) / 2**20:.1f} MB, over the upload limit of {UPLOAD_LIMIT}. "
            "Choose a smaller photo."
        )
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data), formats=FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            found = re.search(r"\((\d+) pixels\)", str(e))  # Pillow knows the size, we don't yet
            raise ImageError(_bomb_message(int(found[1]) if found else None, max_pixels)) from None
        except UnidentifiedImageError:
            raise ImageError(
                "This file is not an image that can be read here. Supported formats: "
                f"{', '.join(FORMATS)}. (A text file renamed to .png looks like this.)"
            ) from None
        except Exception as e:  # Pillow's parsers raise many kinds on hostile headers
            raise ImageError(f"This image's header is damaged: {e}") from None
        w, h = im.size
        if w < 1 or h < 1:
            raise ImageError(f"This file declares an empty image ({w}×{h} px).")
        if w * h > max_pixels:
            raise ImageError(_bomb_message(w * h, max_pixels, f"{w}×{h} = "))
        description = f"{im.format}, mode {im.mode}"
        try:
            frames = getattr(im, "n_frames", 1)
            if frames > 1:
                im.seek(0)
                notes.append(
                    f"The file holds {frames} frames (an animation or several pages): "
                    "the first one is used."
                )
            if im.format == "JPEG" and max(w, h) > 2 * max_side:
                scale = max_side / max(w, h)  # decode at 1/2, 1/4 or 1/8 size: much faster
                im.draft(im.mode, (max(1, round(w * scale)), max(1, round(h * scale))))
            im.load()
            orientation = im.getexif().get(0x0112, 1)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(_bomb_message(w * h, max_pixels, f"{w}×{h} = ")) from None
        except Exception as e:
            raise ImageError(
                f"The image data is damaged or truncated and cannot be decoded ({e}). "
                "Try saving the photo again, or choose another file."
            ) from None
    if orientation in (5, 6, 7, 8):
        h, w = w, h
    if orientation in range(2, 9):
        notes.append(f"Turned upright using the camera's EXIF orientation tag ({orientation}).")
    try:
        pixels = _shrink_to_rgb(im, max(im.size) // max_side, orientation, notes)
    except ImageError:
        raise
    except Exception as e:  # an exotic mode Pillow can open but not convert
        raise ImageError(f"This image (mode {im.mode}) cannot be converted: {e}") from None
    if max(h, w) > max_side:
        scale = max_side / max(h, w)
        pixels = resize(pixels, (max(1, round(h * scale)), max(1, round(w * scale))), LANCZOS)
        notes.append(
            f"Downscaled from {h}×{w} to {pixels.shape[0]}×{pixels.shape[1]} (height × width) "
            f"so that the largest side is at most {max_side} px."
        )
    return Photo(pixels, tuple(notes), (h, w), description)


UPRIGHT = {  # EXIF orientation -> the transpose that makes the image upright
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
STRIP_VALUES = 1 << 20  # values per strip when a 16-bit image is box-shrunk strip by strip


def _shrink_to_rgb(im: Image.Image, factor: int, orientation: int, notes: list[str]):
    """Box-shrink a loaded image by ``factor`` in its own mode, turn it upright, convert
    it to float32 RGB. Memory stays bounded: the decoded image (at most 4 bytes a pixel)
    plus the shrunk result; no full-size float copy is made when ``factor >= 2``, in any
    mode (16-bit greyscale, which Pillow cannot reduce, is shrunk strip by strip)."""
    im = _unpalette(im, notes)
    if im.mode == "1":
        im = im.convert("L")
    if im.mode.startswith("I;16"):
        notes.append("A 16-bit greyscale image: values 0–65535 were scaled to 0–1.")
        grey = Image.fromarray(_box_shrink_16(im, factor), "F")
        if orientation in UPRIGHT:
            grey = grey.transpose(UPRIGHT[orientation])
        return _grey_to_rgb(np.asarray(grey))
    if factor >= 2:  # box-shrink in 8 or 16 bits first: a 50 Mpx photo stays cheap
        im = im.reduce(factor)
    if orientation in UPRIGHT:
        im = im.transpose(UPRIGHT[orientation])  # after the shrink: a small copy
    return to_rgb(im, notes)


def _box_shrink_16(im: Image.Image, factor: int) -> np.ndarray:
    """A 16-bit greyscale image as float32 in [0, 1], box-averaged by ``factor`` (boxes
    cut by the right and bottom edges average what they hold, as Pillow's ``reduce``).

    Rows are converted a strip at a time, so the float copy never exceeds about
    :data:`STRIP_VALUES` values however large the image.
    """
    w, h = im.size
    f = max(1, factor)
    out = np.empty((-(-h // f), -(-w // f)), np.float32)
    col_starts = np.arange(0, w, f)
    col_counts = np.diff(np.append(col_starts, w)).astype(np.float32)
    rows = max(1, STRIP_VALUES // (w * f)) * f  # a whole number of boxes per strip
    for y0 in range(0, h, rows):
        y1 = min(h, y0 + rows)
        strip = np.asarray(im.crop((0, y0, w, y1))).astype(np.float32)
        row_starts = np.arange(0, y1 - y0, f)
        row_counts = np.diff(np.append(row_starts, y1 - y0)).astype(np.float32)
        if f > 1:
            strip = np.add.reduceat(np.add.reduceat(strip, col_starts, axis=1), row_starts)
            strip /= row_counts[:, None] * col_counts[None, :] * 65535.0
        else:
            strip /= 65535.0
        out[y0 // f : y0 // f + len(row_starts)] = strip
    return out


def _bomb_message(pixels: int | None, max_pixels: int, size: str = "") -> str:
    what = f"{size}{pixels / 1e6:.1f} megapixels" if pixels else "an enormous size"
    return (
        f"This file declares an image of {what}, more than the {max_pixels / 1e6:.0f}-megapixel "
        "limit. A small file declaring a huge image is a 'decompression bomb': it was not "
        "decoded. Choose a smaller photo."
    )


def to_rgb(im: Image.Image, notes: list[str] | None = None) -> np.ndarray:
    """Convert any Pillow mode to float32 RGB in [0, 1], shape (H, W, 3).

    Grey is copied to R, G and B; transparency (alpha, or a palette's transparent index)
    is composited on white; CMYK and YCbCr go through Pillow's conversion; 16-bit
    integers are divided by 65535 and floats outside [0, 1] are stretched to it.
    """
    notes = [] if notes is None else notes
    im = _unpalette(im, notes)
    mode = im.mode
    if mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = np.asarray(im.convert("RGBA"), dtype=np.float32) / 255.0
        alpha = rgba[..., 3:]
        if alpha.min() < 1.0:
            notes.append("Transparent parts were placed on a white background.")
        return np.ascontiguousarray(rgba[..., :3] * alpha + (1.0 - alpha))
    if mode in ("1", "L"):
        grey = np.asarray(im.convert("L"), dtype=np.float32) / 255.0
        notes.append("A greyscale image: the grey is copied to red, green and blue.")
        return _grey_to_rgb(grey)
    if mode.startswith("I;16"):
        notes.append("A 16-bit greyscale image: values 0–65535 were scaled to 0–1.")
        return _grey_to_rgb(_box_shrink_16(im, 1))
    if mode == "I":
        raw = np.asarray(im).astype(np.float64)
        if raw.min() >= 0 and raw.max() <= 65535:
            notes.append("A 16-bit greyscale image: values 0–65535 were scaled to 0–1.")
            return _grey_to_rgb((raw / 65535.0).astype(np.float32))
        notes.append("A 32-bit integer image: its range was stretched to 0–1.")
        return _grey_to_rgb(_stretch(raw))
    if mode == "F":
        raw = np.nan_to_num(np.asarray(im, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        if raw.min() < 0 or raw.max() > 1:
            notes.append("A floating-point image: its range was stretched to 0–1.")
            return _grey_to_rgb(_stretch(raw))
        notes.append("A floating-point greyscale image.")
        return _grey_to_rgb(raw.astype(np.float32))
    if mode == "CMYK":
        notes.append("A CMYK (print) image: converted to RGB; colours are approximate.")
    elif mode != "RGB":
        notes.append(f"Mode {mode} was converted to RGB.")
    try:
        rgb = im.convert("RGB")
    except (ValueError, OSError) as e:
        raise ImageError(f"Images of mode {mode} cannot be converted to RGB ({e}).") from None
    return np.asarray(rgb, dtype=np.float32) / 255.0


def _unpalette(im: Image.Image, notes: list[str]) -> Image.Image:
    """A palette image as RGB, or RGBA when it has transparency; other modes unchanged."""
    if im.mode not in ("P", "PA"):
        return im
    notes.append("A palette image: its colours were looked up in the palette.")
    return im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")


def _grey_to_rgb(grey: np.ndarray) -> np.ndarray:
    return np.repeat(grey[..., None], 3, axis=2).astype(np.float32)


def _stretch(a: np.ndarray) -> np.ndarray:
    lo, hi = float(a.min()), float(a.max())
    return ((a - lo) / (hi - lo) if hi > lo else np.zeros_like(a)).astype(np.float32)


def downscale(pixels: np.ndarray, max_side: int) -> np.ndarray:
    """Shrink (H, W, 3) so that its largest side is at most ``max_side`` (Lanczos)."""
    h, w = pixels.shape[:2]
    if max(h, w) <= max_side:
        return pixels
    scale = max_side / max(h, w)
    size = (max(1, round(h * scale)), max(1, round(w * scale)))
    return resize(pixels, size, LANCZOS)


def resize(pixels: np.ndarray, size_hw, resample=Image.Resampling.BILINEAR) -> np.ndarray:
    """Pillow's resize of a float (H, W, 3) array to ``size_hw`` = (height, width), per
    channel in 32-bit float (no rounding to 8 bits); the result is clipped to [0, 1]."""
    h, w = size_hw
    chans = [
        np.asarray(Image.fromarray(np.ascontiguousarray(pixels[..., c])).resize((w, h), resample))
        for c in range(pixels.shape[2])
    ]
    return np.clip(np.stack(chans, axis=2), 0.0, 1.0).astype(np.float32)


def to_uint8(pixels: np.ndarray) -> np.ndarray:
    """Float (H, W, 3) in [0, 1] (values outside are clipped) to uint8, rounded.

    One float32 scratch array, updated in place (a 3072x3072 photo is 113 MB per pass).
    """
    a = np.clip(pixels, 0.0, 1.0, dtype=np.float32)
    a *= 255.0
    a += 0.5
    return a.astype(np.uint8)


DISPLAY_WIDTH = 1024  # wider than the page draws a photo (a column of 350-700 px)


def display_jpeg(image: np.ndarray, max_width: int = DISPLAY_WIDTH) -> bytes:
    """An image (uint8, or float in [0, 1]) of shape (H, W, 3) as the JPEG the page shows:
    at most ``max_width`` wide, quality 90.

    The page draws a photo in one of two columns, 350-700 px wide (1024 px in full
    screen): a 3072 px JPEG costs seconds of the server's time and megabytes of download
    for pixels no screen shows. Shrinking first averages whole blocks of pixels (Pillow's
    ``reduce``), then resamples the rest bilinearly (``reducing_gap=1``): half the time of
    a bilinear resize from the full size. The pixel-level view (the zoomed crops) reads
    the full-size result, not this image.

    Encoding it once and passing the bytes saves Streamlit a full-size JPEG at quality
    100, its decoding and a second encoding on every page run; the same bytes also give
    the same media URL, so the browser does not download the image again.
    """
    im = Image.fromarray(
        np.ascontiguousarray(image if image.dtype == np.uint8 else to_uint8(image))
    )
    if im.width > max_width:
        size = (max_width, max(1, round(im.height * max_width / im.width)))
        im = im.resize(size, Image.Resampling.BILINEAR, reducing_gap=1.0)
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def enlarge(image: np.ndarray, factor: int) -> np.ndarray:
    """Repeat every pixel of (H, W, 3) into a factor x factor block (nearest neighbour)."""
    if factor <= 1:
        return image
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def png_bytes(pixels: np.ndarray) -> bytes:
    """Encode a float (H, W, 3) in [0, 1] or a uint8 image as PNG bytes."""
    arr = pixels if pixels.dtype == np.uint8 else to_uint8(pixels)
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def sample(name: str, max_side: int = MAX_SIDE) -> Photo:
    """One of :data:`SAMPLES`: matplotlib's public-domain photo or a generated pattern.

    The patterns reveal artifacts: a checkerboard (8-px squares) shows edges and holes,
    thin 1-px lines show blurring and gaps, a smooth gradient shows uneven overlap as a
    faint grid.
    """
    if name == SAMPLES[0]:
        from matplotlib import cbook

        with cbook.get_sample_data("grace_hopper.jpg") as f:
            photo = decode(f.read(), max_side)
        return Photo(
            photo.pixels, photo.notes, photo.source_size, "matplotlib's sample photo", photo.digest
        )
    n = 128
    r, c = np.mgrid[0:n, 0:n]
    if name == SAMPLES[1]:
        grey = (((r // 8) + (c // 8)) % 2).astype(np.float32)
        rgb = _grey_to_rgb(grey)
    elif name == SAMPLES[2]:
        rgb = np.ones((n, n, 3), np.float32)
        rgb[r % 16 == 4] = (0.8, 0.1, 0.1)  # red horizontal lines
        rgb[c % 16 == 10] = (0.0, 0.3, 0.8)  # blue vertical lines
        rgb[(r == c) | (r + c == n - 1)] = (0.0, 0.0, 0.0)  # black diagonals
    elif name == SAMPLES[3]:
        t = c / (n - 1)
        u = r / (n - 1)
        rgb = np.stack([0.2 + 0.6 * t, 0.3 + 0.5 * u, 0.8 - 0.5 * t], axis=2).astype(np.float32)
    else:
        raise ImageError(f"Unknown sample {name!r}; choose one of {', '.join(SAMPLES)}.")
    notes = ()
    if n > max_side:
        rgb = downscale(rgb, max_side)
        notes = (
            f"Downscaled from {n}×{n} to {rgb.shape[0]}×{rgb.shape[1]} (largest side "
            f"{max_side} px).",
        )
    return Photo(rgb, notes, (n, n), "generated pattern")
