"""The work gate lets at most K computations run at once and says how long one waited."""

import threading
import time

import pytest

from tconv.photo.workgate import PHOTO_GATE, PHOTO_SLOTS, WorkGate


def test_at_most_k_run_at_once():
    gate = WorkGate(2)
    running, peak, lock = 0, 0, threading.Lock()

    def work():
        nonlocal running, peak
        with gate.slot():
            with lock:
                running += 1
                peak = max(peak, running)
            time.sleep(0.05)
            with lock:
                running -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak == 2 and gate.free() == 2


def test_a_waiting_thread_knows_it_waited():
    gate = WorkGate(1)
    gate.reset_wait()
    with gate.slot():
        pass
    assert gate.last_wait() < 0.05
    release = threading.Event()

    def hold():
        with gate.slot():
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    while gate.free():
        time.sleep(0.001)
    threading.Timer(0.3, release.set).start()
    assert gate.waiting() == 0
    gate.reset_wait()
    with gate.slot():
        assert gate.free() == 0
    holder.join()
    assert gate.last_wait() >= 0.25 and gate.waiting() == 0


def test_a_failing_computation_gives_its_slot_back():
    gate = WorkGate(1)
    with pytest.raises(RuntimeError):
        with gate.slot():
            raise RuntimeError("boom")
    assert gate.free() == 1


def test_the_photo_gate():
    assert PHOTO_GATE.slots == PHOTO_SLOTS == 2
    with pytest.raises(ValueError):
        WorkGate(0)


def test_a_photo_slot_computes_at_background_niceness_and_gives_it_back():
    """The class's Playground edits (niceness 0) get a core while a photo computes."""
    from tconv.engine.priority import BACKGROUND_NICE, thread_nice

    before = thread_nice()
    if before is None:
        pytest.skip("no per-thread niceness on this system")
    assert PHOTO_GATE.nice == BACKGROUND_NICE > before
    seen = {}

    def photo_work():
        with PHOTO_GATE.slot():
            seen["inside"] = thread_nice()
        seen["after"] = thread_nice()

    t = threading.Thread(target=photo_work)  # a session's script thread
    t.start()
    t.join()
    assert seen["inside"] == BACKGROUND_NICE
    # given back where the system allows lowering niceness (root, CAP_SYS_NICE)
    assert seen["after"] in (before, BACKGROUND_NICE)
    assert WorkGate(1).nice is None  # a gate without niceness leaves threads alone
