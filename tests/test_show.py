"""tconv.ui.show.svg's body: the markup travels as a JSON string inside a script and comes
back unchanged; no text in a grid can end the script or become markup."""

import json
import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tconv.render.gridsvg import grid_svg
from tconv.ui.show import shown_html, svg_body


@given(st.text(max_size=60))
def test_any_title_round_trips_and_never_ends_the_script(title):
    markup = grid_svg(np.array([[1.0, -2.5]]), title)
    body = svg_body(markup)
    script = body[body.index("<script>") + len("<script>") : -len("</script>")]
    assert "<" not in script  # no "</script>", no tag: the JSON string holds \\u003c
    assert body.count("<script>") == 1 and body.endswith("</script>")
    assert shown_html(body) == f'<div class="tconv-svg" style="overflow-x:auto">{markup}</div>'
    # the title is text inside the SVG: escaped by grid_svg, never a tag of its own
    tags = re.findall(r"<(\w+)", markup)
    assert set(tags) <= {"svg", "defs", "pattern", "rect", "line", "text", "path", "g"}


def test_fit_shrinks_the_svg_to_its_column():
    markup = grid_svg(np.ones((2, 2)), "t")
    shown = shown_html(svg_body(markup, fit=True))
    assert '<svg style="max-width:100%;height:auto" ' in shown


def test_other_html_bodies_are_left_alone():
    assert shown_html("<p>x</p>") == "<p>x</p>"
    body = svg_body("<svg></svg>")
    start = body.index("innerHTML=") + len("innerHTML=")
    assert json.loads(body[start : -len("</script>")]) == "<svg></svg>"
