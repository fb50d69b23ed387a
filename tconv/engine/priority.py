"""Thread priorities: heavy background work yields the cores to everyone else.

One server process serves a whole class; a photo computation keeps both cores busy for
seconds. Linux schedules threads, each with its own niceness (``nice`` 0 to 19; higher
yields more), and threads of one process share the CPU by it: a photo computation run at
:data:`BACKGROUND_NICE` still takes every idle cycle, but a student's Playground edit
(niceness 0) gets a core when it needs one (README, "One server for a class").

The engine's helper threads take the niceness of the thread that called it
(:mod:`tconv.engine.run`); :mod:`tconv.photo.workgate` sets it for its slots. Where the
system has no per-thread niceness, or refuses a change (lowering niceness again needs
privilege), nothing happens: the thread keeps the niceness it had, which only ever makes
it yield more, never less.
"""

from __future__ import annotations

import contextlib
import os
import threading

BACKGROUND_NICE = 10  # about a tenth of a core's share against a thread at niceness 0


def thread_nice() -> int | None:
    """This thread's niceness, or None where the system has no per-thread niceness."""
    try:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    except (AttributeError, OSError):
        return None


def set_thread_nice(value: int) -> bool:
    """Set this thread's niceness; False when the system refused."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), value)
    except (AttributeError, OSError):
        return False
    return True


@contextlib.contextmanager
def niceness(value: int | None):
    """Run the block at niceness ``value`` (None: unchanged), then restore the old one
    if the system allows it."""
    before = thread_nice()
    changed = value is not None and before is not None and before != value
    changed = changed and set_thread_nice(value)
    try:
        yield
    finally:
        if changed:
            set_thread_nice(before)
