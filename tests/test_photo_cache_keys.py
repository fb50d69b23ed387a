"""The Photo page's caches are keyed by full digests: two uploads that differ in a single
value each get their own result (Streamlit's own hash samples arrays over 500 000
values, so an array argument would let one photo be served another's result)."""

import io

import numpy as np
from PIL import Image

from tests.apptest import app_test


def png(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


def result_crop(at) -> str:
    return next(m.value for m in at.markdown if "Transposed convolution, rows" in m.value)


def test_photos_differing_in_one_value_get_their_own_results():
    at = app_test("photo")
    at.button_group(key="photo_source").set_value("Upload").run()
    a = np.full((512, 1024, 3), 128, np.uint8)  # 1.6 million values: sampled by Streamlit
    b = a.copy()
    b[0, 0, 0] = 255  # one value: the red of the top-left pixel
    at.file_uploader(key="photo_upload").set_value(("a.png", png(a), "image/png")).run()
    at.slider(key="photo_zoom_x").set_value(0)
    at.slider(key="photo_zoom_y").set_value(0).run()  # the crop at the top-left corner
    assert not at.exception and not at.error
    crop_a = result_crop(at)
    at.file_uploader(key="photo_upload").set_value(("b.png", png(b), "image/png")).run()
    assert not at.exception and not at.error
    assert result_crop(at) != crop_a  # b's own result, not a's from the cache
