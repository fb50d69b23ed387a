"""The Practice page in a real browser: answer exercises through the UI and see the
feedback and the score, then follow "show me" into the Playground, without error."""

from tconv.app.exercises import make_exercise
from tests.browser.conftest import assert_no_exception, enter_text, open_page, wait_idle
from tests.browser.links import assert_playground_opens


def test_answer_an_exercise_and_see_the_feedback(page, app_url):
    open_page(page, app_url)  # the router runs once, so the page opens inside st.navigation
    open_page(page, app_url, "practice", "practice_seed=5")
    main = page.locator("[data-testid='stMain']")
    ex = make_exercise("output_size", 5)
    assert "Output size · seed 5" in main.inner_text()
    enter_text(page, page.get_by_label("Output rows", exact=True), str(ex.answer))
    page.get_by_role("button", name="Check").click()
    wait_idle(page)
    success = page.locator("[data-testid='stAlertContentSuccess']").inner_text()
    assert ex.check(ex.answer).message in success and "Right:" in success
    assert "1 / 1" in page.locator("[data-testid='stMetricValue']").inner_text()
    # A wrong answer to a multiple-choice exercise: the explanation names the right one.
    page.get_by_role("radio", name="Spot the checkerboard").click()
    wait_idle(page)
    spot = make_exercise("spot_checkerboard", 5)
    wrong = next(c for c in spot.choices if c != spot.answer)
    page.get_by_text(wrong, exact=True).click()
    wait_idle(page)
    page.get_by_role("button", name="Check").click()
    wait_idle(page)
    error = page.locator("[data-testid='stAlertContentError']").inner_text()
    assert f"Not {wrong}: it is {spot.answer}." in error
    assert "1 / 2" in page.locator("[data-testid='stMetricValue']").inner_text()
    assert "practice_seed=5" in page.url
    assert_no_exception(page)
    assert page.errors == []
    assert_playground_opens(page, page.get_by_role("link", name="Show me in the Playground ↗"))


def test_a_1024px_projector_sees_whole_buttons_and_grids(page, app_url):
    """On a 1024x768 screen (sidebar open) the buttons' labels are not cut short and the
    largest exercise grid (25×25, spot the checkerboard, seed 462) fits the page."""
    page.set_viewport_size({"width": 1024, "height": 768})
    open_page(page, app_url)
    open_page(page, app_url, "practice", "practice_seed=462")
    for name in ("🎲 New exercise", "Reset score"):
        button = page.get_by_role("button", name=name)
        cut = button.evaluate(
            "b => [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)"
        )
        assert not cut, f"{name!r} is cut short"
    page.get_by_role("radio", name="Spot the checkerboard").click()
    wait_idle(page)
    assert make_exercise("spot_checkerboard", 462).grids[0].values.shape == (25, 25)
    svg = page.locator("svg[aria-label='overlap count']")
    wrapper = svg.locator("xpath=ancestor::div[contains(@class, 'tconv-svg')][1]")
    assert wrapper.evaluate("w => w.scrollWidth - w.clientWidth") <= 1
    assert_no_exception(page)
    assert page.errors == []
