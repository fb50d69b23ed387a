"""Run a coroutine to completion, even while another library keeps an event
loop running on this thread (Playwright's sync API does, for the whole browser session):
``asyncio.run`` refuses there, so the coroutine gets a fresh loop on a thread of its own."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run_async(coro):
    """``asyncio.run(coro)`` on a new thread; its result, or its exception re-raised."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
