"""Share links: a Playground configuration as URL query parameters, and back.

Format (every value is plain text, so a link can be written by hand)::

    ?x=0,1;2,3&k=4,1;2,3&s=2&p=0&a=0&d=1&b=0

Grids are rows separated by ``;`` and cells by ``,``. Pairs are ``2`` (both axes) or
``2,1`` (height, width). Decoding is defensive: anything malformed, out of range or
rejected by PyTorch's rules falls back to the default for that part, with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from tconv.app.config import DIGITS, LIMITS, MAX_ABS_VALUE, MAX_INPUT, MAX_KERNEL, Config

KEYS = {"stride": "s", "padding": "p", "output_padding": "a", "dilation": "d"}
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


def _finite(text: str) -> float:
    v = float(text)
    if not np.isfinite(v) or abs(v) > MAX_ABS_VALUE:
        raise ValueError(f"{text!r} is not a number within ±{MAX_ABS_VALUE:g}")
    return v


def decode_grid(text: str, max_shape: tuple[int, int]) -> np.ndarray:
    """Parse ``1,2;3,4``; raises ValueError on anything else."""
    if len(text) > _MAX_LEN:
        raise ValueError("too long")
    rows = [r.split(",") for r in text.strip().split(";")]
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError("rows have different lengths")
    a = np.array([[_finite(c.strip()) for c in r] for r in rows], dtype=np.float64)
    if a.size == 0 or a.shape[0] > max_shape[0] or a.shape[1] > max_shape[1]:
        raise ValueError(f"shape {a.shape} is outside 1x1 .. {max_shape[0]}x{max_shape[1]}")
    return a


def decode_pair(text: str, name: str) -> tuple[int, int]:
    lo, hi = LIMITS[name]
    parts = text.strip().split(",")
    if len(text) > 20 or len(parts) not in (1, 2):
        raise ValueError("not an int or an h,w pair")
    vals = [int(p) for p in parts]
    if any(not lo <= v <= hi for v in vals):
        raise ValueError(f"outside {lo}..{hi}")
    return (vals[0], vals[-1])


def decode(query: Mapping) -> tuple[Config, list[str]]:
    """Configuration from query parameters; unknown keys are ignored.

    Returns the configuration and a list of warnings, one per part that fell back to its
    default. Never raises.
    """
    default = Config()
    changes: dict = {}
    warnings: list[str] = []
    for key, attr, max_shape in (("x", "x", MAX_INPUT), ("k", "kernel", MAX_KERNEL)):
        if key in query:
            try:
                changes[attr] = decode_grid(_first(query[key]), max_shape)
            except (ValueError, OverflowError) as e:
                warnings.append(f"Ignored the link's {attr} grid ({e}); using the default.")
    for name, key in KEYS.items():
        if key in query:
            try:
                changes[name] = decode_pair(_first(query[key]), name)
            except (ValueError, OverflowError) as e:
                warnings.append(f"Ignored the link's {name} ({e}); using the default.")
    if "b" in query:
        try:
            changes["bias"] = _finite(_first(query["b"])[:40])
        except (ValueError, OverflowError) as e:
            warnings.append(f"Ignored the link's bias ({e}); using 0.")
    cfg = replace(default, **changes)
    try:
        cfg.params.output_size(cfg.x.shape, cfg.kernel.shape)
    except ValueError as e:
        warnings.append(f"The link's parameters are impossible ({e}); using the defaults.")
        cfg = replace(
            cfg,
            stride=default.stride,
            padding=default.padding,
            output_padding=default.output_padding,
            dilation=default.dilation,
        )
    return cfg, warnings
