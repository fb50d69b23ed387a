"""Printable worksheets: numbered Practice exercises for a seed, with an answer key.

A worksheet is fully determined by its seed, its exercise kinds and its count. Exercise
``n`` (1-based) has the kind ``kinds[(n - 1) % len(kinds)]`` (kinds in the order of
:data:`tconv.app.exercises.KINDS`) and the Practice seed :func:`exercise_seed` ``(seed, n)``,
a SHA-256 digest of ``"worksheet:{seed}:{n}"`` reduced to the Practice page's range, so
the same request gives the same exercises on every machine. The Practice page opens the
same exercises from :func:`practice_link`.

:func:`pdf_bytes` draws the sheet with matplotlib's PDF backend (``Figure``, no pyplot):
the exercises with their grids and space to answer, then the answer key with worked
solutions on separate pages. The seed and the link are printed on every page.

Why one module over 300 lines: one idea, a printable sheet; the request, the layout and the
drawing share the page geometry.
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from tconv.app.exercises import KINDS, PARAMETERS, Exercise, make_exercise
from tconv.core.fmt import fmt

MAX_EXERCISES = 24
MAX_SEED = 99_999  # the Practice page's seed range
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}  # inches
TITLE = "Transposed convolution: worksheet"


@dataclass(frozen=True)
class Request:
    """A valid worksheet request."""

    seed: int
    kinds: tuple[str, ...]
    count: int


def check_request(seed, kinds: Sequence[str], count) -> tuple[Request | None, list[str]]:
    """Validate what a teacher asked for; returns the request or the messages saying why not.

    ``seed`` may be text (as typed or in a link); ``count`` must be a whole number from 1 to
    :data:`MAX_EXERCISES`; ``kinds`` a non-empty selection of :data:`KINDS`.
    """
    errors = []
    text = str(seed).strip() if seed is not None else ""
    value = int(text) if text.isdigit() and len(text) <= 6 else None
    if value is None or value > MAX_SEED:
        errors.append(
            f"The seed must be a whole number from 0 to {MAX_SEED:,}; {text[:20]!r} is not."
            if text
            else "Enter a seed (a whole number)."
        )
    unknown = [k for k in kinds if k not in KINDS]
    chosen = tuple(k for k in KINDS if k in kinds)
    if unknown:
        errors.append(f"Unknown exercise kinds: {', '.join(map(repr, unknown))}.")
    elif not chosen:
        errors.append("Choose at least one kind of exercise.")
    try:
        n = int(count) if float(count) == int(count) else None
    except (TypeError, ValueError, OverflowError):
        n = None
    if n is None or not 1 <= n <= MAX_EXERCISES:
        errors.append(
            f"A worksheet has 1 to {MAX_EXERCISES} exercises; {str(count)[:20]!r} is not allowed."
        )
    if errors:
        return None, errors
    return Request(value, chosen, n), []


def exercise_seed(seed: int, number: int) -> int:
    """The Practice seed of exercise ``number`` (1-based) of worksheet ``seed``."""
    digest = hashlib.sha256(f"worksheet:{seed}:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % (MAX_SEED + 1)


@dataclass(frozen=True)
class Item:
    number: int
    exercise: Exercise


def kind_and_seed(request: Request, number: int) -> tuple[str, int]:
    """The kind and Practice seed of exercise ``number`` (1-based) of a worksheet."""
    kinds = request.kinds
    return kinds[(number - 1) % len(kinds)], exercise_seed(request.seed, number)


def items(request: Request) -> tuple[Item, ...]:
    """The numbered exercises of a worksheet."""
    return tuple(
        Item(n, make_exercise(*kind_and_seed(request, n))) for n in range(1, request.count + 1)
    )


def practice_link(request: Request) -> str:
    """The Practice page's relative link that opens these exercises."""
    q = {"sheet": request.seed, "kinds": ",".join(request.kinds), "n": request.count}
    if request.kinds == tuple(KINDS):
        del q["kinds"]  # every kind: the default, and a shorter printed link
    return "practice?" + urlencode(q, safe=",")


def request_from_link(query: Mapping) -> tuple[Request | None, list[str]]:
    """The worksheet in a Practice link (``sheet``, ``kinds``, ``n``); None and no message
    when the link has no ``sheet``."""

    def first(v):
        return v[0] if isinstance(v, (list, tuple)) and v else v

    if "sheet" not in query:
        return None, []
    kinds = [k for k in str(first(query.get("kinds", ",".join(KINDS)))).split(",") if k]
    return check_request(first(query["sheet"]), kinds, first(query.get("n", "")))


# Answers -------------------------------------------------------------------------------


def answer_text(ex: Exercise) -> str:
    """The answer as printed in the key."""
    if ex.kind == "pick_parameters":
        return ", ".join(f"{n}={v}" for n, v in ex.answer.items()) + " (one choice that works)"
    if ex.kind == "cell_value":
        return fmt(ex.answer)
    return str(ex.answer)


def solution_text(ex: Exercise) -> str:
    """The worked solution: the exercise's own explanation of its right answer."""
    return re.sub(r"^Right[.:]\s*", "", ex.check(ex.answer).message)


def plain(markdown: str) -> str:
    """A prompt without its Markdown marks (bold, code)."""
    return markdown.replace("**", "").replace("`", "")


ANSWER_SPACE = {
    "output_size": "Output rows: ______________",
    "cell_value": "output[{r}, {c}] = ______________",
    "pick_parameters": "   ".join(f"{n} = ____" for n in PARAMETERS),
    "spot_checkerboard": "☐ even      ☐ checkerboard      ☐ holes",
}


def answer_space(ex: Exercise) -> str:
    if ex.kind == "cell_value":
        return ANSWER_SPACE["cell_value"].format(r=ex.work.row, c=ex.work.col)
    return ANSWER_SPACE[ex.kind]


# Layout (inches from the top of the page) -------------------------------------------------

MARGIN = 0.75
WRAP = 92  # characters per line of 10 pt text across the printable width
LINE = 0.2  # inches per 10 pt line
ANSWER_ROOM = 0.75


def _cell(values) -> float:
    """Cell size (inches): 0.3, or less so that the grid stays within 4 inches."""
    return min(0.3, 4.0 / max(values.shape))


def _grids_height(ex: Exercise) -> float:
    if not ex.grids:
        return 0.0
    return max(_cell(g.values) * g.values.shape[0] for g in ex.grids) + 0.35


def exercise_height(ex: Exercise) -> float:
    lines = len(textwrap.wrap(plain(ex.prompt), WRAP))
    return LINE * (lines + 1) + _grids_height(ex) + ANSWER_ROOM


def key_lines(item: Item) -> list[str]:
    ex = item.exercise
    head = f"{item.number}. {KINDS[ex.kind]} — answer: {answer_text(ex)}"
    return textwrap.wrap(head, WRAP, subsequent_indent="    ") + textwrap.wrap(
        solution_text(ex), WRAP, initial_indent="    ", subsequent_indent="    "
    )


def pages(request: Request, paper: str = "A4") -> list[tuple[str, list[Item]]]:
    """The sheet's pages in order: ``("exercises" | "key", items on that page)``."""
    height = PAPERS[paper][1]
    room = height - 2 * MARGIN - 0.5  # the header line and the footer
    out: list[tuple[str, list[Item]]] = []
    for kind, size in (
        ("exercises", lambda it: exercise_height(it.exercise)),
        ("key", lambda it: LINE * (len(key_lines(it)) + 0.5)),
    ):
        first_room = room - (1.1 if kind == "exercises" else 0.5)  # title block / key heading
        page: list[Item] = []
        used, limit = 0.0, first_room
        for it in items(request):
            h = size(it)
            if page and used + h > limit:
                out.append((kind, page))
                page, used, limit = [], 0.0, room
            page.append(it)
            used += h
        out.append((kind, page))
    return out


# Drawing -----------------------------------------------------------------------------------


def _draw_grid(fig, g, left: float, top: float, height: float) -> float:
    """Draw grid ``g`` with its top-left corner at (left, top) inches (top from the page's
    top); returns its width."""
    from matplotlib.patches import Rectangle

    tr = fig.dpi_scale_trans
    cell = _cell(g.values)
    rows, cols = g.values.shape
    fig.text(left, height - top, g.title, transform=tr, fontsize=9, weight="bold", va="bottom")
    size = max(5.0, min(9.0, cell * 30))
    for r in range(rows):
        for c in range(cols):
            x, y = left + c * cell, height - top - 0.08 - (r + 1) * cell
            shaded = g.shade is not None and bool(g.shade[r, c])
            fig.add_artist(
                Rectangle(
                    (x, y),
                    cell,
                    cell,
                    transform=tr,
                    facecolor="#efefef" if shaded else "white",
                    edgecolor="#555555",
                    linewidth=0.6,
                    hatch="////" if shaded else None,
                )
            )
            fig.text(
                x + cell / 2,
                y + cell / 2,
                fmt(g.values[r, c]),
                transform=tr,
                fontsize=size,
                ha="center",
                va="center",
            )
    return cols * cell


def _text_lines(fig, lines, left, top, height, **kwargs) -> float:
    for i, line in enumerate(lines):
        fig.text(
            left, height - top - i * LINE, line, transform=fig.dpi_scale_trans, va="top", **kwargs
        )
    return len(lines) * LINE


def pdf_bytes(request: Request, paper: str = "A4", base_url: str = "") -> bytes:
    """The worksheet as a PDF (``paper`` "A4" or "Letter"); ``base_url`` (the app's address,
    ending with "/") is put before the printed link when known."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    width, height = PAPERS[paper]
    link = base_url + practice_link(request)
    layout = pages(request, paper)
    buf = io.BytesIO()
    # TrueType fonts keep the text searchable and extractable; no dates: same bytes each run.
    rc = {
        "pdf.fonttype": 42,
        "font.family": "DejaVu Sans",
        "hatch.color": "#b8b8b8",
        "hatch.linewidth": 0.5,
    }
    with rc_context(rc):
        with PdfPages(buf, metadata={"Title": TITLE, "CreationDate": None}) as pdf:
            for number, (kind, page_items) in enumerate(layout, 1):
                fig = Figure(figsize=(width, height))
                top = MARGIN
                fig.text(
                    MARGIN,
                    height - top,
                    f"{TITLE} · seed {request.seed}",
                    transform=fig.dpi_scale_trans,
                    fontsize=9,
                    color="#444444",
                    va="top",
                )
                fig.text(
                    width - MARGIN,
                    height - top,
                    f"page {number} of {len(layout)}",
                    transform=fig.dpi_scale_trans,
                    fontsize=9,
                    color="#444444",
                    va="top",
                    ha="right",
                )
                fig.text(
                    MARGIN,
                    MARGIN + 0.05,
                    "Open these exercises in the app:",
                    transform=fig.dpi_scale_trans,
                    fontsize=8,
                    color="#444444",
                )
                fig.text(
                    MARGIN,
                    MARGIN - 0.12,
                    link,
                    transform=fig.dpi_scale_trans,
                    fontsize=7.5,
                    color="#444444",
                    family="DejaVu Sans Mono",
                )
                top += 0.4
                if number == 1:
                    kinds = ", ".join(KINDS[k] for k in request.kinds)
                    top += (
                        _text_lines(
                            fig,
                            [f"Worksheet, seed {request.seed}"],
                            MARGIN,
                            top,
                            height,
                            fontsize=16,
                            weight="bold",
                        )
                        + 0.1
                    )
                    top += (
                        _text_lines(
                            fig,
                            [
                                f"{request.count} exercises: {kinds}.",
                                "Name: ________________________    Date: ____________",
                            ],
                            MARGIN,
                            top,
                            height,
                            fontsize=10,
                        )
                        + 0.2
                    )
                if kind == "key" and page_items[0] is layout_first_key(layout):
                    top += (
                        _text_lines(
                            fig,
                            [f"Answer key · seed {request.seed}"],
                            MARGIN,
                            top,
                            height,
                            fontsize=14,
                            weight="bold",
                        )
                        + 0.2
                    )
                for it in page_items:
                    if kind == "key":
                        top += _text_lines(fig, key_lines(it), MARGIN, top, height, fontsize=10)
                        top += LINE / 2
                        continue
                    ex = it.exercise
                    lines = textwrap.wrap(plain(ex.prompt), WRAP)
                    lines[0] = f"{it.number}. {lines[0]}"
                    top += _text_lines(fig, lines, MARGIN, top, height, fontsize=10)
                    top += LINE / 2
                    if ex.grids:
                        left = MARGIN + 0.25
                        for g in ex.grids:
                            left += _draw_grid(fig, g, left, top + 0.15, height) + 0.5
                        top += _grids_height(ex)
                    _text_lines(
                        fig, [answer_space(ex)], MARGIN + 0.25, top + 0.15, height, fontsize=10
                    )
                    top += ANSWER_ROOM
                pdf.savefig(fig)
    return buf.getvalue()


def layout_first_key(layout) -> Item | None:
    """The first item of the answer key (its page gets the key's heading)."""
    return next((page[0] for kind, page in layout if kind == "key" and page), None)
