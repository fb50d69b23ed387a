"""The engine's helper threads compute at the niceness of the thread that called it, so a
photo computed at background niceness (tconv.photo.workgate) yields both cores."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import tconv.engine.run as run
from tconv import conv_transpose2d
from tconv.engine.priority import niceness, thread_nice


def test_helper_threads_take_the_callers_niceness(monkeypatch):
    base = thread_nice()
    if base is None:
        pytest.skip("no per-thread niceness on this system")
    if run.threads() < 2:
        pytest.skip("one CPU: the engine starts no helper threads")
    seen: dict[int, int] = {}
    chunk = run._Job._chunk
    caller, helped = threading.get_native_id(), threading.Event()

    def recording(self, *args):
        tid = threading.get_native_id()
        seen[tid] = thread_nice()
        if tid != caller:
            helped.set()
        else:  # leave chunks for a helper (on a busy machine the caller could take all)
            helped.wait(10)
        return chunk(self, *args)

    monkeypatch.setattr(run._Job, "_chunk", recording)
    monkeypatch.setattr(run, "PARALLEL_MIN_OUTPUT", 1)  # threads even for a small call
    # a pool of its own: the process's pool may still be busy with another test's call
    monkeypatch.setattr(run, "_pool", None)
    x = np.ones((1, 2, 64, 64), np.float32)
    w = np.ones((2, 2, 3, 3), np.float32)
    with niceness(base + 7):
        y = conv_transpose2d(x, w, stride=2)
    assert thread_nice() == base  # given back
    assert y.shape == (1, 2, 129, 129)
    # a helper may take every chunk before the caller asks for one: at least one helper
    assert set(seen) - {caller}, "no helper thread computed a chunk"
    assert set(seen.values()) == {base + 7}
    # the helper threads are pooled: a later call at niceness 0 gets them back at 0
    seen.clear()
    helped.clear()
    conv_transpose2d(x, w, stride=2)
    assert set(seen.values()) == {base}
