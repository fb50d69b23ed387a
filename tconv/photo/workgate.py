"""At most K heavy photo computations at once, process-wide, whoever asks.

A photo's decode or upsample holds a few hundred MB for a few seconds (measured: a
4096 x 4096 result about 0.6-0.9 GB over the warm process, a 50-megapixel upload about
0.25 GB). Without a limit, four students uploading at once took the server from 0.46 to
7.2 GB. The gate is a counting semaphore: a computation takes a slot and waits for one
when all are taken; the page shows that it is waiting (``free()``, ``last_wait()``).

K = 2 (:data:`PHOTO_SLOTS`): the server has 2 cores, so a third computation would not
finish sooner, only hold its memory longer; two at the cap stay under about 2 GB.

A slot's holder (and the engine's helper threads it starts) runs at niceness
:data:`tconv.engine.priority.BACKGROUND_NICE`: the photo work still takes every idle
cycle, but another student's Playground edit gets a core when it needs one, so one heavy
user cannot stall the class (README, "One server for a class").
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from tconv.engine.priority import BACKGROUND_NICE, niceness

PHOTO_SLOTS = 2


class WorkGate:
    """A process-wide limit of ``slots`` computations at once (thread-safe); ``nice``
    (None: unchanged) is the niceness its holders compute at."""

    def __init__(self, slots: int, nice: int | None = None):
        if slots < 1:
            raise ValueError(f"slots ({slots}) must be at least 1")
        self.slots = slots
        self.nice = nice
        self._sem = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._taken = 0
        self._waiting = 0
        self._local = threading.local()

    def free(self) -> int:
        """Slots free right now (a hint: another thread may take one the next moment)."""
        with self._lock:
            return self.slots - self._taken

    def waiting(self) -> int:
        """Computations waiting for a slot right now."""
        with self._lock:
            return self._waiting

    def last_wait(self) -> float:
        """Seconds this thread waited for its last slot (0.0 when it never waited)."""
        return getattr(self._local, "waited", 0.0)

    def reset_wait(self) -> None:
        self._local.waited = 0.0

    @contextmanager
    def slot(self):
        """Hold one slot for the duration of the ``with`` block; wait for one if needed."""
        t0 = time.perf_counter()
        if not self._sem.acquire(blocking=False):
            with self._lock:
                self._waiting += 1
            try:
                self._sem.acquire()
            finally:
                with self._lock:
                    self._waiting -= 1
        self._local.waited = getattr(self._local, "waited", 0.0) + time.perf_counter() - t0
        with self._lock:
            self._taken += 1
        try:
            with niceness(self.nice):
                yield
        finally:
            with self._lock:
                self._taken -= 1
            self._sem.release()


PHOTO_GATE = WorkGate(PHOTO_SLOTS, nice=BACKGROUND_NICE)
