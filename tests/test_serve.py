"""tconv.ui.serve: the second freeze happens only while no session has connected."""

from __future__ import annotations

import gc
from types import SimpleNamespace

import pytest
from streamlit import runtime
from streamlit.runtime.runtime import RuntimeState

from tconv.ui import serve


@pytest.fixture
def frozen(monkeypatch):
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(runtime, "exists", lambda: True)
    return calls


def states(monkeypatch, *sequence):
    it = iter(sequence)
    last = [sequence[-1]]

    def get_instance():
        last[0] = next(it, last[0])
        return SimpleNamespace(state=last[0])

    monkeypatch.setattr(runtime, "get_instance", get_instance)


def test_it_freezes_once_the_runtime_is_up_with_no_session(monkeypatch, frozen):
    states(
        monkeypatch, RuntimeState.INITIAL, RuntimeState.INITIAL, RuntimeState.NO_SESSIONS_CONNECTED
    )
    assert serve._freeze_once_started(timeout=5, poll=0.001) is True
    assert frozen == ["freeze"]


def test_it_does_not_freeze_when_a_session_came_first(monkeypatch, frozen):
    states(monkeypatch, RuntimeState.INITIAL, RuntimeState.ONE_OR_MORE_SESSIONS_CONNECTED)
    assert serve._freeze_once_started(timeout=5, poll=0.001) is False
    assert frozen == []
