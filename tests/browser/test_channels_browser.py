"""The "Channels & groups" page in a real browser: weights, sums, Example 3, no error."""

from tests.browser.conftest import assert_no_exception, open_page, wait_idle

QUERY = "x=1,2,0;0,1,2;2,0,1&k=0,1,2;2,2,0;0,1,2&s=2&p=1&a=1"


def test_channels_page_renders(page, app_url):
    open_page(page, app_url)  # the router runs once, so the page opens inside st.navigation
    open_page(page, app_url, "channels", QUERY)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Channels & groups" in text
    assert "(C_in, C_out/groups, kH, kW) = (2, 2, 3, 3)" in text
    for claim in ("Equal to the conv_transpose2d result", "Matches PyTorch", "(1, 3, 786, 714)",
                  "3×786×714"):  # fmt: skip
        assert claim in text, claim
    svg_text = " ".join(page.locator("svg text").all_text_contents())
    for title in ("w[1, 0] → y[0]", "x[1] ⋆ w[1, 1]", "y[1]"):
        assert title in svg_text, title
    assert page.get_by_role("link", name="Channels & groups").count() >= 1
    assert_no_exception(page)
    assert page.errors == []


CUT = """() => [...document.querySelectorAll('[data-testid="stMain"] .tconv-svg')]
    .filter(w => w.offsetParent !== null)
    .map(w => [w.querySelector('svg'), w.scrollWidth - w.clientWidth])
    .map(([s, over]) => [s.getAttribute('aria-label'), over,
                         s.getBoundingClientRect().width / Number(s.getAttribute('width'))])
    .filter(([title, over, scale]) => over > 1 || scale < 0.55)"""


def pick(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    wait_idle(page)


def test_a_1024px_projector_sees_every_weight_and_sum_whole(page, app_url):
    """On a 1024x768 screen (sidebar open), with 2 and with 4 channels in and out, no grid is
    cut off at its column's edge or shrunk below about half its size: the lines wrap."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    open_page(page, app_url, "channels")
    page.locator("svg[aria-label='y[1]']").wait_for()
    assert page.evaluate(CUT) == []
    cut = page.locator("[data-testid='stCheckbox'] [data-testid='stWidgetLabel']").evaluate(
        "c => [c, ...c.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)"
    )
    assert not cut, "the label 'bias b[j] = j + 1' is cut short"
    code = page.locator("[data-testid='tc-share-link']", has_text="nn.ConvTranspose2d(3, 2")
    hidden = code.evaluate("e => e.scrollWidth - e.clientWidth")
    assert hidden <= 1, f"the Example 3 code hides {hidden} px"
    pick(page, "C_in", "4")
    pick(page, "C_out", "4")
    page.locator("svg[aria-label='x[3] ⋆ w[3, 3]']").wait_for()
    assert page.locator("svg[aria-label^='w[']").count() == 16
    assert page.evaluate(CUT) == []
    assert_no_exception(page)
    assert page.errors == []
