"""Keep the server's garbage collection cheap: the long-lived objects frozen, once.

A full garbage collection (``gc.collect(2)``: the server's periodic one,
tconv/ui/memory_return.py, Python's own when allocations pass its thresholds, and
Streamlit's after every script run where ``runner.postScriptGC`` is on, its default)
holds the GIL: every other session and the server's event loop wait for it. A full
collection walks every object the process tracks, and after torch, pandas, matplotlib
and Streamlit are imported that is about 250 000 objects: 150-500 ms per run on this
project's 2-core machine, most of the server CPU a Playground edit cost (README, "One
server for a class").

Those objects are the imported libraries: they live as long as the process. Moving them
to the permanent generation (:func:`gc.freeze`) once, right after importing everything
the pages use, lets each later collection walk only what the sessions created since, so
a collection costs a few milliseconds plus what the open sessions hold. Objects frozen
are still freed by reference counting; only cycles among them are kept for good, so the
server freezes before any session exists (``python -m tconv.ui.serve``,
tconv/ui/serve.py): app.py's call on the first run then finds the work done (under plain
``streamlit run`` it freezes there, and the first session's cycles stay with the
libraries).
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import sys
import threading

# What the pages import, heavy libraries first; tconv's own modules are added below.
LIBRARIES = (
    "numpy",
    "torch",
    "pandas",
    "PIL.Image",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
)

_lock = threading.Lock()
_frozen = False
_refrozen: set[str] = set()


def library_modules() -> list[str]:
    """Every module of tconv (its pages' library), without importing the optional
    frameworks (Keras, JAX, ...: tconv.frameworks.live imports them only when called)."""
    import tconv

    names = [m.name for m in pkgutil.walk_packages(tconv.__path__, "tconv.")]
    return [n for n in names if not n.startswith("tconv.ui")]


def freeze_long_lived() -> bool:
    """Import what the pages use, collect once, freeze what is left; only the first
    call in a process does it (True then, False after)."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        for name in (*LIBRARIES, *library_modules()):
            importlib.import_module(name)
        gc.collect(2)
        gc.freeze()
        _frozen = True
        return True


def freeze_after_import(module: str) -> bool:
    """Freeze again once a heavy library imported on first use has arrived (the Frameworks
    page's Keras, JAX and ONNX: about 125 000 more objects, 30-60 ms per collection, on
    every run of every session after a teacher's first visit). Once per library, and only
    after :func:`freeze_long_lived` (True when it froze). What the sessions hold at that
    moment is frozen too: freed by reference counting as usual, only a cycle among those
    objects would stay, once per library."""
    with _lock:
        if not _frozen or module in _refrozen or module not in sys.modules:
            return False
        _refrozen.add(module)
        gc.collect(2)
        gc.freeze()
        return True
