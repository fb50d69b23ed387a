"""The classroom harness's memory check catches a real leak and passes an app that lets
go of its sessions.

Both sides run on a real ``streamlit run`` (tests/classroom_leak_app.py, one page) with
the harness's own procedure: the level before is :func:`classroom.run.settled_rss` (the
sessions' time to live passed, a latecomer reaped the closed sessions), six students
open and close a session holding 8 MiB each, the level after is measured the same way,
and :func:`classroom.run.memory_met` judges it as the bench's rows do.
"""

from __future__ import annotations

import asyncio

import pytest

from classroom.async_run import run_async
from classroom.client import Student
from classroom.lesson import photo_jpeg
from classroom.run import memory_met, settled_rss
from classroom.server import app_server

pytestmark = pytest.mark.slow
TTL_S = 2
STUDENTS = 6


async def _class(url: str, rss, query: str) -> tuple[float, float]:
    before = await settled_rss(url, rss, TTL_S + 2, reap=True)
    students = [Student(url, timeout=60, name=f"s{i}") for i in range(STUDENTS)]
    try:
        for s in students:
            run = await s.open("", query)
            assert not run.exceptions, run.exceptions
    finally:
        await asyncio.gather(*(s.close() for s in students))
    return before, await settled_rss(url, rss, TTL_S + 2, reap=True)


@pytest.mark.parametrize("leak", [False, True])
def test_the_memory_check_fails_a_leak_and_passes_released_sessions(leak):
    with app_server(
        script="tests/classroom_leak_app.py",
        options={"server.disconnectedSessionTTL": TTL_S},
    ) as server:
        run_async(_class(server.url, server.rss_mib, ""))  # imports, first allocations
        before, after = run_async(_class(server.url, server.rss_mib, "leak=1" * leak))
    grown = after - before
    if leak:  # 6 x 8 MiB kept: the check must fail
        assert grown > 0.8 * STUDENTS * 8, (before, after)
        assert not memory_met(before, after), (before, after)
    else:  # the same blocks in session state: gone with the sessions
        assert grown < 16, (before, after)  # allocator noise, well under the 48 MiB
        assert memory_met(before, after), (before, after)


async def _first_session_uploads(url: str, rss) -> tuple[float, float]:
    s = Student(url, timeout=120, name="first")
    try:
        await s.open("photo")
        await s.set(photo_source="Upload")
        run = await s.upload("photo_upload", "first.jpg", photo_jpeg(3000, 4000), "image/jpeg")
        assert not run.exceptions and not run.errors, (run.exceptions, run.errors)
        holding = rss()
    finally:
        await s.close()
    return holding, await settled_rss(url, rss, TTL_S + 2, reap=True)


def test_the_first_session_of_a_server_is_let_go_like_any_other():
    """The app's server freezes its libraries before any session exists (tconv/ui/serve.py):
    when app.py froze them on its first run, the first session was frozen with them and
    its upload (the bytes, the decoded photo, its result: about 35 MiB here) stayed for
    the life of the process."""
    with app_server(options={"server.disconnectedSessionTTL": TTL_S}) as server:
        holding, after = run_async(_first_session_uploads(server.url, server.rss_mib))
    assert holding - after > 20, (holding, after)
