"""The Practice page's worksheet block: a printable PDF for a class, and opening a
worksheet's exercises from the link printed on it.

Session state: ``practice_ws_*`` for the generator's widgets; ``practice_sheet`` for the
worksheet opened from a link (its seed, kinds and count as plain values) and
``practice_sheet_link`` for the link last read (read once, like the Playground's links).
Picking a worksheet exercise sets Practice's own ``practice_kind`` and ``practice_seed``,
so the page shows it exactly as it shows any other exercise.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from tconv.app.exercises import KINDS
from tconv.app.worksheet import (
    MAX_EXERCISES,
    PAPERS,
    Request,
    check_request,
    items,
    kind_and_seed,
    pdf_bytes,
    practice_link,
    request_from_link,
)
from tconv.ui.cache_keys import FULL_HASH
from tconv.ui.safe_text import plain
from tconv.ui.sharing import copy_box

SHEET = "practice_sheet"
SHEET_LINK = "practice_sheet_link"
ITEM = "practice_sheet_item"
LINK_KEYS = ("sheet", "kinds", "n")


@st.cache_data(max_entries=16, show_spinner="Drawing the worksheet…", hash_funcs=FULL_HASH)
def _pdf(seed: int, kinds: tuple[str, ...], count: int, paper: str, base: str) -> bytes:
    return pdf_bytes(Request(seed, kinds, count), paper, base)


def _request() -> Request | None:
    sheet = st.session_state.get(SHEET)
    return Request(sheet["seed"], tuple(sheet["kinds"]), sheet["n"]) if sheet else None


def _pick(on_pick: Callable[[], None]) -> None:
    """Show worksheet exercise ``practice_sheet_item`` in Practice's own widgets."""
    request = _request()
    number = st.session_state.get(ITEM) or 1
    kind, seed = kind_and_seed(request, number)
    st.session_state["practice_kind"], st.session_state["practice_seed"] = kind, seed
    on_pick()


def from_link(on_pick: Callable[[], None]) -> None:
    """Read a worksheet link (``?sheet=42&kinds=...&n=8``) once and offer its exercises.

    Run it before Practice's kind and seed widgets: the first exercise is loaded into
    them. A bad link gets a message and changes nothing.
    """
    ss = st.session_state
    query = {k: st.query_params[k] for k in LINK_KEYS if k in st.query_params}
    if query and query != ss.get(SHEET_LINK):
        ss[SHEET_LINK] = query
        request, errors = request_from_link(query)
        if errors:
            items_ = "\n".join(f"- {plain(e)}" for e in errors)  # link text: plain text
            st.error(f"**This worksheet link could not be opened:**\n{items_}", icon="🚫")
        else:
            ss[SHEET] = {"seed": request.seed, "kinds": list(request.kinds), "n": request.count}
            ss[ITEM] = 1
            _pick(on_pick)
    request = _request()
    if request is None:
        return
    st.selectbox(
        f"Worksheet seed {request.seed}: exercise",
        range(1, request.count + 1),
        key=ITEM,
        format_func=lambda n: f"{n} of {request.count} · {KINDS[kind_and_seed(request, n)[0]]}",
        on_change=_pick,
        args=(on_pick,),
        persist_state="session",
        help="The exercises of the printed worksheet, in its order and numbering.",
    )


def _base_url() -> str:
    url = st.context.url or ""
    return url.rsplit("/", 1)[0] + "/" if "://" in url else ""


def generator() -> None:
    """An expander: choose kinds, a count, a seed and the paper; download the PDF."""
    with st.expander("🖨️ Printable worksheet for a class (PDF, with an answer key)"):
        st.caption(
            "Numbered exercises with their grids and space to answer, then the answer key "
            "with worked solutions on separate pages. The same seed always gives the same "
            "sheet; the link printed on it opens these exercises here."
        )
        kinds = st.multiselect(
            "Exercise kinds",
            list(KINDS),
            default=list(KINDS),
            format_func=KINDS.get,
            key="practice_ws_kinds",
            persist_state="session",
        )
        c = st.columns([1, 1, 1.3])
        count = c[0].number_input(
            "Exercises",
            0,
            99,
            8,
            step=1,
            key="practice_ws_count",
            persist_state="session",
            help=f"1 to {MAX_EXERCISES}.",
        )
        seed = c[1].text_input(
            "Worksheet seed",
            "1",
            key="practice_ws_seed",
            persist_state="session",
            help="A whole number from 0 to 99,999: same seed, same sheet.",
        )
        paper = c[2].segmented_control(
            "Paper",
            list(PAPERS),
            default="A4",
            required=True,
            key="practice_ws_paper",
            persist_state="session",
        )
        request, errors = check_request(seed, kinds, count)
        for e in errors:
            st.error(e, icon="🚫")
        if request is None:
            return
        base = _base_url()
        st.markdown("Link printed on the sheet (it opens these exercises on this page):")
        copy_box(base + practice_link(request), key="ws_link")
        st.caption(
            "On the sheet: "
            + " · ".join(
                f"{it.number}. {KINDS[it.exercise.kind]} (seed {it.exercise.seed})"
                for it in items(request)
            )
        )
        st.download_button(
            f"⬇️ Download the worksheet ({paper} PDF)",
            data=lambda: _pdf(request.seed, request.kinds, request.count, paper, base),
            file_name=f"worksheet-seed-{request.seed}-{paper.lower()}.pdf",
            mime="application/pdf",
            on_click="ignore",
            key="practice_ws_download",
        )
