"""tconv accepts and refuses the same calls as torch, with the same output dtype, except
for the deliberate differences listed in the README (and in DIFFERENCES below)."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tconv.engine.functional import conv_transpose2d

DTYPES = ["float32", "float64", "float16", "int32", "uint8", "bool", "complex64"]
SIZES = [1, 2, (2,), (1, 2), [2, 1], np.int64(2), 2.0, np.array([2, 2])]


def difference(dtypes: list[str], sizes: list) -> str | None:
    """The README's deliberate difference a call falls under, or None."""
    if any(d.startswith("complex") for d in dtypes):
        return "complex"  # tconv refuses complex arrays (torch computes them)
    if any(d in ("int32", "uint8", "bool") for d in dtypes):
        return "integer"  # tconv computes integers and bools in float64 (torch refuses)
    if len(set(dtypes)) > 1:
        return "mixed"  # tconv promotes mixed float dtypes to float64 (torch refuses)
    if any(isinstance(v, float) or isinstance(v, np.ndarray) for v in sizes):
        return "sizes"  # integral floats and NumPy arrays as sizes (torch refuses)
    return None


def outcome(call):
    try:
        return "ok", call()
    except (ValueError, TypeError, RuntimeError, NotImplementedError) as e:
        return "refused", e


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(DTYPES),
    st.sampled_from(DTYPES),
    st.one_of(st.none(), st.sampled_from(DTYPES)),
    st.sampled_from(SIZES),
    st.sampled_from([1, 2, 2.0, np.int64(2)]),
    st.sampled_from([0, 1, 2]),
    st.booleans(),
)
def test_acceptance_and_output_dtype_match_torch(xd, wd, bd, stride, groups, n, same):
    wd = xd if same else wd
    bd = xd if (same and bd is not None) else bd
    rng = np.random.default_rng(0)
    x = (rng.random((n, 2, 3, 3)) * 3).astype(xd)
    w = (rng.random((2, 1, 2, 2)) * 3).astype(wd)
    b = None if bd is None else (rng.random(2 if groups in (2, 2.0) else 1) * 3).astype(bd)
    kw = dict(stride=stride, groups=groups)

    def theirs():
        tb = None if b is None else torch.from_numpy(b)
        with torch.no_grad():
            return F.conv_transpose2d(torch.from_numpy(x), torch.from_numpy(w), tb, **kw)

    t_status, t_out = outcome(theirs)
    o_status, o_out = outcome(lambda: conv_transpose2d(x, w, b, **kw))
    dtypes = [xd, wd] + ([bd] if bd is not None else [])
    why = difference(dtypes, [stride, groups])
    if t_status == o_status == "ok":
        assert str(t_out.dtype).removeprefix("torch.") == str(o_out.dtype) or why
        assert tuple(t_out.shape) == o_out.shape
    elif t_status != o_status:
        assert why is not None, (t_status, t_out, o_status, o_out)
