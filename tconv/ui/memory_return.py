"""Give the memory of ended sessions back to the system, soon after they end.

Streamlit drops a closed session from its session storage once its time to live
(``server.disconnectedSessionTTL``) has passed, at the next session activity. The
session's objects (its state, its upload, its page's elements) sit in reference cycles
(the session, its script runner, their callbacks), so reference counting does not free
them: only a full garbage collection does. Streamlit's own collection after every
script run (``runner.postScriptGC``) is off in the project's config: with 30 sessions open
it walked all of their objects on every run, holding the GIL (36% of the server's GIL time
when a class opened a link at once). And when a class has ended no script runs, so the
sessions dropped by a latecomer's visit stayed in memory (measured: about 100 MiB after a
class of 30 at the class pace, README "Memory").

:func:`start` runs, once per process, a daemon thread that every :data:`PERIOD_S` seconds
collects (cheap: tconv/ui/gc_freeze.py keeps the libraries out of the collector's walk)
and, when it found garbage, asks glibc's malloc to return its free pages
(``malloc_trim(0)``, about 1 ms here). Nothing of Streamlit's is touched.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import threading

PERIOD_S = 5.0

_lock = threading.Lock()
_thread: threading.Thread | None = None
_stop = threading.Event()


def _load_trim():
    """glibc's ``malloc_trim``, or None (another C library, or no ctypes access)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_TRIM = _load_trim()


def release() -> int:
    """One full collection, then ``malloc_trim(0)`` when it freed something; the number of
    unreachable objects found."""
    found = gc.collect()
    if found and _TRIM is not None:
        _TRIM(0)
    return found


def _loop(period: float, stop: threading.Event) -> None:
    while not stop.wait(period):
        try:
            release()
        except Exception:  # never let the helper thread die on a finalizer's error
            pass


def start(period: float = PERIOD_S) -> bool:
    """Start the collecting thread (once per process: True then, False after)."""
    global _thread, _stop
    with _lock:
        if _thread is not None and _thread.is_alive():
            return False
        _stop = threading.Event()
        _thread = threading.Thread(
            target=_loop, args=(period, _stop), name="tconv-memory-return", daemon=True
        )
        _thread.start()
        return True


def stop() -> None:
    """Stop the thread (tests; a server keeps it for its life)."""
    global _thread
    with _lock:
        _stop.set()
        if _thread is not None:
            _thread.join(timeout=5)
        _thread = None
