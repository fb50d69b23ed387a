"""The Photo upsampling page under AppTest: every bad upload, real images, every control."""

import numpy as np
import pytest

from tconv.ui.sharing import find_copy_boxes
from tests import images_factory as f
from tests.apptest import app_test, shown, svg_numbers


@pytest.fixture
def at():
    return app_test("photo")


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def sizes(at) -> str:
    """The heading that states the sizes, e.g. '600×512 → 1200×1024 (height × width)'."""
    return at.subheader[0].value


def assert_clean(at):
    assert not at.exception, texts(at.exception)
    assert not at.error, texts(at.error)


def upload(at, file):
    if at.button_group(key="photo_source").value != "Upload":
        at.button_group(key="photo_source").set_value("Upload").run()
    at.file_uploader(key="photo_upload").set_value(file).run()
    assert not at.exception, texts(at.exception)
    return at


def test_default_is_the_sample_photo_at_stride_two_bilinear(at):
    assert_clean(at)
    assert sizes(at) == "600×512 → 1200×1024 (height × width)"
    assert "(600 − 1)·2 − 2·1 + 1·(4 − 1) + 0 + 1 = 1200" in find_copy_boxes(at)[0]
    assert any("Matches PyTorch" in s for s in texts(at.success))
    assert any("Even overlap" in s for s in texts(at.success))
    assert any("borders are darker" in w for w in texts(at.warning))
    assert "(3, 1, 4, 4)" in " ".join(texts(at.markdown))
    assert {m.label for m in at.metric} >= {"PSNR against Pillow", "tconv time"}
    assert len(at.get("download_button")) == 1


def test_nothing_uploaded_yet_asks_for_a_file(at):
    at.button_group(key="photo_source").set_value("Upload").run()
    assert_clean(at)
    assert any("Upload a photo" in s for s in texts(at.info))
    assert not at.subheader


@pytest.mark.parametrize("name", list(f.BAD))
def test_bad_upload_gets_a_clear_message_and_the_page_stays_usable(at, name):
    factory, words = f.BAD[name]
    upload(at, factory())
    assert len(at.error) == 1 and words in at.error[0].value.lower()
    assert not at.subheader  # nothing half-computed is shown
    upload(at, f.photo_jpeg(30, 40))  # the next upload works
    assert_clean(at)
    assert sizes(at) == "30×40 → 60×80 (height × width)"


EXPECTED = {  # factory name -> (sizes heading, words in an info note or None)
    "16-bit PNG": ("32×64 → 64×128", "16-bit"),
    "palette with transparency": ("20×40 → 40×80", "palette"),
    "CMYK JPEG": ("32×48 → 64×96", "CMYK"),
    "greyscale": ("16×64 → 32×128", "greyscale"),
    "animated GIF": ("20×30 → 40×60", "3 frames"),
    "EXIF-rotated JPEG": ("60×30 → 120×60", "EXIF"),
    "1x1": ("1×1 → 2×2", None),
    "RGBA": ("20×40 → 40×80", "white"),
}


@pytest.mark.parametrize("name", list(f.ODD))
def test_unusual_images_decode_correctly(at, name):
    upload(at, f.ODD[name]())
    assert_clean(at)
    heading, words = EXPECTED[name]
    assert sizes(at).startswith(heading + " ")
    if words:
        assert any(words in s for s in texts(at.info)), texts(at.info)


def test_large_upload_is_downscaled_with_a_notice(at):
    at.number_input(key="photo_max_side").set_value(256).run()
    upload(at, f.photo_jpeg(600, 800))
    assert_clean(at)
    assert sizes(at).startswith("192×256 → 384×512")
    assert any("Downscaled from 600×800 to 192×256" in s for s in texts(at.info))


def test_output_over_the_cap_gets_a_message_not_a_computation(at):
    at.number_input(key="photo_max_side").set_value(2048).run()
    upload(at, f.photo_jpeg(2048, 2048, quality=50))
    at.slider(key="photo_stride").set_value(4).run()
    assert not at.exception
    assert any("over the limit" in e for e in texts(at.error)), texts(at.error)
    at.slider(key="photo_stride").set_value(2).run()
    assert_clean(at)
    assert sizes(at).startswith("2048×2048 → 4096×4096")


def test_samples(at):
    box = at.selectbox(key="photo_sample")
    assert box.options == ["Grace Hopper", "Checkerboard", "Thin lines", "Gradient"]
    for name, heading in [
        ("Checkerboard", "128×128 → 256×256"),
        ("Thin lines", "128×128 → 256×256"),
        ("Gradient", "128×128 → 256×256"),
        ("Photo (Grace Hopper)", "600×512 → 1200×1024"),
    ]:
        at.selectbox(key="photo_sample").set_value(name).run()
        assert_clean(at)
        assert sizes(at).startswith(heading), name


def test_presets_set_their_padding_and_example_three_reproduces_the_seed(at):
    at.selectbox(key="photo_preset").set_value("nearest").run()
    assert at.number_input(key="photo_padding").value == 0
    assert sizes(at).startswith("600×512 → 1200×1024")
    assert any("identical" in m.value for m in at.metric)  # nearest == Pillow's NEAREST
    at.slider(key="photo_stride").set_value(3).run()
    assert sizes(at).startswith("600×512 → 1800×1536")
    at.selectbox(key="photo_preset").set_value("bilinear").run()
    assert at.number_input(key="photo_padding").value == 1  # s // 2 for s = 3
    assert sizes(at).startswith("600×512 → 1800×1536")
    at.selectbox(key="photo_preset").set_value("example3").run()
    assert at.slider(key="photo_stride").value == 2
    assert at.number_input(key="photo_padding").value == 1
    assert at.radio(key="photo_mixing").value is True
    assert_clean(at)
    assert sizes(at).startswith("600×512 → 1198×1022")
    assert "(3, 3, 2, 2)" in " ".join(texts(at.markdown))
    assert any("out_channels=2" in e.label for e in at.expander)
    at.selectbox(key="photo_preset").set_value("nearest").run()
    assert at.radio(key="photo_mixing").value is False  # back to per-channel


def test_random_kernel_shows_checkerboard_and_normalising_removes_it(at):
    at.selectbox(key="photo_preset").set_value("random").run()
    at.number_input(key="photo_kernel_size").set_value(3).run()
    at.number_input(key="photo_seed").set_value(5).run()
    assert at.number_input(key="photo_padding").value == 1
    assert_clean(at)
    assert sizes(at).startswith("600×512 → 1199×1023")
    assert any("Checkerboard" in w for w in texts(at.warning))
    grid = next(m for m in shown(at) if "Kernel taps per pixel" in m)
    counts = svg_numbers(grid, "Kernel taps per pixel")
    assert len(counts) == 144 and set(counts) == {1, 2, 4}  # uneven overlap in the crop
    kernel = next(m for m in shown(at) if ">weight[0, 0]<" in m)
    assert sum(svg_numbers(kernel, "weight[0, 0]")) == pytest.approx(4, abs=0.05)
    at.toggle(key="photo_normalise").set_value(True).run()
    assert_clean(at)
    assert not any("borders are darker" in w for w in texts(at.warning))


def test_full_mixing_and_colour_matrix(at):
    at.radio(key="photo_mixing").set_value(True).run()
    at.selectbox(key="photo_colour").set_value("Swap red and blue").run()
    assert_clean(at)
    assert "(3, 3, 4, 4)" in " ".join(texts(at.markdown))
    assert "colours mix" in " ".join(texts(at.markdown))
    at.radio(key="photo_mixing").set_value(False).run()
    assert "colours stay apart" in " ".join(texts(at.markdown))


def test_custom_kernel_from_the_grid_editor(at):
    at.selectbox(key="photo_preset").set_value("custom").run()
    assert_clean(at)
    assert sizes(at).startswith("600×512 → 1199×1023")  # default 3x3 ones, padding 1
    assert any("Checkerboard" in w for w in texts(at.warning))
    editor = f"pg_photo_kernel_editor_{at.session_state['pg_photo_kernel_v']}"
    at.session_state[editor] = {
        "edited_rows": {0: {"0": 0.0, "1": 0.0, "2": 0.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert_clean(at)
    assert at.session_state["pg_photo_kernel_now"] == "0,0,0;1,1,1;1,1,1"
    at.number_input(key="pg_photo_kernel_rows").set_value(1).run()
    at.number_input(key="pg_photo_kernel_cols").set_value(1).run()
    assert not at.exception
    assert sizes(at).startswith("600×512 → 1197×1021")  # k = 1, s = 2, p = 1
    assert "(3, 1, 1, 1)" in " ".join(texts(at.markdown))
    assert any("Holes" in e for e in texts(at.error))  # k < s: the verdict, in red


def test_invalid_parameters_get_a_message_and_other_controls_survive(at):
    at.number_input(key="photo_output_padding").set_value(2).run()  # 2 >= s = 2 and d = 1
    assert not at.exception
    assert any("output_padding (2) must be smaller" in e for e in texts(at.error))
    assert at.selectbox(key="photo_preset").value == "bilinear"
    at.number_input(key="photo_dilation").set_value(3).run()  # now a < d: valid
    assert_clean(at)
    at.selectbox(key="photo_sample").set_value("Checkerboard").run()
    at.number_input(key="photo_max_side").set_value(16).run()
    at.slider(key="photo_stride").set_value(1).run()  # bilinear follows: k = 1, p = 0
    assert at.number_input(key="photo_padding").value == 0
    at.number_input(key="photo_padding").set_value(16).run()
    assert not at.exception
    assert any("padding (16) is too large" in e for e in texts(at.error))
    assert any("Downscaled" in s for s in texts(at.info))  # the parts above still show
    at.number_input(key="photo_padding").set_value(0).run()
    assert_clean(at)
    assert sizes(at).startswith("16×16 → 16×16")


def captions(at) -> str:
    """Captions of st.image photos and of the inline pixel-exact figures."""
    photos = " ".join(str(i.proto) for i in at.get("image"))
    return photos + " ".join(m.value for m in at.markdown if "<figure" in m.value)


def test_images_and_zoom_position_move_the_crop(at):
    assert len(at.get("image")) == 2  # the photo and its result, as JPEG
    assert "Original, 600×512" in captions(at)
    assert "rows 594–605, columns 506–517" in captions(at)  # the middle, by default
    crops = [m.value for m in at.markdown if "<figure" in m.value]
    assert len(crops) == 2 and all("data:image/png;base64," in c for c in crops)
    at.slider(key="photo_zoom_x").set_value(100).run()
    at.slider(key="photo_zoom_y").set_value(0).run()
    assert_clean(at)
    assert "rows 0–11, columns 1012–1023" in captions(at)


def test_small_images_are_drawn_with_hard_pixel_edges(at):
    at.selectbox(key="photo_sample").set_value("Checkerboard").run()
    assert not at.get("image")  # 128 and 256 px: inline PNGs scaled with pixelated edges
    figures = [m.value for m in at.markdown if "<figure" in m.value]
    assert len(figures) == 4 and all("image-rendering:pixelated" in f for f in figures)


def test_torch_check_figures_are_shown(at):
    badge = next(s for s in texts(at.success) if "Matches PyTorch" in s)
    diff = float(badge.split("= ")[1].split(" ")[0])
    assert 0 <= diff <= 1e-4
    assert np.isfinite(float(next(m for m in at.metric if m.label == "tconv time").value[:-3]))


def test_normalised_bilinear_is_pillows_bilinear(at):
    at.toggle(key="photo_normalise").set_value(True).run()
    assert_clean(at)
    psnr = next(m for m in at.metric if m.label == "PSNR against Pillow")
    assert psnr.value == "identical to rounding"
    assert not any("borders are darker" in w for w in texts(at.warning))


def test_uploading_a_real_photo_file(at):
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        data = fh.read()
    upload(at, ("grace_hopper.jpg", data, "image/jpeg"))
    assert_clean(at)
    assert sizes(at) == "600×512 → 1200×1024 (height × width)"
    assert "Original, 600×512 (JPEG, mode RGB)" in captions(at)
    assert any("Matches PyTorch" in s for s in texts(at.success))


def test_an_upload_survives_a_visit_to_another_page_until_forgotten(at):
    upload(at, ("kept.jpg", f.photo_jpeg(30, 40)[1], "image/jpeg"))
    assert sizes(at).startswith("30×40 →")
    at.switch_page("pages/home.py").run()
    at.switch_page("pages/photo.py").run()
    assert_clean(at)
    if at.button_group(key="photo_source").value != "Upload":
        at.button_group(key="photo_source").set_value("Upload").run()
    assert sizes(at).startswith("30×40 →")  # the kept photo, not an empty page
    assert any(r"kept\.jpg" in c.value for c in at.caption)  # escaped: plain text
    at.button(key="photo_forget").click().run()
    assert_clean(at)
    assert any("Upload a photo" in s for s in texts(at.info))
    assert not at.subheader


def test_the_upload_limit_is_one_number_in_one_wording(at):
    import tomllib
    from pathlib import Path

    from tconv.photo.images import MAX_UPLOAD_MB, UPLOAD_LIMIT

    config = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"
    assert tomllib.loads(config.read_text())["server"]["maxUploadSize"] == MAX_UPLOAD_MB
    at.button_group(key="photo_source").set_value("Upload").run()
    uploader = at.file_uploader(key="photo_upload")
    assert uploader.proto.max_upload_size_mb == MAX_UPLOAD_MB
    assert UPLOAD_LIMIT == "25 MB" and f"up to {UPLOAD_LIMIT}." in uploader.help


def test_a_file_over_the_limit_is_refused_in_the_same_words():
    from tconv.photo.images import MAX_UPLOAD_BYTES, UPLOAD_LIMIT, ImageError, decode

    with pytest.raises(ImageError, match=f"over the upload limit of {UPLOAD_LIMIT}"):
        decode(b"\x89PNG" + bytes(MAX_UPLOAD_BYTES))


def test_a_busy_server_makes_the_page_wait_for_a_free_slot_and_say_so():
    """With every computing slot taken by other sessions, the page waits (it does not
    compute beside them) and then says how long it waited."""
    import threading
    import time

    import streamlit as st

    from tconv.photo.workgate import PHOTO_GATE

    at = app_test()  # the app's first run (Home) happens before the server gets busy
    st.cache_data.clear()  # the page must compute, not read a cached result
    st.cache_resource.clear()
    release = threading.Event()
    holding = threading.Barrier(PHOTO_GATE.slots + 1)

    def other_session():
        with PHOTO_GATE.slot():
            holding.wait()
            release.wait(30)

    others = [threading.Thread(target=other_session) for _ in range(PHOTO_GATE.slots)]
    for t in others:
        t.start()
    holding.wait()

    def release_once_the_page_waits():
        while not PHOTO_GATE.waiting() and not release.is_set():
            time.sleep(0.01)
        time.sleep(1.0)
        release.set()

    threading.Thread(target=release_once_the_page_waits).start()
    try:
        at.switch_page("pages/photo.py").run()
    finally:
        release.set()
        for t in others:
            t.join()
    assert_clean(at)
    assert sizes(at) == "600×512 → 1200×1024 (height × width)"
    waited = [c.value for c in at.caption if "for a free slot" in c.value]
    assert waited and float(waited[0].split()[1]) >= 1.0, waited
    assert PHOTO_GATE.free() == PHOTO_GATE.slots


def test_after_a_server_restart_a_lost_upload_is_announced():
    """The upload's mark stays in the URL; a new session (the server restarted) that has
    no upload says the photo was lost instead of switching to the sample silently."""
    at = app_test("photo")
    upload(at, ("mine.jpg", f.photo_jpeg(30, 40)[1], "image/jpeg"))
    mark = at.query_params.get("upload")
    assert mark, "an upload in use is marked in the URL"
    fresh = app_test("photo", query={"upload": mark})  # same URL, new server session
    assert_clean(fresh)
    lost = [w for w in texts(fresh.warning) if "no longer on the server" in w]
    assert len(lost) == 1
    fresh.button(key="photo_lost_ok").click().run()
    assert not [w for w in texts(fresh.warning) if "no longer on the server" in w]
    assert "upload" not in fresh.query_params
    assert not [w for w in texts(app_test("photo").warning) if "no longer" in w]  # no mark


def test_what_torch_checked_is_said(at):
    """Up to 2048×2048 torch checks the whole result; above, three windows, named."""
    assert_clean(at)
    caption = " ".join(texts(at.caption))
    assert "torch checked the whole 1200×1024 result." in caption
    assert next(m for m in at.metric if m.label.startswith("torch time")).label == (
        "torch time (float32)"
    )
    at.slider(key="photo_stride").set_value(4).run()  # 600×512 → 2400×2048: 4.9 Mpx
    assert_clean(at)
    assert sizes(at).startswith("600×512 → 2400×2048")
    caption = " ".join(texts(at.caption))
    assert "torch checked 3 windows of the 2400×2048 result, every colour: the top-left " in caption
    assert "the centre (rows " in caption and "the bottom-right corner (rows " in caption
    assert "the bottom-right corner (rows 2126–2399, columns 1774–2047)." in caption
    assert any("Matches PyTorch" in s for s in texts(at.success))
    assert any(m.label == "torch time, its windows" for m in at.metric)
