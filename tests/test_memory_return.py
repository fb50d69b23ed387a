"""tconv.ui.memory_return: ended sessions' cycles are collected and the heap trimmed by a
background thread, started once per server process by app.py."""

from __future__ import annotations

import gc
import time
import weakref

import numpy as np
import pytest

from tconv.ui import memory_return


class Session:  # like a Streamlit session: objects that refer to each other
    def __init__(self):
        self.state = {"upload": np.ones(2**20)}
        self.runner = self  # a cycle: reference counting alone never frees it


def test_release_collects_a_cycle_holding_an_array():
    s = Session()
    freed = []
    weakref.finalize(s, freed.append, True)
    gc.disable()  # no automatic collection in between
    try:
        del s
        assert freed == []  # still there: only a collection frees a cycle
        assert memory_return.release() > 0
        assert freed == [True]
    finally:
        gc.enable()


def test_the_thread_collects_by_itself_every_period():
    memory_return.stop()  # the app's, if a page test started it
    freed = []
    gc.disable()
    try:
        s = Session()
        weakref.finalize(s, freed.append, True)
        del s
        assert memory_return.start(period=0.05) is True
        assert memory_return.start(period=0.05) is False  # once per process
        for _ in range(100):
            if freed:
                break
            time.sleep(0.05)
        assert freed == [True]
    finally:
        memory_return.stop()
        gc.enable()


@pytest.mark.app
def test_the_app_starts_it():
    from tests.apptest import app_test

    app_test()
    assert memory_return._thread is not None and memory_return._thread.is_alive()
    assert memory_return._thread.daemon
