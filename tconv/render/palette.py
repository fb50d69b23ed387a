"""The app's colours, written once: the Okabe-Ito palette (colour-blind safe) and its greys.

Every renderer takes its colours from here: the SVG grids (:mod:`tconv.render.gridsvg`), the
heatmap, and the GIF/PNG frames (:mod:`tconv.render.frames_layout`). The browser's copies (the
``COLOURS`` of assets/player/player.js, the ``--tc-*`` variables of player.css) and the theme's
primaryColor in .streamlit/config.toml hold the same values; tests/test_palette.py keeps them equal.
"""

from __future__ import annotations

RGB = tuple[int, int, int]

BLUE: RGB = (0, 114, 178)  # positive values, the output outline, the theme's primary colour
ORANGE: RGB = (230, 159, 0)  # negative values
VERMILLION: RGB = (213, 94, 0)  # the highlighted step
SKY: RGB = (86, 180, 233)
GREEN: RGB = (0, 158, 115)  # bluish green
INK: RGB = (26, 26, 26)  # text
GREY: RGB = (102, 102, 102)
GRID: RGB = (140, 140, 140)
WHITE: RGB = (255, 255, 255)
ADDED: RGB = (251, 224, 166)  # light orange: the cells the player's current step just wrote
STRIP: RGB = (221, 241, 234)  # light bluish green: the output_padding strip


def css(rgb: RGB) -> str:
    """``(0, 114, 178)`` -> ``"#0072B2"`` (upper case, as the SVGs have always been written)."""
    return "#{:02X}{:02X}{:02X}".format(*rgb)
