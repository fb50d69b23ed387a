"""The server's long-lived objects leave the garbage collector's scans once.

A full collection (the server's periodic one, Python's own, Streamlit's after each run
where ``runner.postScriptGC`` is on) holds the GIL; with torch, pandas and matplotlib
imported it walked about 250 000 objects. app.py freezes them on its first run
(tconv/ui/gc_freeze.py). Checked in a fresh interpreter, as a server process starts: the
freeze is process-wide.
"""

from __future__ import annotations

import json
import subprocess
import sys

from classroom.server import ROOT

PROBE = """
import gc, json
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=60)
at.run()
import torch
from tconv.ui.gc_freeze import freeze_long_lived
tracked = gc.get_objects()
print(json.dumps({
    "exceptions": len(at.exception),
    "frozen": gc.get_freeze_count(),
    "tracked": len(tracked),
    "tensor_class_tracked": any(o is torch.Tensor for o in tracked),
    "again": freeze_long_lived(),
}))
"""


def test_the_apps_first_run_freezes_the_imported_libraries_once():
    # AppTest runs app.py in this fresh interpreter, as a server's first session does
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["exceptions"] == 0
    # torch, pandas, matplotlib and tconv: far more objects frozen than left to scan
    assert probe["frozen"] > 100_000
    assert probe["tracked"] < probe["frozen"] / 2
    assert probe["tensor_class_tracked"] is False
    assert probe["again"] is False  # only the first call freezes


def test_every_library_module_is_imported_but_not_the_ui_nor_the_optional_frameworks():
    from tconv.ui.gc_freeze import library_modules

    names = library_modules()
    assert "tconv.engine.run" in names and "tconv.photo.upsample" in names
    assert not any(n.startswith("tconv.ui") for n in names)


REFREEZE = """
import gc, json, os
os.environ.setdefault("KERAS_BACKEND", "jax")
from tconv.ui.gc_freeze import freeze_after_import, freeze_long_lived
early = freeze_after_import("jax")  # before the first freeze: nothing
freeze_long_lived()
import jax.numpy as jnp
jnp.zeros(3)
grown = len(gc.get_objects())
first, again = freeze_after_import("jax"), freeze_after_import("jax")
print(json.dumps({"early": early, "grown": grown, "first": first, "again": again,
                  "tracked": len(gc.get_objects()), "absent": freeze_after_import("no_such")}))
"""


def test_a_library_imported_on_first_use_is_frozen_once_after_it_arrives():
    # the Frameworks page imports JAX (and Keras, ONNX) on its first live check
    out = subprocess.run(
        [sys.executable, "-c", REFREEZE], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    assert probe["early"] is False and probe["absent"] is False
    assert probe["grown"] > 20_000  # JAX left many objects for every collection to walk
    assert probe["first"] is True and probe["again"] is False
    assert probe["tracked"] < probe["grown"] / 10
