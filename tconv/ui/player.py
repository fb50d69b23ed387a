"""Mount the client-side step player (assets/player/) in a Streamlit page.

Choice: ``st.components.v2.component`` with inline html/css/js, registered once when this
module is imported. Why v2 rather than ``st.iframe``:

- the player lives in the page's own DOM (a shadow root for style isolation): no iframe,
  no fixed height to guess (``height="content"`` follows the player), the page's scrolling
  and keyboard focus behave normally, and browser tests reach it with ordinary selectors
  (Playwright's CSS selectors pierce open shadow roots);
- the payload goes as ``data`` (JSON in the element's proto) instead of being pasted into
  an html string, so the html/css/js are sent once and AppTest can read the payload:
  the element shows up as ``UnknownElement`` whose proto is ``bidi_component`` with the
  payload in ``.json`` (see :func:`find_payloads` for tests).

The player never sends anything back (no per-frame round trip): playing, stepping,
scrubbing and hovering all run in the browser from the precomputed steps. Everything it
shows comes from :func:`tconv.render.player.player_payload`. The assets need no network (no CDN,
no web fonts), so it works offline.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from tconv.core.scatter import ScatterPlan
from tconv.render.player import player_payload
from tconv.ui.cache_keys import FULL_HASH

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "player"
COMPONENT_NAME = "tconv_step_player"


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


_mount = st.components.v2.component(
    COMPONENT_NAME,
    html=_asset("player.html"),
    css=_asset("player.css"),
    js=_asset("player.js"),
)


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=FULL_HASH)
def _payload(plan_key: str, _plan: ScatterPlan) -> dict:
    return player_payload(_plan)


def _plan_key(plan: ScatterPlan) -> str:
    p = plan.params
    return json.dumps(
        [
            plan.x.tolist(),
            plan.kernel.tolist(),
            plan.bias,
            p.stride,
            p.padding,
            p.output_padding,
            p.dilation,
        ]
    )


def step_player(plan: ScatterPlan, *, key: str) -> None:
    """Show the animated scatter player for ``plan`` (one input channel, one kernel).

    Play/pause, previous/next, first/last, a scrub slider, speed, keyboard (space, arrows,
    Home/End, Z once the player has focus), hover formulas and, for canvases whose cells
    would be small, a zoom that shows a window of big cells following the step all run
    client-side.
    """
    _mount(key=key, data=_payload(_plan_key(plan), plan), width="stretch", height="content")


def find_payloads(app_test) -> list[dict]:
    """The player payloads an ``AppTest`` run produced (for tests; empty when none)."""
    out = []
    for node in app_test.get("bidi_component") or []:
        proto = getattr(node, "proto", None)
        if proto is None or proto.component_name != COMPONENT_NAME:
            continue
        if proto.WhichOneof("data") == "json":
            out.append(json.loads(proto.json))
        elif proto.WhichOneof("data") == "mixed":
            out.append(json.loads(proto.mixed.json))
    return out
