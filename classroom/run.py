"""A class of simulated students against one server (or a proxy): timings, errors,
isolation, and the server's memory before, during and after.

Bounded: at most :data:`MAX_STUDENTS` students, every action has a timeout, the whole
class has a time budget after which unfinished students are cancelled (and counted as
errors), and every websocket is closed at the end.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from classroom.client import Student
from classroom.lesson import (
    ACTIONS,
    UPLOAD_ACTIONS,
    Action,
    heavy_lesson,
    lesson,
    photo_jpeg,
    plan_for,
)

MAX_STUDENTS = 60
# After the latecomer: the server collects ended sessions every 5 s
# (tconv.ui.memory_return.PERIOD_S), so 7 s covers one collection.
REAP_WAIT_S = 7.0
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
GROUPS = ("playground", "views", "photo")
TARGET_P95_MS = {"playground": 1000, "views": 1000, "photo": 3000}
MEMORY_TARGET = 1.10  # after a class, the server's RSS at most 10% above the level before


def memory_met(before: float, after: float) -> bool:
    """The memory target: RSS after the class within 10% of the level before it (both
    measured by :func:`settled_rss`)."""
    return after <= MEMORY_TARGET * before


@dataclass
class ClassResult:
    students: int
    uploads: int
    actions: list[Action] = field(default_factory=list)
    heavy: list[Action] = field(default_factory=list)
    seconds: float = 0.0
    rss_before: float | None = None
    rss_peak: float | None = None
    rss_after: float | None = None
    cancelled: int = 0

    def cpu_ms(self, group: str) -> float | None:
        """Median server CPU ms of the group's actions (a class of one only)."""
        t = [a.cpu_ms for a in self.actions if a.group == group and a.cpu_ms is not None]
        return statistics.median(t) if t else None

    def times(self, group: str) -> list[float]:
        return [a.ms for a in self.actions if a.group == group and a.ms is not None]

    def percentile(self, group: str, q: float) -> float | None:
        t = sorted(self.times(group))
        if not t:
            return None
        if len(t) == 1:
            return t[0]
        return statistics.quantiles(t, n=100, method="inclusive")[round(q) - 1]

    @property
    def errors(self) -> list[str]:
        errs = [f"student {a.student}, {a.name}: {p}" for a in self.actions for p in a.problems]
        return errs + [f"{self.cancelled} student(s) cancelled at the time budget"] * bool(
            self.cancelled
        )

    @property
    def isolation_failures(self) -> list[Action]:
        return [a for a in self.actions if not a.isolation]

    def expected_actions(self) -> int:
        return ACTIONS * self.students + UPLOAD_ACTIONS * self.uploads


class Sampler:
    """Samples a process's RSS every ``every`` seconds while a class runs; keeps the peak."""

    def __init__(self, rss: Callable[[], float] | None, every: float = 0.2):
        self.rss, self.every, self.peak = rss, every, None
        self._task = None

    async def _loop(self):
        while True:
            self.sample()
            await asyncio.sleep(self.every)

    def sample(self) -> float | None:
        if self.rss is None:
            return None
        value = self.rss()
        self.peak = value if self.peak is None else max(self.peak, value)
        return value

    def __enter__(self):
        self._task = asyncio.get_running_loop().create_task(self._loop())
        return self

    def __exit__(self, *exc):
        self._task.cancel()
        self.sample()


async def run_class(
    url: str,
    students: int,
    *,
    upload_every: int = 5,
    think: tuple[float, float] = (0.5, 1.5),
    budget_s: float = 300.0,
    action_timeout: float = 60.0,
    rss: Callable[[], float] | None = None,
    heavy_user: bool = False,
    start_spread_s: float = 1.0,
    settle_s: float = 0.0,
    cpu: Callable[[], float] | None = None,
    reap: bool = False,
    settle_before: bool = False,
) -> ClassResult:
    """Every student runs :func:`classroom.lesson.lesson` at once (starts spread over
    ``start_spread_s``); every ``upload_every``-th student also uploads a 12 Mpx photo.
    ``rss`` (a callable giving the server's RSS in MiB) is sampled before, during, and
    ``settle_s`` seconds after every session has closed. ``heavy_user`` adds one more
    student doing the heaviest photo work for as long as the class runs. ``cpu`` (the
    server's CPU seconds so far) times each action's server work in a class of one.

    Streamlit keeps a closed session (its state, uploads and images) for
    ``server.disconnectedSessionTTL`` seconds and lets it go at the next session
    activity after that; ``reap`` opens and closes one more session after ``settle_s``
    (a latecomer) so that the memory after the class is measured once that happened;
    ``settle_before`` measures the level before the class the same way
    (:func:`settled_rss`), after the sessions that came before (a warm-up) have gone."""
    host = urllib.parse.urlsplit(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"the harness only talks to this machine (127.0.0.1), not {host}")
    if not 1 <= students <= MAX_STUDENTS:
        raise ValueError(f"students must be 1 to {MAX_STUDENTS}, not {students}")
    plans = [
        plan_for(i, upload_every > 0 and i % upload_every == upload_every - 1)
        for i in range(students)
    ]
    photos = {p.index: photo_jpeg(*p.upload_hw, seed=p.index) for p in plans if p.upload_hw}
    heavy_photo = photo_jpeg(3000, 4000, seed=999) if heavy_user else None
    result = ClassResult(students, len(photos))
    result.rss_before = (
        await settled_rss(url, rss, settle_s, reap, action_timeout)
        if settle_before
        else Sampler(rss).sample()
    )
    clients = [Student(url, timeout=action_timeout, name=f"student{p.index}") for p in plans]
    t0 = time.monotonic()

    async def one(client: Student, plan, delay: float) -> list[Action]:
        await asyncio.sleep(delay)
        try:
            return await lesson(
                client,
                plan,
                think=think,
                photo=photos.get(plan.index),
                cpu=cpu if students == 1 else None,
            )
        finally:
            await client.close()

    with Sampler(rss) as sampler:
        tasks = [
            asyncio.create_task(one(c, p, start_spread_s * i / max(students, 1)))
            for i, (c, p) in enumerate(zip(clients, plans, strict=True))
        ]
        heavy_task, stop, heavy_actions = None, asyncio.Event(), []
        if heavy_photo is not None:
            heavy = Student(url, timeout=max(action_timeout, 120), name="heavy")

            async def heavy_run():
                try:
                    return await heavy_lesson(heavy, heavy_photo, stop, heavy_actions)
                finally:
                    await heavy.close()

            heavy_task = asyncio.create_task(heavy_run())
        done, pending = await asyncio.wait(tasks, timeout=budget_s)
        for task in pending:
            task.cancel()
        result.cancelled = len(pending)
        for task in tasks:
            if task in done and task.exception() is None:
                result.actions += task.result()
            elif task in done:
                result.actions.append(
                    Action(-1, "lesson", "lesson", None, [repr(task.exception())])
                )
        if heavy_task is not None:
            stop.set()  # the class is over: the heavy user stops after its current action
            try:
                await asyncio.wait_for(heavy_task, heavy.timeout + 10)
            except TimeoutError:
                heavy_actions.append(Action(-1, "heavy", "heavy", None, ["did not stop in time"]))
            result.heavy = heavy_actions
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        result.seconds = time.monotonic() - t0
    result.rss_peak = sampler.peak
    result.rss_after = await settled_rss(url, rss, settle_s, reap, action_timeout)
    return result


async def settled_rss(
    url: str,
    rss: Callable[[], float] | None,
    settle_s: float = 0.0,
    reap: bool = False,
    timeout: float = 60.0,
) -> float | None:
    """The server's RSS once closed sessions are gone: ``settle_s`` seconds of quiet
    (more than ``server.disconnectedSessionTTL``), then, with ``reap``, one latecomer's
    session opened and closed (Streamlit lets expired sessions go at the next session
    activity) and :data:`REAP_WAIT_S` more (one of the server's periodic collections).
    :func:`run_class` measures the level before a class and after it the same way, so
    that a session still held (the warm-up's, or a student's) counts alike on both
    sides."""
    if settle_s > 0:
        await asyncio.sleep(settle_s)
    if reap:
        latecomer = Student(url, timeout=timeout, name="latecomer")
        try:
            await latecomer.open("")
        finally:
            await latecomer.close()
        await asyncio.sleep(REAP_WAIT_S)
    return Sampler(rss).sample()
