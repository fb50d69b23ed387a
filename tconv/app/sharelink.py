"""Share links: a Playground configuration as URL query parameters, and back.

Format (every value is plain text, so a link can be written by hand)::

    ?x=0,1;2,3&k=4,1;2,3&s=2&p=0&a=0&d=1&b=0

Grids are rows separated by ``;`` and cells by ``,``. Pairs are ``2`` (both axes) or
``2,1`` (height, width). Decoding is defensive: each part that is malformed, out of range or
rejected by PyTorch's rules falls back to its default, with a message naming it and its
rule; every other part of the link is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from tconv.app.config import DIGITS, LIMITS, MAX_ABS_VALUE, MAX_INPUT, MAX_KERNEL, Config

KEYS = {"stride": "s", "padding": "p", "output_padding": "a", "dilation": "d"}
LINK_KEYS = frozenset({"x", "k", "b", *KEYS.values()})  # the query parameters of a link
NAMES = {"x": "input x", "kernel": "kernel K"}
_MAX_LEN = 400


def _num(v: float) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:.{DIGITS}g}"


def encode_grid(a) -> str:
    return ";".join(",".join(_num(v) for v in row) for row in np.asarray(a))


def encode_pair(p: tuple[int, int]) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]},{p[1]}"


def encode(cfg: Config) -> dict[str, str]:
    """Query parameters for a configuration."""
    q = {"x": encode_grid(cfg.x), "k": encode_grid(cfg.kernel)}
    for name, key in KEYS.items():
        q[key] = encode_pair(getattr(cfg, name))
    q["b"] = _num(cfg.bias)
    return q


def query_string(cfg: Config) -> str:
    """``x=...&k=...`` ready to append to a page URL after ``?``."""
    from urllib.parse import urlencode

    return urlencode(encode(cfg), safe=",;")


def _first(v) -> str:
    if isinstance(v, (list, tuple)):
        v = v[0] if v else ""
    return str(v)


# Every message below is made of the project's own words and of numbers it parsed itself:
# a link's raw text is never repeated (a page may show these messages to anyone who opens
# a crafted link).


def _finite(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not np.isfinite(v) or abs(v) > MAX_ABS_VALUE:
        raise ValueError(f"not a number within ±{MAX_ABS_VALUE:g}")
    return v


def decode_grid(text: str, max_shape: tuple[int, int]) -> np.ndarray:
    """Parse ``1,2;3,4``; raises ValueError (with a message free of ``text``) otherwise."""
    if len(text) > _MAX_LEN:
        raise ValueError(f"longer than {_MAX_LEN} characters")
    rows = [r.split(",") for r in text.strip().split(";")]
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError("rows have different lengths")
    try:
        a = np.array([[_finite(c.strip()) for c in r] for r in rows], dtype=np.float64)
    except ValueError as e:
        raise ValueError(f"a cell is {e}; write rows as 1,2;3,4") from None
    if a.size == 0 or a.shape[0] > max_shape[0] or a.shape[1] > max_shape[1]:
        raise ValueError(
            f"{a.shape[0]}×{a.shape[1]} is outside 1×1 .. {max_shape[0]}×{max_shape[1]}"
        )
    return a


def decode_pair(text: str, name: str) -> tuple[int, int]:
    """Parse ``2`` or ``2,1`` for parameter ``name`` within :data:`LIMITS`."""
    lo, hi = LIMITS[name]
    parts = text.strip().split(",")
    if len(text) > 20 or len(parts) not in (1, 2):
        raise ValueError("not a whole number or an h,w pair")
    try:
        vals = [int(p) for p in parts]
    except ValueError:
        raise ValueError("not a whole number or an h,w pair") from None
    if any(not lo <= v <= hi for v in vals):
        shown = ",".join(map(str, vals))
        raise ValueError(f"{shown} is outside {lo}..{hi}")
    return (vals[0], vals[-1])


def _fix_axis(pair: tuple[int, int], axis: int, value: int) -> tuple[int, int]:
    return (value, pair[1]) if axis == 0 else (pair[0], value)


def decode(query: Mapping) -> tuple[Config, list[str]]:
    """Configuration from query parameters; unknown keys are ignored.

    Every valid part of the link is kept. Each invalid part falls back to its default, and
    gets one message that names it and the rule it breaks (in plain words, never echoing
    the link's text). Rules between parameters are checked per axis after that:
    output_padding must be smaller than stride or dilation (only output_padding falls
    back, to 0), and padding must leave an output of at least 1 (only padding falls back,
    to 0). Never raises.
    """
    default = Config()
    changes: dict = {}
    warnings: list[str] = []
    for key, attr, max_shape in (("x", "x", MAX_INPUT), ("k", "kernel", MAX_KERNEL)):
        if key in query:
            try:
                changes[attr] = decode_grid(_first(query[key]), max_shape)
            except (ValueError, OverflowError) as e:
                warnings.append(f"{NAMES[attr]} ({key}): {e}; using the default.")
    for name, key in KEYS.items():
        if key in query:
            try:
                changes[name] = decode_pair(_first(query[key]), name)
            except (ValueError, OverflowError) as e:
                warnings.append(f"{name} ({key}): {e}; using the default.")
    if "b" in query:
        try:
            changes["bias"] = _finite(_first(query["b"])[:40])
        except (ValueError, OverflowError) as e:
            warnings.append(f"bias (b): {e}; using 0.")
    cfg = replace(default, **changes)
    for ax, axis in enumerate(("height", "width")):
        s, d, a = cfg.stride[ax], cfg.dilation[ax], cfg.output_padding[ax]
        if not (a < s or a < d):
            cfg = replace(cfg, output_padding=_fix_axis(cfg.output_padding, ax, 0))
            warnings.append(
                f"output_padding (a) = {a} ({axis}): it must be smaller than stride ({s}) "
                f"or dilation ({d}); using 0."
            )
        i, k = cfg.x.shape[ax], cfg.kernel.shape[ax]
        a, p = cfg.output_padding[ax], cfg.padding[ax]
        o = (i - 1) * s - 2 * p + d * (k - 1) + a + 1
        if o < 1:
            cfg = replace(cfg, padding=_fix_axis(cfg.padding, ax, 0))
            warnings.append(
                f"padding (p) = {p} ({axis}) leaves no output: ({i}-1)·{s} - 2·{p} + "
                f"{d}·({k}-1) + {a} + 1 = {o}, it must be at least 1; using 0."
            )
    return cfg, warnings
