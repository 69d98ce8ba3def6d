"""pyHanko's coroutines are run from sync code, also where the thread already runs an event
loop (an async caller, or Playwright's synchronous API in the browser tests)."""

from __future__ import annotations

import asyncio

from hotro.core import aio


async def answer() -> int:
    await asyncio.sleep(0)
    return 42


def test_without_a_running_loop() -> None:
    assert aio.run(answer()) == 42


def test_inside_a_running_loop() -> None:
    async def caller() -> int:
        return aio.run(answer())  # asyncio.run() here would raise RuntimeError

    assert asyncio.run(caller()) == 42
