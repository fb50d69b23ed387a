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
"""

from __future__ import annotations

from streamlit.web.cli import main

from tconv.ui.gc_freeze import freeze_long_lived

if __name__ == "__main__":
    freeze_long_lived()
    main(prog_name="streamlit")
