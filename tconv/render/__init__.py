"""Layer 4, render: SVG grids, heatmaps, the step player's payload and its GIF/PNG frames.

Turns numbers into pictures; no streamlit.
"""
