"""AppTest for the home page: Example 1 live, the cross-check, the PyTorch code."""

import numpy as np

from tests.apptest import app_test, shown, svg_numbers


def run_home():
    return app_test()


def test_home_renders_example_one_with_a_passing_cross_check():
    at = run_home()
    assert not at.exception
    assert at.title[0].value == "Transposed Convolution Explorer"
    assert any("Matches PyTorch" in s.value for s in at.success)
    html = " ".join(shown(at))
    # The output grid of Example 1, drawn as SVG, carries its 16 numbers in order.
    expected = [0, 0, 4, 1, 0, 0, 2, 3, 8, 2, 12, 3, 4, 6, 6, 9]
    assert svg_numbers(html, "output 4×4") == expected
    assert svg_numbers(html, "input x") == [0, 1, 2, 3]


def test_home_code_reproduces_example_one():
    at = run_home()
    assert not at.code  # built only once its expander is opened (the viewer's JS is big)
    at.session_state["home_code"] = True
    at.run()
    code = at.code[0].value
    scope: dict = {}
    exec(compile(code, "<home code>", "exec"), scope)  # the code prints; we read `y`
    y = scope["y"].detach().numpy()[0, 0]
    np.testing.assert_array_equal(y, [[0, 0, 4, 1], [0, 0, 2, 3], [8, 2, 12, 3], [4, 6, 6, 9]])


def test_home_links_every_other_page():
    at = run_home()
    from pathlib import Path

    pages = {p.stem for p in (Path(__file__).resolve().parents[1] / "pages").glob("*.py")}
    linked = {Path(link.proto.page).name for link in at.get("page_link")}
    assert linked == pages - {"home"}
