"""The Photo upsampling page in a real browser: upload a file, see the result, download it."""

import io

import numpy as np
from PIL import Image

from tconv.photo.upsample import upsample
from tconv.photo.upsample_kernels import preset_weight
from tests.browser.conftest import assert_no_exception, expect, open_page, wait_idle


def test_upload_see_result_and_download_png(page, app_url, tmp_path):
    rng = np.random.default_rng(1)
    pixels = (rng.random((45, 70, 3)) * 255).astype(np.uint8)
    path = tmp_path / "class photo.png"
    Image.fromarray(pixels).save(path)

    open_page(page, app_url, "photo")
    assert_no_exception(page)
    page.get_by_role("radio", name="Upload", exact=True).click()
    wait_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.get_by_text("45×70 → 90×140 (height × width)").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    main = page.locator("[data-testid='stMain']")
    assert "Matches PyTorch" in main.inner_text()
    # small results are inline PNGs drawn with hard pixel edges, captioned by their size
    img = page.locator("figure img[alt='Transposed convolution, 90×140']")
    img.wait_for()
    assert img.bounding_box()["width"] > 140  # drawn larger than its 140 px
    assert page.evaluate("(el) => el.complete && el.naturalWidth > 0", img.element_handle())

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the result (PNG)").click()
    download = info.value
    assert download.suggested_filename == "upsampled_90x140.png"
    out = Image.open(io.BytesIO(download.path().read_bytes()))
    assert out.format == "PNG" and out.size == (140, 90) and out.mode == "RGB"
    # the page's default layer (bilinear, stride 2, padding 1, per channel) on the same file
    weight, groups = preset_weight("bilinear", 2, mixing=False)
    expected = upsample(pixels / np.float32(255), weight, groups, stride=2, padding=1).image
    np.testing.assert_array_equal(np.asarray(out), expected)
    assert page.errors == []


def test_an_upload_is_still_there_after_visiting_another_page(page, app_url, tmp_path):
    path = tmp_path / "kept.png"
    Image.fromarray(np.full((20, 30, 3), 128, np.uint8)).save(path)
    open_page(page, app_url, "photo")
    page.get_by_role("radio", name="Upload", exact=True).click()
    wait_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.get_by_text("20×30 → 40×60 (height × width)").wait_for()
    page.get_by_role("link", name="Home").click()  # the sidebar: same session, another page
    page.get_by_text("Where to go next").wait_for()
    page.get_by_role("link", name="Photo upsampling").first.click()
    wait_idle(page)
    page.get_by_text("20×30 → 40×60 (height × width)").wait_for()
    assert (
        "Using your earlier upload kept.png" in page.locator("[data-testid='stMain']").inner_text()
    )
    assert_no_exception(page)


def test_a_1024px_projector_sees_the_kernel_and_the_tap_counts_whole(page, app_url):
    """On a 1024x768 screen (sidebar open), weight[0, 0] and the 12×12 tap counts fit their
    columns without shrinking below three quarters of their size."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url, "photo")
    page.get_by_text("Kernel taps per pixel").first.wait_for()
    upload = page.get_by_role("radio", name="Upload", exact=True)
    column = upload.locator("xpath=ancestor::*[@data-testid='stColumn'][1]")
    button, col = upload.bounding_box(), column.bounding_box()
    assert button["x"] + button["width"] <= col["x"] + col["width"] + 1, "Upload is cut off"
    sample = page.get_by_role("combobox", name="Sample image")  # shows the name as its value
    expect(sample).to_have_value("Grace Hopper")
    assert sample.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the name is cut short"
    for title in ("weight[0, 0]", "Kernel taps per pixel"):
        svg = page.locator(f"svg[aria-label='{title}']")
        wrapper = svg.locator("xpath=ancestor::div[contains(@class, 'tconv-svg')][1]")
        assert wrapper.evaluate("w => w.scrollWidth - w.clientWidth") <= 1, title
        natural = float(svg.get_attribute("width"))
        assert svg.bounding_box()["width"] >= 0.75 * natural, title
    assert_no_exception(page)
    assert page.errors == []


def test_a_file_name_with_markdown_is_shown_as_plain_text(page, app_url):
    """The kept upload's caption quotes its file name: a Markdown link or image in the name
    stays text (no <a>, no <img>, no request to the image's address)."""
    buf = io.BytesIO()
    Image.fromarray(np.full((20, 30, 3), 90, np.uint8)).save(buf, format="PNG")
    name = "[Session expired - click](http:x.example) ![t](http:x.example.png).png"
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, app_url, "photo")
    page.get_by_role("radio", name="Upload", exact=True).click()
    wait_idle(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        {"name": name, "mimeType": "image/png", "buffer": buf.getvalue()}
    )
    page.get_by_text("20×30 → 40×60 (height × width)").wait_for()
    page.get_by_role("link", name="Home").click()
    page.get_by_text("Where to go next").wait_for()
    page.get_by_role("link", name="Photo upsampling").first.click()
    wait_idle(page)
    caption = page.locator("[data-testid='stCaptionContainer']", has_text="earlier upload")
    caption.wait_for()
    assert name in caption.inner_text()
    assert caption.locator("a").count() == 0 and caption.locator("img").count() == 0
    assert not [u for u in requests if "x.example" in u]
    assert_no_exception(page)


def test_an_upload_still_shows_after_reruns_and_a_replacement(page, app_url, tmp_path):
    """The page releases Streamlit's stored copy of an upload once it has kept the bytes:
    the uploader still names the file, a slider's rerun still shows the photo (no "earlier
    upload" caption, no "lost" warning), and a new file replaces it."""
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    Image.fromarray(np.full((20, 30, 3), 60, np.uint8)).save(first)
    Image.fromarray(np.full((24, 16, 3), 200, np.uint8)).save(second)
    open_page(page, app_url, "photo")
    page.get_by_role("radio", name="Upload", exact=True).click()
    wait_idle(page)
    files = page.locator("[data-testid='stFileUploader'] input[type='file']")
    files.set_input_files(str(first))
    page.get_by_text("20×30 → 40×60 (height × width)").wait_for()
    page.get_by_role("slider", name="Stride s").press("ArrowRight")
    page.get_by_text("20×30 → 60×90 (height × width)").wait_for()
    wait_idle(page)
    main = page.locator("[data-testid='stMain']")
    assert "earlier upload" not in main.inner_text()
    assert "no longer on the server" not in main.inner_text()
    assert "first.png" in page.locator("[data-testid='stFileUploader']").inner_text()
    page.locator("figure img[alt='Transposed convolution, 60×90']").wait_for()
    files.set_input_files(str(second))
    page.get_by_text("24×16 → 72×48 (height × width)").wait_for()
    wait_idle(page)
    assert "second.png" in page.locator("[data-testid='stFileUploader']").inner_text()
    assert "earlier upload" not in main.inner_text()
    assert_no_exception(page)
    assert page.errors == []
