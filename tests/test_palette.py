"""The palette is written once in Python; the browser's copies must hold the same values."""

import re
from pathlib import Path

from tconv.render import palette

ROOT = Path(__file__).resolve().parents[1]
JS_NAMES = {  # player.js COLOURS key -> palette name
    "blue": "BLUE",
    "orange": "ORANGE",
    "vermillion": "VERMILLION",
    "sky": "SKY",
    "green": "GREEN",
    "ink": "INK",
    "grey": "GREY",
    "grid": "GRID",
    "added": "ADDED",
    "strip": "STRIP",
}


def test_css_writes_upper_case_hex():
    assert palette.css(palette.BLUE) == "#0072B2" and palette.css(palette.WHITE) == "#FFFFFF"


def test_player_js_colours_equal_the_palette():
    js = (ROOT / "assets/player/player.js").read_text()
    found = dict(re.findall(r'^\s*(\w+): "(#[0-9A-Fa-f]{6})"', js, re.M))
    for key, name in JS_NAMES.items():
        assert found[key].upper() == palette.css(getattr(palette, name)), key


def test_player_css_variables_equal_the_palette():
    css = (ROOT / "assets/player/player.css").read_text()
    found = dict(re.findall(r"--tc-(\w+): (#[0-9A-Fa-f]{6});", css))
    assert found, "no --tc-* colour variables in player.css"
    for key, value in found.items():
        assert value.upper() == palette.css(getattr(palette, JS_NAMES[key])), key


def test_theme_primary_colour_is_the_palette_blue():
    toml = (ROOT / ".streamlit/config.toml").read_text()
    assert re.search(r'primaryColor = "(#\w{6})"', toml)[1].upper() == palette.css(palette.BLUE)
