"""Every cache of the app keys arrays on a full digest, never on Streamlit's sampled hash."""

import re
from pathlib import Path

import numpy as np

from tconv.photo.images import array_digest
from tconv.ui.cache_keys import FULL_HASH

ROOT = Path(__file__).resolve().parents[1]


def cache_decorators():
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("tconv/ui/*.py"), ROOT / "app.py"]:
        text = path.read_text()
        for m in re.finditer(r"@st\.cache_(data|resource)(\([^)]*\))?", text):
            yield path.relative_to(ROOT), m[0]


def test_every_cache_hashes_arrays_in_full():
    found = list(cache_decorators())
    assert len(found) >= 10  # the audit found them all (the pattern did not miss)
    missing = [(str(p), d) for p, d in found if "hash_funcs=FULL_HASH" not in d]
    assert not missing


def test_array_digest_sees_every_value_shape_and_dtype():
    a = np.zeros((600, 512, 3), np.float32)  # large: Streamlit would sample it
    b = a.copy()
    b[123, 45, 2] = 1e-7
    assert array_digest(a) != array_digest(b)
    assert array_digest(a) != array_digest(a.reshape(512, 600, 3))
    assert array_digest(a) != array_digest(a.astype(np.float64))
    assert array_digest(a) == array_digest(a.copy())
    assert array_digest(a[:, ::2]) == array_digest(np.ascontiguousarray(a[:, ::2]))
    assert FULL_HASH[np.ndarray](a) == array_digest(a)
