"""A guided 50-minute lesson through the app: stops in order, each a short instruction and
a link that opens the right page with the right configuration.

Links are relative to the app's address (``playground?x=...``) and use the pages' own
query parameters: the Playground's share-link encoding (:mod:`tconv.app.sharelink`), which
the Four views and Channels pages also read, and the Compare page's two-sided encoding
(:mod:`tconv.app.compare`). Playground stops add ``present=1`` (present mode, for a projector);
a page that does not know a parameter ignores it. The Photo page has no link parameters
yet: its stop says which settings to choose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from tconv.app import compare
from tconv.app.config import Config
from tconv.app.presets import BY_NAME
from tconv.app.sharelink import encode
from tconv.views.fourviews import VIEW_TABS


@dataclass(frozen=True)
class Stop:
    """One stop of the lesson."""

    minutes: int
    title: str
    instruction: str  # Markdown, a sentence or two
    page: str  # the page's url_path
    query: dict[str, str] = field(default_factory=dict)
    config: Config | None = None  # the configuration the link opens (Playground-style)
    pair: compare.Pair | None = None  # the two configurations (Compare stops)

    @property
    def link(self) -> str:
        """The stop's relative link (page and query)."""
        return f"{self.page}?{urlencode(self.query, safe=',;')}" if self.query else self.page


def _single(page: str, cfg: Config, present: bool = False, view: str | None = None) -> dict:
    q = encode(cfg)
    if present:
        q["present"] = "1"
    if view:  # the Four views tab the link opens (its label)
        q["view"] = view
    return {"page": page, "query": q, "config": cfg}


def _pair(name: str) -> dict:
    pair = compare.BY_NAME[name]
    return {"page": "compare", "query": compare.encode_pair(pair.a, pair.b), "pair": pair}


EXAMPLE_1 = BY_NAME["Example 1 (seed article)"].config
EXAMPLE_2 = BY_NAME["Example 2 (seed article)"].config
EXAMPLE_3 = Config(stride=(2, 2), padding=(1, 1))  # the article's layer: kernel 2, stride 2, p 1
MATRIX = BY_NAME["Guide 4.1: no padding, unit strides"].config  # 2x2 -> 4x4: C is 4x16

STOPS: tuple[Stop, ...] = (
    Stop(
        5,
        "Example 1: four scaled kernels",
        "Step through the seed article's first example. Before the last step, ask the class "
        "for output[2, 2]: x[1, 1] = 3 times K[0, 0] = 4, so 12 (with stride 2 the copies "
        "tile: nothing overlaps).",
        **_single("playground", EXAMPLE_1, present=True),
    ),
    Stop(
        4,
        "Example 2: 4×4 → 7×7",
        "Read the size formula with the class: (4 − 1)·2 − 2·1 + (3 − 1) + 1 = 7. Hatched "
        "cells are the border that padding crops.",
        **_single("playground", EXAMPLE_2, present=True),
    ),
    Stop(
        4,
        "Example 3: the weight decides the channels",
        "Scroll to *The seed's Example 3*: the layer is declared with 2 output channels but "
        "its (3, 3, 2, 2) weight makes 3, and a 394×358 photo becomes 786×714.",
        **_single("channels", EXAMPLE_3),
    ),
    Stop(
        5,
        "Stride spreads the copies",
        "Step both sides together: with stride 1 the kernel copies overlap, with stride 2 "
        "they tile. Ask which output is larger, and why.",
        **_pair("Stride 1 vs stride 2"),
    ),
    Stop(
        5,
        "Padding crops (it does not pad)",
        "Same input and kernel, padding 0 against padding 1: B is A with its outer ring "
        "cropped away (hatched). Padding makes a transposed convolution's output smaller.",
        **_pair("Padding 0 vs padding 1"),
    ),
    Stop(
        5,
        "output_padding adds a row and a column",
        "Padding 1 on both sides; B adds output_padding 1: one more row and column at the "
        "bottom/right only, and they still hold real sums.",
        **_pair("output_padding 0 vs 1"),
    ),
    Stop(
        4,
        "Dilation spreads the taps",
        "The same nine taps, landing two cells apart on side B: each copy has a bigger "
        "footprint with gaps inside it, and the output grows from 4×4 to 6×6.",
        **_pair("Dilation 1 vs dilation 2"),
    ),
    Stop(
        5,
        "The gather view: zeros in, kernel rotated",
        "The link opens the *Gather* tab: insert stride − 1 zeros between the input cells, "
        "pad, and slide the kernel rotated by 180°. Follow one output cell: same number as "
        "the scatter view.",
        **_single("views", EXAMPLE_1, view=VIEW_TABS[1]),
    ),
    Stop(
        4,
        "The matrix view: y = Cᵀx",
        "The link opens the *Matrix* tab: C is the 4×16 matrix of the convolution that "
        "shrinks 4×4 to 2×2; its transpose brings back the shape, not the values. Not an "
        "inverse.",
        **_single("views", MATRIX, view=VIEW_TABS[2]),
    ),
    Stop(
        5,
        "Checkerboard artifacts on a photo",
        "Choose the kernel *Random (positive)* with kernel size 3 and stride 2: a "
        "checkerboard appears in the zoom. Then kernel size 4: it is gone (4 is divisible "
        "by 2). Finally try *Normalise by the overlap*.",
        page="photo",
    ),
    Stop(
        4,
        "Channels and the weight layout",
        "Set C_in 3, C_out 2 and groups 1: the weight has shape (3, 2, kH, kW), the reverse "
        "of Conv2d, and each output channel sums three single-channel results.",
        **_single("channels", EXAMPLE_1),
    ),
)


def total_minutes() -> int:
    return sum(stop.minutes for stop in STOPS)


def link_list(base: str = "") -> str:
    """The whole path as plain text, one line per stop: number, title, link."""
    return "\n".join(
        f"{n}. {stop.title} ({stop.minutes} min): {base}{stop.link}"
        for n, stop in enumerate(STOPS, 1)
    )
