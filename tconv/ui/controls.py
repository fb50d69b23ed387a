"""Stride, padding, dilation and output_padding per axis (H and W linked by default), bias.

Every widget is keyed ``pg_{name}_h`` / ``pg_{name}_w`` (``pg_link``, ``pg_bias``) and
persists for the session. Every bound is fixed (:data:`tconv.app.config.LIMITS`): a bound
that followed another widget would leave the browser showing a value the page does not
use. What PyTorch would reject is shown as typed and explained in place instead:
output_padding's field states its rule (a < max(s, d)) and turns into an error beside the
field when broken, and :func:`check` shows ``tconv.core.params``' message, so no result is
computed from a substitute. Lowering stride or dilation below an output_padding corrects
the field visibly and says so.
"""

from __future__ import annotations

import streamlit as st

from tconv.app.config import LIMITS, MAX_ABS_VALUE, Config
from tconv.core.params import TConvParams, transposed_size

NAMES = ("stride", "padding", "dilation", "output_padding")
SYMBOL = {"stride": "s", "padding": "p", "dilation": "d", "output_padding": "a"}
HELP = {
    "stride": "How far apart neighbouring input cells paste their kernel copies. "
    "A larger stride spreads the copies out: a bigger output with less overlap.",
    "padding": "How many rows/columns to CROP from every side of the full sum (it never pads "
    "the input). A larger padding gives a smaller output.",
    "dilation": "How far apart the kernel taps land. A larger dilation spreads each kernel copy "
    "out (same number of taps, bigger footprint): a bigger output.",
    "output_padding": "Extra rows/columns added at the bottom/right only, to pick one of the "
    "sizes a strided convolution could have come from. PyTorch requires it to be smaller "
    "than stride or dilation.",
}
BIAS_HELP = "Added to every output cell after the sums. 0 means no bias (bias=False)."
NOTICE = "pg_params_notice"


def _key(name: str, axis: int) -> str:
    return f"pg_{name}_{'hw'[axis]}"


def _a_max(s: int, d: int) -> int:
    """Largest output_padding PyTorch accepts with stride s and dilation d."""
    return min(LIMITS["output_padding"][1], max(s, d) - 1)


def widget_keys() -> list[str]:
    """The keys of every parameter widget (both axes, the link toggle, the bias)."""
    return [_key(n, ax) for n in NAMES for ax in range(2)] + ["pg_link", "pg_bias"]


def load_params(cfg: Config) -> None:
    """Set every parameter widget to ``cfg`` (run it before the widgets, e.g. in a callback)."""
    ss = st.session_state
    for name in NAMES:
        ss[_key(name, 0)], ss[_key(name, 1)] = getattr(cfg, name)
    ss["pg_link"] = all(getattr(cfg, name)[0] == getattr(cfg, name)[1] for name in NAMES)
    ss["pg_bias"] = float(cfg.bias)


def _unlink() -> None:
    """Link toggle callback: when unlinked, the width widgets start from the height values."""
    for name in NAMES:
        st.session_state[_key(name, 1)] = st.session_state[_key(name, 0)]


def _fit_output_padding() -> None:
    """Stride/dilation callback: lower output_padding where it is no longer allowed."""
    ss = st.session_state
    for ax in range(2 if not ss["pg_link"] else 1):
        hi = _a_max(ss[_key("stride", ax)], ss[_key("dilation", ax)])
        if ss[_key("output_padding", ax)] > hi:
            ss[_key("output_padding", ax)] = hi
            ss[NOTICE] = (
                f"output_padding lowered to {hi}: PyTorch requires it to be smaller than "
                "stride or dilation."
            )


def _number(container, name: str, axis: int, label: str, compact: bool = False) -> int:
    return container.number_input(
        label,
        min_value=LIMITS[name][0],
        max_value=LIMITS[name][1],
        step=1,
        key=_key(name, axis),
        help=None if compact else HELP[name],
        on_change=_fit_output_padding if name in ("stride", "dilation") else None,
        persist_state="session",
        label_visibility="collapsed" if compact else "visible",
    )


def output_padding_rule(a: int, s: int, d: int) -> tuple[bool, str]:
    """Whether output_padding ``a`` is allowed with stride ``s`` and dilation ``d``, and the
    rule in words (shown beside the field)."""
    ok = a < max(s, d)
    if ok:
        return True, f"a < max(s, d) = {max(s, d)}"
    return False, f"a must be below max(s, d) = {max(s, d)}"


def _compact_cells(linked: bool):
    """One row per parameter: its name (with the help) beside its input(s), so that the
    inputs stay wide enough for their −/+ buttons in the sidebar. Yields the input cells."""
    for name in NAMES:
        label, *cells = st.columns(
            [1.1, 1.5] if linked else [1.1, 1, 1], gap="small", vertical_alignment="center"
        )
        axes = "" if linked else " (H, W)"
        shown = name.replace("_", "_\u200b")  # output_padding may break after its "_"
        label.markdown(f"**{shown}** {SYMBOL[name]}{axes}", help=HELP[name])
        yield from cells


def parameter_controls(compact: bool = False) -> dict:
    """Draw the controls; return ``stride``, ``padding``, ``dilation``, ``output_padding``
    as (h, w) pairs and ``bias`` as a float, the keyword arguments of a Config.

    ``compact``: one row per parameter, its name beside the input (a narrow column such
    as the sidebar, short enough to stay in view beside the step player)."""
    where = st
    if compact:  # a heading and the switch on one line
        label, where = st.columns([1.1, 1.5], gap="small", vertical_alignment="center")
        label.markdown("**Parameters**")
    linked = where.toggle(
        "H = W" if compact else "Same values for height and width",
        key="pg_link",
        on_change=_unlink,
        persist_state="session",
        help="On: the same value for the height (H) and the width (W). "
        "Off: set every parameter separately for H and W.",
    )
    values: dict = {}
    # Linked: a 2x2 grid of parameters. Unlinked: one row per parameter, H beside W.
    if compact:
        cells = _compact_cells(linked)
    else:
        cells = iter(st.columns(2) * 2 if linked else [c for _ in NAMES for c in st.columns(2)])
    for name in NAMES:
        pair = []
        for axis in range(1 if linked else 2):
            suffix = "" if linked else f" ({'HW'[axis]})"
            cell = next(cells)
            label = f"{name} {SYMBOL[name]}{suffix}"
            pair.append(_number(cell, name, axis, label, compact))
            if name == "output_padding":
                ok, rule = output_padding_rule(
                    pair[-1], values["stride"][axis], values["dilation"][axis]
                )
                (cell.caption if ok else cell.error)(rule)
        values[name] = (pair[0], pair[-1])
    where = st
    if compact:
        label, where = st.columns([1.1, 1.5], gap="small", vertical_alignment="center")
        label.markdown("**bias** b", help=BIAS_HELP)
    values["bias"] = where.number_input(
        "bias b",
        min_value=-MAX_ABS_VALUE,
        max_value=MAX_ABS_VALUE,
        step=1.0,
        format="%g",
        key="pg_bias",
        persist_state="session",
        help=None if compact else BIAS_HELP,
        label_visibility="collapsed" if compact else "visible",
    )
    if NOTICE in st.session_state:
        st.info(st.session_state.pop(NOTICE), icon="ℹ️")
    return values


def check(values: dict, x_shape, k_shape) -> TConvParams | None:
    """Validate with ``tconv.core.params``; show its message in place and return None if invalid."""
    try:
        params = TConvParams.make(**{name: values[name] for name in NAMES})
        params.output_size(x_shape, k_shape)
    except ValueError as e:
        st.error(f"PyTorch would refuse this: {e}.", icon="🚫")
        return None
    return params


FORMULA = r"o = (i-1)\,s - 2p + d\,(k-1) + a + 1"


def formula_latex(values: dict, x_shape, k_shape) -> list[str]:
    """The output-size formula (:data:`FORMULA`) per axis, with the learner's numbers."""
    lines = []
    for ax in range(2):
        i, k = x_shape[ax], k_shape[ax]
        s, p, d, a = (values[n][ax] for n in ("stride", "padding", "dilation", "output_padding"))
        o = transposed_size(i, k, s, p, a, d)
        result = rf"\mathbf{{{o}}}" if o >= 1 else rf"\color{{red}}{{\mathbf{{{o}}}}}"
        lines.append(
            rf"\small o_\text{{{'HW'[ax]}}} = ({i}-1)\cdot {s} - 2\cdot {p} + {d}\cdot({k}-1) "
            rf"+ {a} + 1 = {result}"
        )
    return lines
