"""Download buttons for the step player's frames: the animation as a GIF, the result as PNG.

The files are built lazily (``data=callable``, ``on_click="ignore"``): nothing is drawn
until the learner clicks, and the click does not rerun the page.
"""

from __future__ import annotations

import streamlit as st

from tconv.core.scatter import ScatterPlan
from tconv.render.frames import animation_gif, final_png


def _stem(plan: ScatterPlan) -> str:
    (ih, iw), (kh, kw) = plan.x.shape, plan.kernel.shape
    p = plan.params
    return (
        f"tconv_{ih}x{iw}_k{kh}x{kw}_s{p.stride[0]}x{p.stride[1]}"
        f"_p{p.padding[0]}x{p.padding[1]}_a{p.output_padding[0]}x{p.output_padding[1]}"
        f"_d{p.dilation[0]}x{p.dilation[1]}"
    )


def export_buttons(plan: ScatterPlan, *, key: str) -> None:
    """Two download buttons side by side: 'Animation (GIF)' and 'Result (PNG)'."""
    stem = _stem(plan)
    left, right = st.columns(2)
    with left:
        st.download_button(
            "⬇️ Animation (GIF)",
            data=lambda: animation_gif(plan),
            file_name=f"{stem}_steps.gif",
            mime="image/gif",
            on_click="ignore",
            key=f"{key}_gif",
            help="Every step of the player, as an animated GIF (0.8 s per step, loops).",
            width="stretch",
        )
    with right:
        st.download_button(
            "⬇️ Result (PNG)",
            data=lambda: final_png(plan),
            file_name=f"{stem}_result.png",
            mime="image/png",
            on_click="ignore",
            key=f"{key}_png",
            help="The last frame: the cropped output with the padding crop and strip marked.",
            width="stretch",
        )
