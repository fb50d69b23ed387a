"""Start the app's server with its libraries imported and frozen before any session exists.

``python -m tconv.ui.serve run app.py [streamlit options]`` is ``streamlit run`` (``make
run`` and every server the project starts use it) after
:func:`tconv.ui.gc_freeze.freeze_long_lived`. Frozen objects leave the garbage
collector's walk for good, and a frozen reference cycle is never collected: when app.py
froze on its first script run, the first session of every process was frozen with the
libraries, and that session's state, its upload and the upload's cached photos stayed in
memory after it ended (measured: 58 MiB after a warm-up lesson with a 12 Mpx upload,
README "Memory"). Freezing before Streamlit starts freezes no session; app.py's own call
then finds the work done.

What Streamlit builds when it starts (its runtime, server, caches: about 12 000 objects)
comes after that first freeze; :func:`_freeze_once_started` freezes again the moment the
runtime is up with no session connected yet, so the collection after every script run
walks only what the sessions made (skipped if a session was first: then it would be
frozen too).
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import threading
import time

from streamlit.web.cli import main

from tconv.ui.gc_freeze import freeze_long_lived


def _import_ui() -> None:
    """The pages' widget modules (tconv.ui), imported before the freeze as the libraries."""
    import tconv.ui

    for m in pkgutil.iter_modules(tconv.ui.__path__, "tconv.ui."):
        if m.name != __name__:
            importlib.import_module(m.name)


def _freeze_once_started(timeout: float = 120.0, poll: float = 0.02) -> bool:
    """Wait for Streamlit's runtime to start; freeze again if no session has connected
    (True), else leave it (False)."""
    from streamlit import runtime
    from streamlit.runtime.runtime import RuntimeState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if runtime.exists():
            state = runtime.get_instance().state
            if state is RuntimeState.NO_SESSIONS_CONNECTED:
                gc.collect()
                gc.freeze()
                return True
            if state is not RuntimeState.INITIAL:
                return False
        time.sleep(poll)
    return False


if __name__ == "__main__":
    _import_ui()
    freeze_long_lived()
    threading.Thread(target=_freeze_once_started, name="tconv-freeze", daemon=True).start()
    main(prog_name="streamlit")
