"""Hostile and ordinary image files made in memory with Pillow, shared by the image tests.

Each factory returns ``(file name, bytes, mime type)``, the tuple AppTest's file uploader
takes.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **kw)
    return buf.getvalue()


def rgb_array(h: int, w: int, seed: int = 0) -> np.ndarray:
    """A smooth colour image with a little noise (compresses like a photo)."""
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:h, 0:w]
    base = np.stack([255 * c / max(w - 1, 1), 255 * r / max(h - 1, 1), np.full((h, w), 128)], 2)
    return np.clip(base + rng.normal(0, 8, (h, w, 3)), 0, 255).astype(np.uint8)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` x ``height`` (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def zero_bytes():
    return "empty.png", b"", "image/png"


def text_as_png():
    return "notes.png", b"These are my lecture notes, not a picture.\n" * 20, "image/png"


def truncated_png():
    data = encode(Image.fromarray(rgb_array(120, 160)), "PNG")
    return "cut.png", data[: len(data) // 2], "image/png"


def truncated_jpeg():
    data = encode(Image.fromarray(rgb_array(120, 160)), "JPEG", quality=90)
    return "cut.jpg", data[: len(data) // 2], "image/jpeg"


def bomb_png():
    return "bomb.png", png_declaring(20000, 20000), "image/png"


def png16():
    """16-bit greyscale: a ramp 0 .. 65535 across 64 columns (mode I;16)."""
    ramp = np.tile(np.linspace(0, 65535, 64).round().astype(np.uint16), (32, 1))
    return "deep.png", encode(Image.fromarray(ramp), "PNG"), "image/png"


def palette_with_transparency():
    """A palette image: left half transparent (index 0), right half opaque red (index 1)."""
    im = Image.new("P", (40, 20), 0)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0, 0, 0] * 254)
    im.paste(1, (20, 0, 40, 20))
    return "sticker.png", encode(im, "PNG", transparency=0), "image/png"


def cmyk_jpeg():
    """Pure red in CMYK (C=0, M=255, Y=255, K=0)."""
    im = Image.new("CMYK", (48, 32), (0, 255, 255, 0))
    return "print.jpg", encode(im, "JPEG", quality=95), "image/jpeg"


def greyscale_png():
    ramp = np.tile(np.arange(0, 256, 4, dtype=np.uint8), (16, 1))
    return "grey.png", encode(Image.fromarray(ramp), "PNG"), "image/png"


def animated_gif():
    """Three frames: red, green, blue."""
    frames = [Image.new("RGB", (30, 20), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    return "blink.gif", buf.getvalue(), "image/gif"


def exif_rotated_jpeg():
    """Stored 60 wide x 30 high with a red left column band; EXIF orientation 6 (turn
    90 degrees clockwise to view), so it shows 30 wide x 60 high with the red band on top."""
    a = np.full((30, 60, 3), 255, np.uint8)
    a[:, :10] = (255, 0, 0)
    exif = Image.Exif()
    exif[0x0112] = 6
    return "phone.jpg", encode(Image.fromarray(a), "JPEG", quality=95, exif=exif), "image/jpeg"


def one_pixel():
    return "dot.png", encode(Image.new("RGB", (1, 1), (0, 128, 255)), "PNG"), "image/png"


def rgba_png():
    """Left half fully transparent, right half opaque blue."""
    a = np.zeros((20, 40, 4), np.uint8)
    a[:, 20:] = (0, 0, 255, 255)
    return "cutout.png", encode(Image.fromarray(a, "RGBA"), "PNG"), "image/png"


def photo_jpeg(h: int = 300, w: int = 400, quality: int = 90):
    return (
        "photo.jpg",
        encode(Image.fromarray(rgb_array(h, w)), "JPEG", quality=quality),
        "image/jpeg",
    )


BAD = {  # name -> (factory, words the error message must contain)
    "zero bytes": (zero_bytes, "empty"),
    "text renamed .png": (text_as_png, "not an image"),
    "truncated PNG": (truncated_png, "truncated"),
    "truncated JPEG": (truncated_jpeg, "truncated"),
    "decompression bomb": (bomb_png, "decompression bomb"),
}
ODD = {  # name -> factory; each decodes to a correct picture
    "16-bit PNG": png16,
    "palette with transparency": palette_with_transparency,
    "CMYK JPEG": cmyk_jpeg,
    "greyscale": greyscale_png,
    "animated GIF": animated_gif,
    "EXIF-rotated JPEG": exif_rotated_jpeg,
    "1x1": one_pixel,
    "RGBA": rgba_png,
}
